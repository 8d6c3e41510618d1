"""/portal/tickets: the customer's support tickets and a form to open one (about an order if asked)."""

import frappe
from frappe import _

from performancewest_erpnext.pw_business import tickets
from performancewest_erpnext.pw_portal import dashboard
from performancewest_erpnext.pw_portal.pages import portal_context

no_cache = 1


def get_context(context):
	customer = portal_context(context, "/portal/tickets", _("Support"))
	context.tickets = tickets.tickets(customer)
	context.orders = [o["name"] for o in dashboard.orders(customer)]
	wanted = frappe.form_dict.order
	context.selected_order = wanted if wanted in context.orders else None
