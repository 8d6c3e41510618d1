"""/portal/documents: the customer's documents, with downloads and the signatures waiting."""

import frappe
from frappe import _

from performancewest_erpnext.pw_portal import dashboard
from performancewest_erpnext.pw_portal.pages import portal_context

no_cache = 1


def get_context(context):
	customer = portal_context(context, "/portal/documents", _("Documents"))
	context.documents = dashboard.documents(customer)
	context.signatures = dashboard.signatures(customer, frappe.session.user)
