# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from frappe_adyen.adyen import gateway


class AdyenSettings(Document):
	"""The Adyen gateway: ERPNext Payment Requests get their payment URL (the Drop-in pay page) from it,
	and it registers itself as the `Adyen` Payment Gateway when enabled."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		api_key: DF.Password
		client_key: DF.Password
		country_code: DF.Data | None
		drop_in_script_url: DF.Data | None
		drop_in_style_url: DF.Data | None
		enabled: DF.Check
		environment: DF.Literal["Test", "Live"]
		hmac_key: DF.Password
		live_url_prefix: DF.Data
		merchant_account: DF.Data
		payment_methods: DF.SmallText | None
		timeout_seconds: DF.Int
		webhook_user: DF.Link | None
	# end: auto-generated types

	def validate(self) -> None:
		unknown = [
			m.strip()
			for m in (self.payment_methods or "").splitlines()
			if m.strip() and m.strip() not in gateway.METHOD_TYPES
		]
		if unknown:
			frappe.throw(
				_("Unknown payment methods: {0}. Adyen takes {1}.").format(
					", ".join(unknown), ", ".join(gateway.METHOD_TYPES)
				)
			)
		if self.country_code:
			self.country_code = self.country_code.strip().upper()
		if not self.enabled:
			return
		required = ["merchant_account", "api_key", "client_key", "hmac_key"]
		if self.environment == "Live":
			# live endpoints are addressed through the account's own URL prefix
			required.append("live_url_prefix")
		missing = [self.meta.get_label(f) for f in required if not self.get(f)]
		if missing:
			frappe.throw(_("To enable Adyen, set: {0}").format(", ".join(missing)), frappe.MandatoryError)
		hmac_key = self.get("hmac_key")
		if hmac_key and "*" not in hmac_key:
			try:
				bytes.fromhex(hmac_key)
			except ValueError:
				frappe.throw(_("The HMAC key is the hexadecimal key Adyen shows for the webhook."))

	def on_update(self) -> None:
		if self.enabled:
			gateway.register()

	# ----- what ERPNext's Payment Request asks of a gateway controller -----

	def validate_transaction_currency(self, currency: str) -> None:
		if not currency or len(currency) != 3 or not currency.isalpha():
			frappe.throw(
				_("Adyen needs a three-letter currency code; this request is in {0}.").format(currency)
			)

	def get_payment_url(self, **kwargs) -> str:
		if not self.enabled:
			frappe.throw(_("Adyen payments are not enabled."))
		return gateway.pay_page_url(kwargs["reference_docname"])

	# ----- desk -----

	@frappe.whitelist(methods=["POST"])
	def generate_webhook_credentials(self) -> dict:
		"""A user of its own for Adyen's webhook and a new API key and secret: Adyen sends them as the
		basic-auth username and password (Frappe authenticates them before the endpoint runs)."""
		frappe.only_for("System Manager")
		email = f"adyen-webhook@{frappe.local.site}"
		if not frappe.db.exists("User", email):
			frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": "Adyen Webhook",
					"user_type": "Website User",
					"send_welcome_email": 0,
				}
			).insert(ignore_permissions=True)
		user = frappe.get_doc("User", email)
		api_key = user.api_key or frappe.generate_hash(length=15)
		api_secret = frappe.generate_hash(length=24)
		user.api_key = api_key
		user.api_secret = api_secret
		user.save(ignore_permissions=True)
		self.db_set("webhook_user", email)
		return {
			"url": frappe.utils.get_url("/api/method/frappe_adyen.adyen.webhooks.notifications"),
			"username": api_key,
			"password": api_secret,
		}
