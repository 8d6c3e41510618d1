"""/portal: the customer's dashboard."""

import frappe
from frappe import _

from performancewest_erpnext.pw_portal import dashboard
from performancewest_erpnext.pw_portal.pages import portal_context

no_cache = 1


def get_context(context):
	customer = portal_context(context, "/portal", _("Dashboard"))
	context.update(dashboard.dashboard(customer, frappe.session.user))
