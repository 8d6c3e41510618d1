import frappe
from frappe import _

no_cache = 1


def get_context(context):
	name = frappe.form_dict.order or frappe.form_dict.invoice
	if not name:
		raise frappe.DoesNotExistError(_("No such order."))
	context.title = _("Thank you")
	context.reference = name
	context.no_breadcrumbs = True
