"""Portal: the customer's identity verification (the gate before any filing), through Stripe Identity."""

import frappe
from frappe import _

from performancewest_erpnext.pw_orders.customers import customer_of

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.throw(_("Log in to verify your identity."), frappe.PermissionError)
	customer = customer_of(frappe.session.user)
	context.title = _("Verify your identity")
	context.customer = customer
	context.status = customer and frappe.db.get_value(
		"Identity Verification", {"customer": customer}, "status", order_by="modified desc"
	)
	context.stripe = bool(frappe.db.get_single_value("Stripe Checkout Settings", "enabled"))
	context.parents = [{"name": _("My Account"), "route": "/me"}]
