"""eSign: a signature request per document and signer, an e-mailed single-use link (a JWT, see
`core.tokens`), the signing itself (`core.pdfs.sign`: stamp on the last page plus a certificate page)
and the resumption of the order step waiting for it.

A link is refused (with a reason the page explains) when it is malformed, tampered with, expired, already
used (or superseded by a newer link), for a cancelled request, or opened by a logged-in user who is not
the signer. Only the SHA-256 of the link's `jti` is stored; signing compares it and clears it inside the
same row lock that records the signature, so a link signs once.
"""

import base64
import hashlib
from typing import Any
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import add_days, cint, escape_html, get_datetime, get_url, now_datetime

from performancewest_erpnext.db import rows_changed
from performancewest_erpnext.pw_documents import storage
from performancewest_erpnext.pw_documents.convert import store_pdf
from performancewest_erpnext.pw_documents.core import pdfs, tokens
from performancewest_erpnext.pw_documents.core.tokens import LinkError

REQUEST = "eSign Request"
ORDER_DOCUMENT = "Order Document"
SIGNATURE_EVENT = "document_signed"
DEFAULT_CONSENT = (
	"I agree to sign this document electronically, and that my electronic signature is the legal "
	"equivalent of my handwritten signature."
)

# why a link is refused: HTTP status and the message the page shows (translated when shown)
REASONS = {
	"malformed": (400, "This is not a valid signing link."),
	"tampered": (400, "This signing link has been altered and cannot be used."),
	"expired": (410, "This signing link has expired. Ask us for a new one."),
	"used": (410, "This signing link has already been used, or a newer link was sent."),
	"signed": (410, "This document has already been signed. Thank you."),
	"cancelled": (410, "This signature request was cancelled."),
	"wrong_signer": (403, "This signing link was sent to someone else. Log out, or open it as that person."),
	"unknown": (404, "This signature request no longer exists."),
}


def _key() -> bytes:
	from frappe.utils.password import get_encryption_key

	return hashlib.sha256(b"pw-esign:" + get_encryption_key().encode()).digest()


def _settings() -> Any:
	return storage.settings()


def consent_text_setting() -> str:
	return _settings().esign_consent_text or DEFAULT_CONSENT


# ---------- requesting ----------


def request_signature(
	order_document: str,
	signer_name: str,
	signer_email: str,
	order_step: str | None = None,
	send: bool = True,
) -> Any:
	"""The eSign Request for this document and signer (one open request each), its link e-mailed."""
	doc = frappe.get_doc(ORDER_DOCUMENT, order_document)
	if not doc.file_key or doc.status not in ("Ready", "Awaiting Signature"):
		frappe.throw(_("{0} is not ready to be signed ({1}).").format(doc.title, _(doc.status)))
	signer_email = (signer_email or "").strip().lower()
	if not frappe.utils.validate_email_address(signer_email):
		frappe.throw(_("{0} is not a valid e-mail address.").format(escape_html(signer_email)))
	if not (signer_name or "").strip():
		frappe.throw(_("Name the signer."))
	existing = frappe.db.get_value(
		REQUEST,
		{
			"order_document": order_document,
			"signer_email": signer_email,
			"status": ("in", ("Sent", "Signed")),
		},
		"name",
	)
	if existing:
		return frappe.get_doc(REQUEST, existing)
	request = frappe.get_doc(
		{
			"doctype": REQUEST,
			"order_document": doc.name,
			"customer": doc.customer,
			"service_order": doc.service_order,
			"order_step": order_step,
			"signer_name": signer_name.strip(),
			"signer_email": signer_email,
			"status": "Sent",
		}
	).insert(ignore_permissions=True)
	doc.db_set({"status": "Awaiting Signature", "esign_request": request.name})
	if send:
		send_link(request.name)
	request.reload()
	return request


def _mint(request: Any) -> str:
	"""A fresh link for the request; earlier links stop working."""
	days = cint(_settings().esign_link_days) or 14
	expires = add_days(now_datetime(), days)
	token, jti = tokens.mint(_key(), request.name, request.signer_email, _as_utc(expires))
	frappe.db.set_value(
		REQUEST,
		request.name,
		{
			"token_hash": tokens.jti_hash(jti),
			"expires_on": expires,
			"sent_on": now_datetime(),
			"status": "Sent",
		},
	)
	return get_url("/esign?" + urlencode({"token": token}))


