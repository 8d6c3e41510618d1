# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class AdyenSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		api_key: DF.Password
		client_key: DF.Data
		enabled: DF.Check
		environment: DF.Literal["Test", "Live"]
		hmac_key: DF.Password
		live_url_prefix: DF.Data
		merchant_account: DF.Data
	# end: auto-generated types

	def validate(self) -> None:
		if not self.enabled:
			return
		required = ["merchant_account", "api_key", "hmac_key"]
		if self.environment == "Live":
			# live endpoints are addressed through the account's own URL prefix
			required.append("live_url_prefix")
		missing = [self.meta.get_label(f) for f in required if not self.get(f)]
		if missing:
			frappe.throw(_("To enable Adyen, set: {0}").format(", ".join(missing)), frappe.MandatoryError)
