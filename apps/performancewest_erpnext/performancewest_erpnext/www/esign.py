"""/esign?token=...: the signer reviews the document, agrees to sign electronically, draws or types the
signature. A refused link (malformed, tampered, expired, used, wrong signer) gets a page saying why,
with a 4xx status (set by `pw_documents.web.ESignPage`)."""

from urllib.parse import quote

import frappe
from frappe import _

from performancewest_erpnext.pw_documents import esign
from performancewest_erpnext.pw_documents.core.tokens import LinkError

no_cache = 1
sitemap = 0


def get_context(context):
	context.no_breadcrumbs = True
	context.title = _("Sign a document")
	token = frappe.form_dict.get("token") or ""
	try:
		request = esign.check_link(token)
	except LinkError as e:
		status, message = esign.refusal(e)
		context.refused = True
		context.http_status_code = status
		context.reason = e.reason
		context.message = message
		context.title = _("This link cannot be used")
		return context
	doc = frappe.db.get_value(
		"Order Document", request.order_document, ["title", "page_count", "service_order"], as_dict=True
	)
	context.refused = False
	context.token = token
	context.request_name = request.name
	context.signer_name = request.signer_name
	context.document_title = doc.title
	context.page_count = doc.page_count
	context.service_order = doc.service_order
	context.expires_on = request.expires_on
	context.consent_text = esign.consent_text_setting()
	context.pdf_url = "/api/method/performancewest_erpnext.pw_documents.api.esign_pdf?token=" + quote(token)
	return context
