"""/portal/orders/<name>: one order of the customer, step by step, with its documents, the signatures
it waits for and its invoice. Another customer's order does not exist here (404)."""

import frappe
from frappe import _

from performancewest_erpnext.pw_portal import dashboard
from performancewest_erpnext.pw_portal.pages import portal_context

no_cache = 1


def get_context(context):
	name = (frappe.form_dict.name or "").strip("/ ")
	customer = portal_context(context, "/portal/orders", _("Order"))
	if not name:
		frappe.local.flags.redirect_location = "/portal/orders"
		raise frappe.Redirect
	found = dashboard.orders(customer, name=name)
	if not found:
		raise frappe.PageDoesNotExistError(_("No order {0} on your account.").format(name))
	context.order = found[0]
	context.title = _("Order {0}").format(name)
	context.documents = dashboard.documents(customer, order=name)
	context.signatures = dashboard.signatures(customer, frappe.session.user, order=name)
	invoice = context.order["sales_invoice"]
	context.invoices = dashboard.invoices(customer, names=[invoice] if invoice else [])
	from performancewest_erpnext.pw_business.tickets import tickets

	context.tickets = tickets(customer, order=name)
