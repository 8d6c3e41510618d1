"""DOCX → PDF for Order Documents, as a background job (queue `long`, one job per document).

The converter is chosen in PW Document Settings: LibreOffice headless (default), or the DocServer, a
Word server reached through the S3 bucket (`core.docserver`). A stale DocServer heartbeat, or a DocServer
that returns nothing in time, falls back to LibreOffice automatically. Each LibreOffice attempt is
bounded by the timeout (the process group is killed) and retried; the PDF only reaches storage once
complete. The soffice command comes from the site config `pw_soffice_command` (a list or a string) or
`core.soffice.SOFFICE`.
"""

import shlex
from typing import Any

import frappe
from frappe import _
from frappe.utils import cint

from performancewest_erpnext import jobs
from performancewest_erpnext.pw_documents import storage
from performancewest_erpnext.pw_documents.core import docserver, pdfs, soffice

ORDER_DOCUMENT = "Order Document"
LIBREOFFICE, DOCSERVER = "LibreOffice", "DocServer"


def soffice_command() -> list[str]:
	configured = frappe.conf.get("pw_soffice_command")
	if isinstance(configured, str) and configured.strip():
		return shlex.split(configured)
	if isinstance(configured, list) and configured:
		return [str(part) for part in configured]
	return list(soffice.SOFFICE)


def enqueue_conversion(name: str) -> None:
	jobs.enqueue(
		"performancewest_erpnext.pw_documents.convert.convert_document",
		queue="long",
		timeout=1500,
		job_id=f"pw-doc-convert::{name}",
		name=name,
	)


def to_pdf(docx: bytes, label: str = "") -> tuple[bytes, str]:
	"""Convert with the configured converter; returns (pdf, how it was converted)."""
	settings = storage.settings()
	timeout = cint(settings.conversion_timeout) or 120
	retries = max(cint(settings.conversion_retries), 0)
	how = LIBREOFFICE
	if settings.converter == DOCSERVER:
		try:
			s3, bucket = storage.s3_client()
			pdf = docserver.convert(
				s3,
				bucket,
				docx,
				timeout=timeout,
				poll_interval=cint(settings.docserver_poll_interval) or 3,
				max_heartbeat_age=cint(settings.docserver_heartbeat_max_age) or 300,
			)
			return pdf, DOCSERVER
		except (docserver.DocServerUnavailable, docserver.DocServerTimeout) as e:
			how = _("LibreOffice (DocServer fallback: {0})").format(e)
			frappe.log_error(
				title=_("DocServer unavailable; converting {0} with LibreOffice").format(
					label or "a document"
				),
				message=str(e),
			)

	def failed(attempt: int, error: Exception) -> None:
		frappe.log_error(
			title=_("Conversion attempt {0} of {1} failed").format(attempt, label or "a document"),
			message=str(error),
		)

	pdf = soffice.convert_with_retries(
		docx, timeout=timeout, retries=retries, command=soffice_command(), on_failure=failed
	)
	return pdf, how


def convert_document(name: str) -> str:
	"""The job: convert the document's DOCX, store the PDF, mark it Ready (or Failed with the reason).
	Nothing is written before the PDF is complete, so a failure leaves only the Failed status; the
	worker commits when the job returns (an inline call leaves the commit to its caller)."""
	doc = frappe.get_doc(ORDER_DOCUMENT, name)
	if doc.status not in ("Converting", "Failed", "Draft") or not doc.source_key:
		return doc.status
	try:
		docx = storage.read(doc.storage, doc.source_key)
		pdf, how = to_pdf(docx, label=doc.name)
		store_pdf(doc, pdf, converter=how)
	except Exception as e:
		frappe.log_error(
			title=_("Converting {0} failed").format(name),
			message=frappe.get_traceback(with_context=False),  # not the DOCX bytes of the frame locals
			reference_doctype=ORDER_DOCUMENT,
			reference_name=name,
		)
		doc.db_set({"status": "Failed", "error": str(e)[-1000:]})
		return "Failed"
	return doc.status


def store_pdf(
	doc: Any, pdf: bytes, converter: str = "", status: str = "Ready", filename: str | None = None
) -> None:
	"""Put a complete PDF in storage and point the document at it (replacing any previous file)."""
	if not pdfs.is_pdf(pdf):
		frappe.throw(_("{0}: the converter returned something that is not a PDF.").format(doc.name))
	old_backend, old_key = doc.storage, doc.file_key
	filename = filename or f"{frappe.scrub(doc.title)}.pdf"
	backend, key = storage.save(doc, filename, pdf, backend_name=doc.storage or None)
	doc.db_set(
		{
			"storage": backend,
			"file_key": key,
			"file_name": filename,
			"sha256": pdfs.sha256(pdf),
			"page_count": pdfs.page_count(pdf),
			"file_size": len(pdf),
			"converter": converter[:140],
			"status": status,
			"error": "",
		}
	)
	if old_key and old_key != key and old_key != doc.source_key:
		storage.discard(old_backend, old_key, attached_to=doc.name)
