"""Checkout endpoints of the portal (guest-callable with the order's checkout key, rate-limited)."""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from performancewest_erpnext.pw_checkout import checkout
from performancewest_erpnext.request_guard import BadRequestError, text


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=30, seconds=60 * 60)
def start(
	method: str | None = None, order: str | None = None, key: str | None = None, invoice: str | None = None
) -> dict:
	"""The provider's payment page for the order (or invoice), paid with `method`."""
	method = text(method, _("Payment method"), 40)
	order, invoice = text(order, _("Order"), required=False), text(invoice, _("Invoice"), required=False)
	if not order and not invoice:
		frappe.throw(_("Name the order or the invoice to pay."), BadRequestError)
	return {"url": checkout.start(method, order, text(key, _("Checkout key"), required=False), invoice)}


@frappe.whitelist(methods=["POST"])
def refund(payment_entry: str, amount: float | None = None, reason: str = "requested_by_customer") -> str:
	"""Desk: refund a Stripe or PayPal payment (Accounts Manager); returns the refund's Payment Entry."""
	from performancewest_erpnext.pw_checkout import refunds

	return refunds.refund(payment_entry, amount or None, reason)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=10, seconds=60 * 60)
def verify_identity() -> dict:
	"""Portal: start Stripe Identity for the logged-in customer."""
	from performancewest_erpnext.pw_checkout import identity
	from performancewest_erpnext.pw_orders.customers import customer_of

	customer = customer_of(frappe.session.user)
	if not customer:
		frappe.throw(frappe._("Your account is not linked to a customer."), frappe.PermissionError)
	return {"url": identity.start(customer)}


@frappe.whitelist(methods=["POST"])
def add_paypal_tracking(payment_entry: str, tracking_number: str, carrier: str = "USPS") -> None:
	"""Desk: tell PayPal how the order's documents were shipped (Accounts Manager)."""
	from performancewest_erpnext.pw_checkout import paypal_gateway

	frappe.only_for(("Accounts Manager", "System Manager"))
	pe = frappe.get_doc("Payment Entry", payment_entry)
	if pe.docstatus != 1 or pe.mode_of_payment != "PayPal" or pe.payment_type != "Receive":
		frappe.throw(frappe._("Only a submitted PayPal payment takes tracking."))
	if not tracking_number or len(tracking_number) > 64:
		frappe.throw(frappe._("Give a tracking number of at most 64 characters."))
	paypal_gateway.add_tracking(pe.reference_no, tracking_number.strip(), carrier, pe)
	pe.add_comment("Info", frappe._("Tracking {0} ({1}) sent to PayPal.").format(tracking_number, carrier))
