import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from pw_compliance.calendar.entries import ENTRY, PROFILE

no_cache = 1


def get_context(context):
	"""The carrier's own compliance calendar and profile, read-only."""
	if frappe.session.user == "Guest":
		frappe.throw(_("Log in to see your compliance calendar"), frappe.PermissionError)
	from erpnext.controllers.website_list_for_contact import get_customers_suppliers

	customers, _suppliers = get_customers_suppliers(ENTRY, frappe.session.user)
	context.title = _("Compliance Calendar")
	context.parents = [{"name": _("My Account"), "route": "/me"}]
	context.today = getdate(nowdate())
	context.profiles = frappe.get_all(PROFILE, filters={"customer": ("in", customers or [""])}, fields=["*"])
	context.entries = frappe.get_all(
		ENTRY,
		filters={"customer": ("in", customers or [""]), "status": ("!=", "Closed")},
		fields=["title", "period", "due_date", "status", "sales_invoice", "rule_text", "source"],
		order_by="due_date asc",
	)
	context.overdue = sum(e.status == "Overdue" for e in context.entries)
