# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from frappe_crypto.shkeeper import gateway


class SHKeeperSettings(Document):
	"""The SHKeeper gateway: ERPNext Payment Requests get their payment URL (the crypto pay page)
	from it, and it registers itself as the `SHKeeper` Payment Gateway when enabled."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		api_key: DF.Password
		api_url: DF.Data
		callback_base_url: DF.Data | None
		enabled: DF.Check
		enabled_coins: DF.SmallText
		fiat_currencies: DF.SmallText | None
		legacy_api_key_auth: DF.Check
		payment_window_minutes: DF.Int
		payout_password: DF.Password | None
		payout_user: DF.Password | None
		shkeeper_timezone: DF.Data | None
		timeout_seconds: DF.Int
	# end: auto-generated types

	def validate(self) -> None:
		if not self.enabled:
			return
		missing = [self.meta.get_label(f) for f in ("api_url", "api_key") if not self.get(f)]
		if missing:
			frappe.throw(_("To enable SHKeeper, set: {0}").format(", ".join(missing)), frappe.MandatoryError)
		if self.shkeeper_timezone:
			import zoneinfo

			try:
				zoneinfo.ZoneInfo(self.shkeeper_timezone)
			except (zoneinfo.ZoneInfoNotFoundError, ValueError):
				frappe.throw(_("Unknown time zone: {0}").format(self.shkeeper_timezone))

	def on_update(self) -> None:
		if self.enabled:
			gateway.register()

	def coins(self) -> list[str]:
		return [c.strip() for c in (self.enabled_coins or "").splitlines() if c.strip()]

	def currencies(self) -> list[str]:
		listed = [c.strip().upper() for c in (self.fiat_currencies or "").splitlines() if c.strip()]
		return listed or ["USD", "EUR"]  # SHKeeper's own fiat currencies

	# ----- what ERPNext's Payment Request asks of a gateway controller -----

	def validate_transaction_currency(self, currency: str) -> None:
		if currency not in self.currencies():
			frappe.throw(
				_("SHKeeper takes {0}; this request is in {1}.").format(
					", ".join(self.currencies()), currency
				)
			)

	def get_payment_url(self, **kwargs) -> str:
		if not self.enabled:
			frappe.throw(_("Crypto payments are not enabled."))
		return gateway.pay_page_url(kwargs["reference_docname"])
