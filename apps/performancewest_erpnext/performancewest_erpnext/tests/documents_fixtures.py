"""Shared set-up of the document and eSign tests: customers with portal users, orders, templates, and
PW Document Settings pointed at the local S3 server."""

import io
from contextlib import contextmanager
from unittest.mock import patch

import frappe

from performancewest_erpnext.pw_documents import demo
from performancewest_erpnext.pw_orders import engine, orders
from performancewest_erpnext.pw_orders.customers import ensure_portal_customer
from performancewest_erpnext.pw_orders.demo import verify

SETTINGS = "PW Document Settings"
DEFAULTS = {
	"converter": "LibreOffice",
	"conversion_timeout": 120,
	"conversion_retries": 2,
	"docserver_heartbeat_max_age": 300,
	"docserver_poll_interval": 3,
	"storage_backend": "Frappe Files",
	"link_expiry_seconds": 300,
}


def customer(label: str, run: str) -> tuple[str, str]:
	"""(customer, portal user e-mail), identity verified."""
	email = f"{label.lower()}-{run}@example.com"
	name = ensure_portal_customer(f"{label} {run} LLC", email, f"{label} Tester")
	if not frappe.db.exists("Identity Verification", {"customer": name, "status": "Verified"}):
		verify(name)
	return name, email


def service(slug: str, rate: float = 100) -> str:
	if not frappe.db.exists("Catalog Service", slug):
		frappe.get_doc(
			{"doctype": "Catalog Service", "slug": slug, "service_name": slug.title(), "rate": rate}
		).insert(ignore_permissions=True)
	return slug


def order(customer_name: str, slug: str) -> str:
	return orders.place_order([{"service": slug}], customer_name, "PayPal").name


def docx(paragraphs: list[str]) -> bytes:
	"""A DOCX whose placeholders are split over several runs, as Word writes them."""
	import docx as python_docx

	document = python_docx.Document()
	for text in paragraphs:
		p = document.add_paragraph()
		middle = len(text) // 2
		p.add_run(text[:middle]).bold = True
		p.add_run(text[middle:])
	out = io.BytesIO()
	document.save(out)
	return out.getvalue()


def upload(content: bytes, name: str = "template.docx") -> str:
	return (
		frappe.get_doc({"doctype": "File", "file_name": name, "is_private": 1, "content": content})
		.insert(ignore_permissions=True)
		.file_url
	)


def template(title: str, paragraphs: list[str], kind: str = "Letter") -> str:
	if not frappe.db.exists("Document Template", title):
		frappe.get_doc(
			{
				"doctype": "Document Template",
				"title": title,
				"docx": upload(docx(paragraphs), f"{frappe.scrub(title)}.docx"),
				"default_kind": kind,
			}
		).insert(ignore_permissions=True)
	return title


def set_settings(**values) -> None:
	"""Straight to the database (bypassing the form's minimums, e.g. a 2 s timeout in a test)."""
	secret = values.pop("s3_secret_access_key", None)
	frappe.db.set_single_value(SETTINGS, values)
	if secret:
		from frappe.utils.password import set_encrypted_password

		set_encrypted_password(SETTINGS, SETTINGS, secret, "s3_secret_access_key")
		frappe.db.set_single_value(SETTINGS, "s3_secret_access_key", "*" * len(secret))
	frappe.clear_document_cache(SETTINGS, SETTINGS)


def use_s3(bucket: str) -> None:
	from performancewest_erpnext.pw_documents import storage
	from performancewest_erpnext.pw_documents.core import s3 as s3core
	from performancewest_erpnext.tests.s3_server import server

	set_settings(
		storage_backend="S3",
		s3_endpoint_url=server().url,
		s3_bucket=bucket,
		s3_region="us-east-1",
		s3_access_key_id="testing",
		s3_secret_access_key="testing-secret",
		s3_prefix="documents/",
	)
	client, name = storage.s3_client()
	s3core.ensure_bucket(client, name)


def reset_settings() -> None:
	set_settings(**DEFAULTS)


@contextmanager
def handlers(mapping: dict[str, str]):
	"""Fulfilment handlers for test services (as `pw_service_handlers` would register them)."""
	with patch.object(engine, "_registered", side_effect=lambda slug: mapping.get(slug)):
		yield


DEMO_HANDLER = "performancewest_erpnext.pw_documents.demo.handler"
TEMPLATES = (demo.LETTER, demo.CERTIFICATE)