def _as_utc(value: Any) -> Any:
	"""A site-local datetime as an aware UTC datetime."""
	from zoneinfo import ZoneInfo

	from frappe.utils import get_system_timezone

	local = get_datetime(value)
	if local.tzinfo is None:
		local = local.replace(tzinfo=ZoneInfo(get_system_timezone()))
	return local.astimezone(ZoneInfo("UTC"))


def link_for(request_name: str) -> str:
	"""Ops and tests: a fresh signing link for a request that is waiting (no e-mail sent). Run with
	`bench --site S execute performancewest_erpnext.pw_documents.esign.link_for --args '["ESR-..."]'`."""
	request = frappe.get_doc(REQUEST, request_name)
	if request.status not in ("Sent", "Expired"):
		frappe.throw(_("{0} is {1}: no link can be made.").format(request_name, _(request.status)))
	url = _mint(request)
	# nosemgrep: frappe-manual-commit -- the link must be usable by the caller straight away
	frappe.db.commit()
	return url


def send_link(request_name: str) -> str:
	"""E-mail the signer a fresh link. Returns the link."""
	request = frappe.get_doc(REQUEST, request_name)
	if request.status not in ("Sent", "Expired"):
		frappe.throw(_("{0} is {1}: no link can be sent.").format(request_name, _(request.status)))
	url = _mint(request)
	title = frappe.db.get_value(ORDER_DOCUMENT, request.order_document, "title")
	expires = frappe.db.get_value(REQUEST, request.name, "expires_on")
	frappe.sendmail(
		recipients=[request.signer_email],
		sender=frappe.db.get_single_value("Performance West Settings", "support_email") or None,
		subject=_("Please sign: {0}").format(title),
		message=_(
			"<p>Hello {0},</p><p>Performance West needs your signature on <b>{1}</b>.</p>"
			'<p><a href="{2}">Review and sign the document</a></p>'
			"<p>The link works once and until {3}. If you did not expect this e-mail, ignore it.</p>"
		).format(
			escape_html(request.signer_name), escape_html(title), url, frappe.utils.format_datetime(expires)
		),
		reference_doctype=REQUEST,
		reference_name=request.name,
		now=False,
	)
	return url


# ---------- checking a link ----------


def check_link(token: str, lock: bool = False) -> Any:
	"""The eSign Request a link may act on, or LinkError with the reason."""
	claims = tokens.read(_key(), token)
	if lock:
		found = frappe.db.get_value(REQUEST, claims.request, "name", for_update=True)
	else:
		found = frappe.db.exists(REQUEST, claims.request)
	if not found:
		raise LinkError("unknown")
	request = frappe.get_doc(REQUEST, claims.request)
	if request.status == "Signed":
		raise LinkError("signed")
	if request.status == "Cancelled":
		raise LinkError("cancelled")
	if request.status == "Expired" or (
		request.expires_on and get_datetime(request.expires_on) < now_datetime()
	):
		raise LinkError("expired")
	if not request.token_hash or not _same(request.token_hash, tokens.jti_hash(claims.jti)):
		raise LinkError("used")
	if claims.signer_email != (request.signer_email or "").lower():
		raise LinkError("tampered")
	user = frappe.session.user
	if user not in ("Guest", None) and user.lower() != request.signer_email.lower():
		raise LinkError("wrong_signer")
	return request


def _same(a: str, b: str) -> bool:
	import hmac

	return hmac.compare_digest(a, b)


def refusal(error: LinkError) -> tuple[int, str]:
	status, message = REASONS.get(error.reason, (400, str(error)))
	return status, _(message)


# ---------- signing ----------


def _signature_image(signature: str | None) -> bytes | None:
	if not signature:
		return None
	prefix = "data:image/png;base64,"
	if not signature.startswith(prefix):
		frappe.throw(_("The drawn signature must be a PNG image."))
	try:
		png = base64.b64decode(signature[len(prefix) :], validate=True)
	except ValueError:
		frappe.throw(_("The drawn signature could not be read."))
	try:
		return pdfs.check_signature_image(png)
	except ValueError as e:
		frappe.throw(_(str(e)))


