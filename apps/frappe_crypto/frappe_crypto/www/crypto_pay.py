"""The crypto pay page: /crypto-pay?pr=<Payment Request>&sig=<signature> (the link SHKeeper
Settings.get_payment_url gives ERPNext). Guests may open it: the signature is the permission."""

import frappe
from frappe import _

from frappe_crypto.shkeeper import gateway

no_cache = 1


def get_context(context):
	pr, sig = frappe.form_dict.pr, frappe.form_dict.sig
	context.no_breadcrumbs = True
	context.valid = gateway.check_link(pr, sig) and frappe.db.exists(
		"Payment Request", {"name": pr, "docstatus": 1}
	)
	if not context.valid:
		frappe.local.response.http_status_code = 403
		context.title = _("Payment link not valid")
		return context
	request = frappe.get_doc("Payment Request", pr)
	context.title = _("Pay with crypto")
	context.pr, context.sig = pr, sig
	context.request = request
	context.company = frappe.db.get_value(request.reference_doctype, request.reference_name, "company")
	context.amount = frappe.format_value(
		request.grand_total, {"fieldtype": "Currency", "options": "currency"}, request
	)
	context.already = frappe.db.exists("Crypto Invoice", pr) and frappe.db.get_value(
		"Crypto Invoice", pr, ["coin", "status"], as_dict=True
	)
	return context
