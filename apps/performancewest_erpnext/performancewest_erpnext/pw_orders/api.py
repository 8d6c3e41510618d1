"""Whitelisted endpoints of ordering and fulfilment: the portal's (guest-callable, rate-limited) and
the desk's (staff)."""

from typing import Any

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from performancewest_erpnext.pw_checkout import surcharges
from performancewest_erpnext.pw_checkout.checkout import checkout_url
from performancewest_erpnext.pw_orders import customers, engine, orders

ORDER = "Service Order"


@frappe.whitelist(allow_guest=True)
@rate_limit(limit=120, seconds=60)
def quote(items: Any = None, payment_method: str | None = None) -> dict:
	"""Prices, government fees, discount and the payment method's surcharge of a would-be order."""
	q = orders.make_quote(orders.parse_items(items))
	result = orders.quote_as_dict(q)
	if payment_method:
		row, amount = surcharges.for_method(payment_method, q.total)
		if amount:
			result["surcharge"] = {"label": row.label, "amount": float(amount)}
			result["total"] = float(q.total + amount)
	return result


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=10, seconds=60 * 60)
def place_order(
	items: Any = None, payment_method: str = "Card", signup: Any = None, agent: str | None = None
) -> dict:
	"""Place an order as the logged-in customer, or sign up a new customer in the same step. `agent`: a
	referral code (else the one the order page remembered); it counts for the customer's first order."""
	from performancewest_erpnext.pw_business import commissions

	selections = orders.parse_items(items)
	orders.make_quote(selections)  # every field checked before anything is written
	if frappe.session.user == "Guest":
		customer, email = customers.sign_up(signup)
	else:
		email = frappe.session.user
		customer = customers.customer_of(email)
		if not customer:
			frappe.throw(
				_("Your account is not linked to a customer; please contact us."), frappe.PermissionError
			)
	partner = commissions.partner_for_order(customer, agent)
	order = orders.place_order(items, customer, payment_method, email, sales_partner=partner)
	return {
		"order": order.name,
		"status": order.status,
		"sales_invoice": order.sales_invoice,
		"total": order.grand_total,
		"new_account": frappe.session.user == "Guest",
		"checkout_url": checkout_url(order),
	}


@frappe.whitelist(methods=["POST"])
def submit_client_selection(order: str, data: Any) -> int:
	"""The customer's choices an order waits for (mailbox, number, domain, categories ...)."""
	doc = frappe.get_doc(ORDER, order)
	if customers.customer_of(frappe.session.user) != doc.customer and not frappe.has_permission(
		ORDER, "write", doc
	):
		frappe.throw(_("Not your order."), frappe.PermissionError)
	data = frappe.parse_json(data) if isinstance(data, str) else data
	if not isinstance(data, dict) or not data:
		frappe.throw(_("Nothing was selected."))
	return engine.notify(order, "client_selection", data)


@frappe.whitelist(methods=["POST"])
def approve(order: str) -> None:
	orders.approve(order)


@frappe.whitelist(methods=["POST"])
def cancel(order: str, reason: str) -> None:
	orders.cancel(order, reason)


@frappe.whitelist(methods=["POST"])
def mark_funds_cleared(order: str) -> None:
	frappe.get_doc(ORDER, order).check_permission("write")
	orders.funds_cleared(order, _("Funds cleared by {0}.").format(frappe.session.user))


@frappe.whitelist(methods=["POST"])
def retry(order: str, step: str | None = None) -> int:
	frappe.get_doc(ORDER, order).check_permission("write")
	return engine.retry(order, step)


@frappe.whitelist(methods=["POST"])
def resume(order: str) -> str:
	frappe.get_doc(ORDER, order).check_permission("write")
	return engine.advance(order)
