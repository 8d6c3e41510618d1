# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class SHKeeperSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		api_key: DF.Password
		api_url: DF.Data
		enabled: DF.Check
		enabled_coins: DF.SmallText
		payment_window_minutes: DF.Int
	# end: auto-generated types

	def validate(self) -> None:
		if not self.enabled:
			return
		missing = [self.meta.get_label(f) for f in ("api_url", "api_key") if not self.get(f)]
		if missing:
			frappe.throw(_("To enable SHKeeper, set: {0}").format(", ".join(missing)), frappe.MandatoryError)
