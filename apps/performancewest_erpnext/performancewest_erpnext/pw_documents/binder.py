"""The order's binder: its documents merged in sequence into one PDF, with a generated cover page and
table of contents and a bookmark per document (`core.pdfs.build_binder`)."""

import hashlib
from typing import Any

import frappe
from frappe import _
from frappe.utils import formatdate, today

from performancewest_erpnext.pw_documents import storage
from performancewest_erpnext.pw_documents.convert import store_pdf
from performancewest_erpnext.pw_documents.core import pdfs

ORDER_DOCUMENT = "Order Document"
BINDER = "Binder"


def binder_documents(service_order: str) -> list[Any]:
	"""What goes in the binder: the order's finished PDFs, a signed version in place of its original."""
	rows = frappe.get_all(
		ORDER_DOCUMENT,
		filters={
			"service_order": service_order,
			"kind": ("!=", BINDER),
			"status": ("in", ("Ready", "Awaiting Signature", "Signed")),
			"file_key": ("is", "set"),
		},
		fields=[
			"name",
			"title",
			"kind",
			"sequence",
			"sha256",
			"storage",
			"file_key",
			"signed_document",
			"creation",
		],
		order_by="sequence asc, creation asc",
	)
	return [r for r in rows if not r.signed_document]


def _fingerprint(rows: list[Any]) -> str:
	return hashlib.sha256("\n".join(f"{r.name}:{r.sha256}:{r.title}" for r in rows).encode()).hexdigest()


def build_binder(service_order: str) -> Any:
	"""Build (or rebuild, when its documents changed) the order's binder; returns its Order Document."""
	order = frappe.get_doc("Service Order", service_order)
	rows = binder_documents(service_order)
	if not rows:
		frappe.throw(_("{0} has no finished documents to bind yet.").format(service_order))
	fingerprint = _fingerprint(rows)
	name = frappe.db.get_value(ORDER_DOCUMENT, {"service_order": service_order, "kind": BINDER}, "name")
	if name:
		frappe.db.get_value(ORDER_DOCUMENT, name, "name", for_update=True)
		doc = frappe.get_doc(ORDER_DOCUMENT, name)
		if doc.binder_fingerprint == fingerprint and doc.status == "Ready" and doc.file_key:
			return doc
	else:
		doc = frappe.get_doc(
			{
				"doctype": ORDER_DOCUMENT,
				"title": _("Binder {0}").format(service_order),
				"customer": order.customer,
				"service_order": service_order,
				"kind": BINDER,
				"sequence": 0,
				"status": "Draft",
				"storage": storage.backend(),
				"description": _("All documents of the order in one PDF"),
			}
		).insert(ignore_permissions=True)
	parts = [pdfs.Part(title=r.title, pdf=storage.read(r.storage, r.file_key), kind=_(r.kind)) for r in rows]
	customer_name = frappe.db.get_value("Customer", order.customer, "customer_name") or order.customer
	company = frappe.db.get_single_value("Performance West Settings", "company") or "Performance West"
	cover = pdfs.Cover(
		title=_("Compliance Binder"),
		lines=[
			customer_name,
			_("Order {0}").format(service_order),
			", ".join(sorted({t.service for t in order.tracks})),
			formatdate(today(), "MMMM d, y"),
		],
		footer=_("Prepared by {0}").format(company),
	)
	result = pdfs.build_binder(parts, cover)
	store_pdf(doc, result.pdf, converter="pypdf", filename=f"binder-{frappe.scrub(service_order)}.pdf")
	doc.db_set("binder_fingerprint", fingerprint)
	doc.reload()
	return doc
