"""/portal/orders: every order of the customer with its progress."""

from frappe import _

from performancewest_erpnext.pw_portal import dashboard
from performancewest_erpnext.pw_portal.pages import portal_context

no_cache = 1


def get_context(context):
	customer = portal_context(context, "/portal/orders", _("Orders"))
	context.orders = dashboard.orders(customer)
