# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from performancewest_erpnext.pw_checkout import gateways, stripe_gateway


class StripeCheckoutSettings(gateways.GatewaySettings, Document):
	"""The Stripe Checkout gateway: ERPNext Payment Requests get their payment URL from it."""

	gateway_title = "Stripe checkout"

	def validate(self) -> None:
		if self.enabled:
			for field in ("secret_key", "webhook_secret"):
				if not self.get_password(field, raise_exception=False):
					frappe.throw(_("{0} is required to enable Stripe.").format(self.meta.get_label(field)))
			key = self.get_password("secret_key", raise_exception=False) or ""
			if key.startswith("sk_live_") == bool(self.test_mode):
				frappe.throw(_("Test mode needs a test key (sk_test_…) and live mode a live key."))

	def on_update(self) -> None:
		if self.enabled:
			gateways.register(stripe_gateway.GATEWAY, stripe_gateway.SETTINGS)

	def create_payment_page(self, payment_request: Document, success_url: str, cancel_url: str) -> str:
		return stripe_gateway.create_checkout_session(payment_request, success_url, cancel_url)["url"]
