"""Demo documents (through the `pw_demo_data` hook; idempotent): two Document Templates and, for the demo
customer, a "Document Package (demo)" order whose handler fills both templates, converts them, binds
them, and waits for the customer to sign the engagement letter (an eSign Request in status Sent).

Mint a link to sign it (browser tests, demos):

	bench --site S execute performancewest_erpnext.pw_documents.demo.signing_link
"""

import io

import frappe
from frappe import _

from performancewest_erpnext.pw_documents import steps as doc_steps
from performancewest_erpnext.pw_orders.steps import Handler

SERVICE = "pw-demo-documents"
LETTER = "Demo Engagement Letter"
CERTIFICATE = "Demo Compliance Certificate"

LETTER_TEXT = [
	("{{ company.company_name }}", {"bold": True, "size": 16}),
	("{{ document.date }}", {}),
	("{{ customer.customer_name }}", {"bold": True}),
	("Dear {{ contact.first_name }} {{ contact.last_name }},", {}),
	(
		"This letter confirms that {{ company.company_name }} will carry out order {{ order.name }} "
		"({{ document.services }}) for {{ customer.customer_name }}, and that you authorise us to prepare "
		"and file the related regulatory forms on your behalf.",
		{},
	),
	("Expected delivery: {{ order.expected_delivery }}.", {}),
	("Please sign below to confirm.", {}),
	("Signed for {{ customer.customer_name }}: ______________________________", {}),
]

CERTIFICATE_TEXT = [
	("Certificate of Engagement", {"bold": True, "size": 20}),
	(
		"{{ company.company_name }} certifies that {{ customer.customer_name }} engaged it for order "
		"{{ order.name }} on {{ order.transaction_date }}.",
		{},
	),
	("Services: {{ document.services }}", {}),
	("Issued {{ document.date }}", {"italic": True}),
]


def make_docx(paragraphs: list[tuple[str, dict]]) -> bytes:
	import docx
	from docx.shared import Pt

	document = docx.Document()
	for text, style in paragraphs:
		run = document.add_paragraph().add_run(text)
		run.bold = style.get("bold")
		run.italic = style.get("italic")
		if style.get("size"):
			run.font.size = Pt(style["size"])
	out = io.BytesIO()
	document.save(out)
	return out.getvalue()


def ensure_template(title: str, paragraphs: list[tuple[str, dict]], kind: str, description: str = "") -> str:
	if frappe.db.exists("Document Template", title):
		return title
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{frappe.scrub(title)}.docx",
			"is_private": 1,
			"content": make_docx(paragraphs),
		}
	).insert(ignore_permissions=True)
	template = frappe.get_doc(
		{
			"doctype": "Document Template",
			"title": title,
			"docx": file.file_url,
			"default_kind": kind,
			"description": description,
		}
	).insert(ignore_permissions=True)
	file.db_set(
		{
			"attached_to_doctype": "Document Template",
			"attached_to_name": template.name,
			"attached_to_field": "docx",
		}
	)
	return template.name


def handler() -> Handler:
	"""The demo service's fulfilment: documents, a binder, the customer's signature, the final binder."""
	return Handler(
		(
			doc_steps.generate("engagement_letter", LETTER, title=_("Prepare the engagement letter")),
			doc_steps.generate("certificate", CERTIFICATE, title=_("Prepare the certificate")),
			doc_steps.compile_binder("draft_binder", title=_("Compile the binder")),
			doc_steps.request_signature(
				"ask_signature", LETTER, wait_step="letter_signed", title=_("Send the letter for signature")
			),
			doc_steps.wait_for_signature("letter_signed", title=_("Customer signs the engagement letter")),
			doc_steps.compile_binder("final_binder", title=_("Compile the signed binder")),
		)
	)


def ensure_service() -> None:
	from performancewest_erpnext.pw_orders import catalog

	if frappe.db.exists("Catalog Service", SERVICE):
		return
	service = frappe.get_doc(
		{
			"doctype": "Catalog Service",
			"slug": SERVICE,
			"service_name": "Document Package (demo)",
			"service_group": "Demo",
			"rate": 49,
			"enabled": 1,
			"show_on_portal": 0,
			"turnaround_days": 5,
			"description": "Demo: an engagement letter to sign and a certificate, bound into a binder.",
		}
	).insert(ignore_permissions=True)
	catalog.sync_item(service)


def demo_order() -> str | None:
	from performancewest_erpnext.setup.demo import DEMO_CUSTOMER

	return (
		frappe.db.get_value(
			"Service Order Item",
			{"parenttype": "Service Order", "service": SERVICE},
			"parent",
			order_by="creation desc",
		)
		if frappe.db.exists("Customer", DEMO_CUSTOMER)
		else None
	)


def load() -> None:
	from performancewest_erpnext.pw_orders import demo as order_demo
	from performancewest_erpnext.setup.demo import DEMO_CUSTOMER

	ensure_template(LETTER, LETTER_TEXT, "Letter", "The engagement letter the customer signs")
	ensure_template(CERTIFICATE, CERTIFICATE_TEXT, "Certificate", "Confirms the engagement")
	ensure_service()
	if not frappe.db.exists("Identity Verification", {"customer": DEMO_CUSTOMER, "status": "Verified"}):
		order_demo.verify(DEMO_CUSTOMER)
	name = order_demo._order(DEMO_CUSTOMER, [{"service": SERVICE}], "PayPal")
	if frappe.db.get_value("Service Order", name, "status") == "Funds Pending":
		from performancewest_erpnext.pw_orders import orders

		orders.funds_cleared(name, "Demo")
	order_demo._drive(name, "Waiting")


def signing_link() -> str:
	"""A fresh link to sign the demo order's pending eSign Request."""
	from performancewest_erpnext.pw_documents import esign

	order = demo_order()
	request = order and frappe.db.get_value(
		"eSign Request", {"service_order": order, "status": ("in", ("Sent", "Expired"))}
	)
	if not request:
		frappe.throw(_("The demo order has no signature request waiting (load the demo, or it was signed)."))
	return esign.link_for(request)
