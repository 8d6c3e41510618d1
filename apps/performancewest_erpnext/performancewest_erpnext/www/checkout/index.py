"""Portal checkout: /checkout?order=<Service Order>&key=<its checkout key> (or logged in as its customer)."""

import frappe
from frappe import _

from performancewest_erpnext.pw_checkout import checkout, surcharges

no_cache = 1


def get_context(context):
	invoice, order = checkout.payable(frappe.form_dict.order, frappe.form_dict.invoice, frappe.form_dict.key)
	accounts = surcharges.surcharge_accounts()
	context.title = (
		_("Pay order {0}").format(order.name) if order else _("Pay invoice {0}").format(invoice.name)
	)
	context.order = order
	context.invoice = invoice
	context.current_method = order.payment_method if order else None
	context.key = frappe.form_dict.key or ""
	context.lines = [(row.description, row.qty, row.amount) for row in invoice.items]
	context.charges = [(t.description, t.tax_amount) for t in invoice.taxes if t.account_head not in accounts]
	context.options = checkout.options(invoice)
	# what the invoice says now; the method picked on the page updates both
	context.surcharge = float(surcharges.surcharge_rows(invoice, accounts))
	context.total = invoice.outstanding_amount if invoice.docstatus == 1 else invoice.grand_total
	settings = frappe.get_cached_doc("Performance West Settings")
	context.bank_transfer_instructions = settings.bank_transfer_instructions
	context.support_email = settings.support_email
	context.is_staff = frappe.session.user != "Guest" and frappe.has_permission(
		"Performance West Settings", "read"
	)
	context.payable = (order.status == "Awaiting Payment") if order else invoice.outstanding_amount > 0
	context.cancelled = bool(frappe.form_dict.cancelled)
	context.no_breadcrumbs = True