def sign(
	token: str,
	consent: bool,
	signature_type: str,
	typed_name: str | None = None,
	drawn: str | None = None,
	ip: str | None = None,
	user_agent: str | None = None,
) -> Any:
	"""Sign the document of a valid link: stamp and certify the PDF, store it as a new Order Document,
	close the request (the link is spent) and resume the order. Returns the eSign Request."""
	request = check_link(token, lock=True)
	if not consent:
		frappe.throw(_("Please confirm that you agree to sign electronically."))
	if signature_type not in ("Drawn", "Typed"):
		frappe.throw(_("Draw or type your signature."))
	image = _signature_image(drawn) if signature_type == "Drawn" else None
	if signature_type == "Drawn" and not image:
		frappe.throw(_("Please draw your signature."))
	if signature_type == "Typed":
		typed = (typed_name or "").strip()
		if not typed or typed.lower() != request.signer_name.strip().lower():
			frappe.throw(
				_("Type your full name exactly as shown: {0}.").format(escape_html(request.signer_name))
			)

	# The link is spent by this update, which reads the latest committed row (not this request's
	# snapshot): of two concurrent submissions only one changes it, the other is refused as used.
	# nosemgrep: frappe-using-db-sql -- the conditional UPDATE is the claim (its rowcount tells who won)
	frappe.db.sql(
		f"update `tab{REQUEST}` set token_hash = null where name = %s and status = 'Sent' and token_hash = %s",
		(request.name, request.token_hash),
	)
	if not rows_changed():
		raise LinkError("used")

	original = frappe.get_doc(ORDER_DOCUMENT, request.order_document)
	content = storage.read(original.storage, original.file_key)
	if original.sha256 and pdfs.sha256(content) != original.sha256:
		frappe.throw(_("The document changed after it was sent for signature; ask us for a new link."))
	signed_at = now_datetime()
	consent_text = consent_text_setting()
	result = pdfs.sign(
		content,
		pdfs.Signature(
			signer_name=request.signer_name,
			signer_email=request.signer_email,
			signed_at=_as_utc(signed_at).replace(tzinfo=None),
			ip=ip or "",
			user_agent=user_agent or "",
			image_png=image,
			consent=consent_text,
			document_title=original.title,
			document_id=original.name,
			request_id=request.name,
		),
	)
	signed = frappe.get_doc(
		{
			"doctype": ORDER_DOCUMENT,
			"title": _("{0} (signed)").format(original.title),
			"customer": original.customer,
			"service_order": original.service_order,
			"kind": "Signed Document",
			"sequence": original.sequence,
			"status": "Draft",
			"storage": original.storage or storage.backend(),
			"signed_from": original.name,
			"esign_request": request.name,
			"description": _("Signed by {0}").format(request.signer_name),
		}
	).insert(ignore_permissions=True)
	store_pdf(
		signed,
		result.pdf,
		converter="eSign",
		status="Signed",
		filename=f"{frappe.scrub(original.title)}-signed.pdf",
	)
	original.db_set({"status": "Signed", "signed_document": signed.name})
	request.db_set(
		{
			"status": "Signed",
			"token_hash": None,
			"signed_on": signed_at,
			"signer_ip": (ip or "")[:140],
			"user_agent": (user_agent or "")[:1000],
			"signature_type": signature_type,
			"consent_text": consent_text,
			"sha256_before": result.sha256_before,
			"sha256_stamped": result.sha256_stamped,
			"sha256_after": result.sha256_after,
			"signed_document": signed.name,
		}
	)
	request.add_comment(
		"Info",
		_("Signed by {0} from {1}; SHA-256 after {2}").format(
			request.signer_name, ip or "?", result.sha256_after
		),
	)
	resume_order(request)
	return request


def resume_order(request: Any) -> None:
	"""Finish the order step waiting for this signature once every request it waits on is signed."""
	if not request.service_order:
		return
	filters = {"service_order": request.service_order, "status": "Sent", "name": ("!=", request.name)}
	if request.order_step:
		filters["order_step"] = request.order_step
	if frappe.db.exists(REQUEST, filters):
		return
	from performancewest_erpnext.pw_orders import engine

	engine.notify(request.service_order, SIGNATURE_EVENT, step=request.order_step or None)


def expire_overdue() -> int:
	"""Scheduler (daily): requests whose link ran out are Expired (staff may send a new link)."""
	names = frappe.get_all(REQUEST, {"status": "Sent", "expires_on": ("<", now_datetime())}, pluck="name")
	for name in names:
		frappe.db.set_value(REQUEST, name, {"status": "Expired", "token_hash": None})
	return len(names)
