"""/portal/invoices: the customer's invoices, with a pay link for each one not yet paid."""

from frappe import _

from performancewest_erpnext.pw_portal import dashboard
from performancewest_erpnext.pw_portal.pages import portal_context

no_cache = 1


def get_context(context):
	customer = portal_context(context, "/portal/invoices", _("Invoices"))
	context.invoices = dashboard.invoices(customer)
	context.unpaid = [i for i in context.invoices if i["unpaid"]]
