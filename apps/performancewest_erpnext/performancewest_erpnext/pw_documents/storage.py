"""Where document files live: private Frappe File records attached to the Order Document, or an
S3-compatible bucket (MinIO in production), chosen in PW Document Settings. Each Order Document records
the backend it was stored in, so switching the setting never strands older documents.

Downloads always go through `api.download`, which checks the reader's permission and redirects to an
expiring link: a presigned S3 URL, or for Frappe Files a link to `api.fetch` signed with the site's key
(HMAC over document, file and expiry), never a public file URL.
"""

import hashlib
import hmac
import re
import time
from typing import Any
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import get_url

from performancewest_erpnext import jobs
from performancewest_erpnext.pw_documents.core import s3 as s3core
from performancewest_erpnext.request_guard import same_secret

SETTINGS = "PW Document Settings"
FRAPPE_FILES = "Frappe Files"
S3 = "S3"
FETCH_METHOD = "performancewest_erpnext.pw_documents.api.fetch"


def settings() -> Any:
	return frappe.get_cached_doc(SETTINGS)


def backend() -> str:
	return settings().storage_backend or FRAPPE_FILES


def s3_config() -> s3core.S3Config:
	conf = settings()
	if not conf.s3_bucket:
		frappe.throw(_("Set the S3 bucket in PW Document Settings first."), title=_("S3 not configured"))
	return s3core.S3Config(
		bucket=conf.s3_bucket,
		endpoint_url=conf.s3_endpoint_url or None,
		region=conf.s3_region or None,
		access_key_id=conf.s3_access_key_id or None,
		secret_access_key=conf.get_password("s3_secret_access_key", raise_exception=False) or None,
	)


def s3_client() -> tuple[Any, str]:
	config = s3_config()
	return s3core.client(config), config.bucket


def _safe(part: str) -> str:
	return re.sub(r"[^A-Za-z0-9._-]+", "-", part).strip("-") or "x"


def object_key(doc: Any, filename: str) -> str:
	prefix = settings().s3_prefix or "documents/"
	prefix = prefix if prefix.endswith("/") else prefix + "/"
	return f"{prefix}{_safe(doc.customer)}/{_safe(doc.name)}/{_safe(filename)}"


def save(doc: Any, filename: str, content: bytes, backend_name: str | None = None) -> tuple[str, str]:
	"""Store `content` for the Order Document `doc`; returns (backend, key). S3: an atomic upload (temp
	key, copy, delete). Frappe Files: a private File attached to the document, whose row is committed with
	the document, so nothing points at a file before it is written in full."""
	backend_name = backend_name or backend()
	if backend_name == S3:
		s3, bucket = s3_client()
		key = object_key(doc, filename)
		content_type = "application/pdf" if filename.lower().endswith(".pdf") else "application/octet-stream"
		s3core.atomic_put(
			s3, bucket, key, content, content_type=content_type, metadata={"order-document": doc.name}
		)
		return S3, key
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": filename,
			"is_private": 1,
			"attached_to_doctype": doc.doctype,
			"attached_to_name": doc.name,
			"content": content,
		}
	)
	file.flags.ignore_duplicate_entry_error = True
	file.insert(ignore_permissions=True)
	return FRAPPE_FILES, file.file_url


def read(backend_name: str, key: str) -> bytes:
	if not key:
		frappe.throw(_("This document has no file yet."))
	if backend_name == S3:
		s3, bucket = s3_client()
		return s3core.get(s3, bucket, key)
	name = frappe.db.get_value("File", {"file_url": key}, "name")
	if not name:
		frappe.throw(_("The file {0} is missing.").format(key))
	return frappe.get_doc("File", name).get_content()


def delete(backend_name: str, key: str, attached_to: str | None = None) -> None:
	"""Remove a stored file no document points at any more (after a binder rebuild, a deletion)."""
	if not key:
		return
	if backend_name == S3:
		s3, bucket = s3_client()
		s3core.delete(s3, bucket, key)
		return
	filters = {"file_url": key}
	if attached_to:
		filters["attached_to_name"] = attached_to
	for name in frappe.get_all("File", filters=filters, pluck="name"):
		frappe.delete_doc("File", name, ignore_permissions=True, force=True)


def discard(backend_name: str, key: str, attached_to: str | None = None) -> None:
	"""Delete a replaced file once the replacement is committed: a rollback must never leave a document
	pointing at a file that is already gone."""
	if not key:
		return
	jobs.enqueue(
		"performancewest_erpnext.pw_documents.storage.delete",
		backend_name=backend_name,
		key=key,
		attached_to=attached_to,
	)


# ---------- expiring links ----------


def _link_key() -> bytes:
	from frappe.utils.password import get_encryption_key

	return hashlib.sha256(b"pw-documents-link:" + get_encryption_key().encode()).digest()


def _signature(name: str, key: str, expires: int) -> str:
	message = f"{name}\n{key}\n{expires}".encode()
	return hmac.new(_link_key(), message, hashlib.sha256).hexdigest()


def expiring_url(doc: Any, expires_in: int | None = None) -> str:
	"""A link to the document's PDF that works for `expires_in` seconds (the settings' link expiry)."""
	expires_in = int(expires_in or settings().link_expiry_seconds or 300)
	if not doc.file_key:
		frappe.throw(_("{0} has no file yet.").format(doc.name))
	if doc.storage == S3:
		s3, bucket = s3_client()
		return s3core.presigned_get(s3, bucket, doc.file_key, expires_in, filename=doc.file_name)
	expires = int(time.time()) + expires_in
	query = urlencode(
		{"name": doc.name, "expires": expires, "signature": _signature(doc.name, doc.file_key, expires)}
	)
	return get_url(f"/api/method/{FETCH_METHOD}?{query}")


def check_signed_link(name: str, expires: str | int, signature: str) -> Any:
	"""The Order Document a signed link names, if the link is genuine, unexpired and for its current
	file; otherwise PermissionError (403)."""
	try:
		expires = int(expires)
	except (TypeError, ValueError):
		raise frappe.PermissionError(_("This download link is not valid."))
	if expires < time.time():
		raise frappe.PermissionError(_("This download link has expired. Open the document again."))
	key = frappe.db.get_value("Order Document", name, "file_key") if isinstance(name, str) else None
	if not key or not same_secret(_signature(name, key, expires), signature):
		raise frappe.PermissionError(_("This download link is not valid."))
	return frappe.get_doc("Order Document", name)
