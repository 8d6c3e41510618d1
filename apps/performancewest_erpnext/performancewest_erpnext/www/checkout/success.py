import frappe
from frappe import _

no_cache = 1


def get_context(context):
	order = frappe.db.get_value("Service Order", frappe.form_dict.order, ["name", "status"], as_dict=True)
	if not order:
		raise frappe.DoesNotExistError(_("No such order."))
	context.title = _("Thank you")
	context.order = order
	context.no_breadcrumbs = True
