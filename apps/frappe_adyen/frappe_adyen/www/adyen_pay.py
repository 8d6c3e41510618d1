"""The Adyen pay page: /adyen-pay?pr=<Payment Request>&sig=<signature> (the link Adyen
Settings.get_payment_url gives ERPNext). Guests may open it: the signature is the permission."""

import frappe
from frappe import _

from frappe_adyen.adyen import gateway

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
	context.title = _("Pay {0}").format(request.reference_name)
	context.pr, context.sig = pr, sig
	context.request = request
	context.method = request.mode_of_payment
	context.paid = request.status == "Paid"
	context.company = frappe.db.get_value(request.reference_doctype, request.reference_name, "company")
	context.amount = frappe.format_value(
		request.grand_total, {"fieldtype": "Currency", "options": "currency"}, request
	)
	context.script_url, context.style_url = gateway.drop_in_urls()
	settings = frappe.get_cached_doc(gateway.SETTINGS)
	# the Drop-in's client key is public by design (it only opens sessions this site created)
	context.client_key = settings.get_password("client_key", raise_exception=False) or ""
	context.environment = "live" if settings.environment == "Live" else "test"
	context.session_id = frappe.form_dict.sessionId or ""
	context.redirect_result = frappe.form_dict.redirectResult or ""
	return context
