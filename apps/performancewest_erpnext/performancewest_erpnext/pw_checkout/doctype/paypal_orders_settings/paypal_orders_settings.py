# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from performancewest_erpnext.pw_checkout import gateways, paypal_gateway


class PayPalOrdersSettings(gateways.GatewaySettings, Document):
	"""The PayPal Orders v2 gateway: ERPNext Payment Requests get their approval URL from it."""

	gateway_title = "PayPal checkout"

	def validate(self) -> None:
		if self.enabled:
			if not self.client_id or not self.get_password("client_secret", raise_exception=False):
				frappe.throw(_("Client ID and Client Secret are required to enable PayPal."))
			if not self.webhook_id:
				frappe.throw(_("The Webhook ID is required: without it no payment can be confirmed."))

	def on_update(self) -> None:
		frappe.cache.delete_keys("pw_paypal_token")
		if self.enabled:
			gateways.register(paypal_gateway.GATEWAY, paypal_gateway.SETTINGS)

	def create_payment_page(self, payment_request: Document, success_url: str, cancel_url: str) -> str:
		return paypal_gateway.approve_link(
			paypal_gateway.create_order(payment_request, success_url, cancel_url)
		)
