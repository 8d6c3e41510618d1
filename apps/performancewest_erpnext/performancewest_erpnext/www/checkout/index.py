"""Portal checkout: /checkout?order=<Service Order>&key=<its checkout key> (or logged in as its customer)."""

import frappe
from frappe import _

from performancewest_erpnext.pw_checkout import checkout, surcharges

no_cache = 1


def get_context(context):
	order = checkout.order_for_checkout(frappe.form_dict.order, frappe.form_dict.key)
	invoice = frappe.get_doc("Sales Invoice", order.sales_invoice)
	accounts = surcharges.surcharge_accounts()
	context.title = _("Pay order {0}").format(order.name)
	context.order = order
	context.key = frappe.form_dict.key or ""
	context.lines = [(row.description, row.qty, row.amount) for row in invoice.items]
	context.charges = [(t.description, t.tax_amount) for t in invoice.taxes if t.account_head not in accounts]
	context.options = checkout.options(order)
	context.payable = order.status == "Awaiting Payment"
	context.cancelled = bool(frappe.form_dict.cancelled)
	context.no_breadcrumbs = True
