"""Whitelisted endpoints of the documents module: permission-checked downloads and the eSign page's
calls (viewing the document to sign, signing)."""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from performancewest_erpnext.pw_documents import storage
from performancewest_erpnext.pw_documents.core.tokens import LinkError


def _redirect(url: str) -> None:
	frappe.local.response["type"] = "redirect"
	frappe.local.response["location"] = url
	frappe.local.response["http_status_code"] = 302


@frappe.whitelist(methods=["GET"])
def download(name: str) -> None:
	"""Redirect (302) the reader to an expiring link to the document's PDF, if they may read it."""
	if not isinstance(name, str) or not frappe.db.exists("Order Document", name):
		raise frappe.DoesNotExistError(_("Document not found."))
	doc = frappe.get_doc("Order Document", name)
	if not frappe.has_permission("Order Document", "read", doc):
		raise frappe.PermissionError(_("You are not allowed to download this document."))
	if not doc.file_key:
		frappe.throw(_("{0} is not ready yet ({1}).").format(doc.title, _(doc.status)))
	_redirect(storage.expiring_url(doc))


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=300, seconds=60 * 60)
def fetch(name: str | None = None, expires: str | None = None, signature: str | None = None) -> None:
	"""The PDF behind a signed, expiring link made by `download` (Frappe Files backend)."""
	doc = storage.check_signed_link(name, expires, signature)
	frappe.local.response["type"] = "download"
	frappe.local.response["filename"] = doc.file_name or f"{doc.name}.pdf"
	frappe.local.response["filecontent"] = storage.read(doc.storage, doc.file_key)
	frappe.local.response["content_type"] = "application/pdf"
	frappe.local.response["display_content_as"] = "inline"


# ---------- eSign (the /esign page) ----------


class LinkRefused(frappe.ValidationError):
	"""A signing link that cannot be used; its status code is set per reason (400, 403, 404, 410)."""


def _refuse(error: LinkError) -> None:
	from performancewest_erpnext.pw_documents import esign

	status, message = esign.refusal(error)
	exc = LinkRefused(message)
	exc.http_status_code = status
	frappe.throw(message, exc, title=_("This link cannot be used"))


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=300, seconds=60 * 60)
def esign_pdf(token: str | None = None) -> None:
	"""The document a valid signing link is for, shown inline on the signing page."""
	from performancewest_erpnext.pw_documents import esign

	try:
		request = esign.check_link(token)
	except LinkError as e:
		_refuse(e)
	doc = frappe.get_doc("Order Document", request.order_document)
	frappe.local.response["type"] = "download"
	frappe.local.response["filename"] = doc.file_name or f"{doc.name}.pdf"
	frappe.local.response["filecontent"] = storage.read(doc.storage, doc.file_key)
	frappe.local.response["content_type"] = "application/pdf"
	frappe.local.response["display_content_as"] = "inline"


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=30, seconds=60 * 60)
def esign_submit(
	token: str | None = None,
	consent: str | int | None = None,
	signature_type: str = "Typed",
	typed_name: str | None = None,
	drawn: str | None = None,
) -> dict:
	"""Sign with a valid link (single use)."""
	from performancewest_erpnext.pw_documents import esign

	try:
		request = esign.sign(
			token,
			consent=frappe.utils.cint(consent) == 1 or consent in ("on", "true", True),
			signature_type=signature_type,
			typed_name=typed_name,
			drawn=drawn,
			ip=frappe.local.request_ip,
			user_agent=frappe.get_request_header("User-Agent") or "",
		)
	except LinkError as e:
		_refuse(e)  # nothing was written; the request's rollback releases the row lock
	return {
		"request": request.name,
		"status": request.status,
		"signed_document": request.signed_document,
		"sha256": request.sha256_after,
		"message": _("Thank you, {0}. The document is signed; the signed copy is in your portal.").format(
			request.signer_name
		),
	}


@frappe.whitelist(methods=["POST"])
def signing_link(request: str) -> str:
	"""The logged-in signer (e.g. from the portal): a fresh link to sign now; earlier links stop working."""
	from performancewest_erpnext.pw_documents import esign

	if not isinstance(request, str) or not frappe.db.exists("eSign Request", request):
		raise frappe.DoesNotExistError(_("Signature request not found."))
	doc = frappe.get_doc("eSign Request", request)
	if (doc.signer_email or "").lower() != frappe.session.user.lower():
		raise frappe.PermissionError(_("This document is to be signed by someone else."))
	if doc.status != "Sent":
		frappe.throw(_("This request is {0}.").format(_(doc.status)))
	return esign.link_for(doc.name)


@frappe.whitelist(methods=["POST"])
def reconvert(name: str) -> str:
	"""Staff: queue a failed conversion again."""
	from performancewest_erpnext.pw_documents import convert

	doc = frappe.get_doc("Order Document", name)
	doc.check_permission("write")
	if doc.status != "Failed" or not doc.source_key:
		frappe.throw(_("Only a failed conversion can be run again."))
	doc.db_set("status", "Converting")
	convert.enqueue_conversion(doc.name)
	return doc.status
