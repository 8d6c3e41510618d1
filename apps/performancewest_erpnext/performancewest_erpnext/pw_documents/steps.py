"""Fulfilment steps about documents, for handlers of any app (see `pw_orders.steps`):

	from performancewest_erpnext.pw_documents import steps as doc_steps

	Handler((
		doc_steps.generate("letter", "CRTC Registration Letter"),
		doc_steps.request_signature("ask_signature", "CRTC Registration Letter", wait_step="signed"),
		doc_steps.wait_for_signature("signed"),
		doc_steps.compile_binder("binder"),
	))

`request_signature` sends the order's contact a signing link for the document made from the template;
the `wait_for_signature` step is finished when every request tied to it is signed (eSign → engine.notify).
"""

from typing import Any

import frappe
from frappe import _

from performancewest_erpnext.pw_orders.steps import Auto, Wait

SIGNATURE_EVENT = "document_signed"


def _document_of(order_name: str, template: str) -> str | None:
	return frappe.db.get_value(
		"Order Document",
		{
			"service_order": order_name,
			"template": template,
			"kind": ("not in", ("Binder", "Signed Document")),
		},
		"name",
	)


def generate(name: str, template: str, title: str = "", kind: str | None = None) -> Auto:
	"""Fill the template for the order and convert it (within the step's job); done when the PDF is Ready."""

	def run(ctx: Any) -> str:
		from performancewest_erpnext.pw_documents import templates

		doc = templates.generate(template, ctx.order.name, kind=kind, convert_now=True)
		if doc.status == "Failed":
			raise RuntimeError(_("{0} could not be converted: {1}").format(doc.name, doc.error))
		return doc.name

	def find(ctx: Any) -> str | None:
		found = _document_of(ctx.order.name, template)
		return found if found and frappe.db.get_value("Order Document", found, "file_key") else None

	return Auto(name, run=run, find=find, title=title or _("Prepare {0}").format(template))


def _signer(order: Any) -> tuple[str, str]:
	email = order.contact_email
	if not email:
		frappe.throw(_("{0} has no customer e-mail to send the signing link to.").format(order.name))
	contact = frappe.db.get_value("Contact", {"email_id": email}, ["first_name", "last_name"], as_dict=True)
	name = " ".join(p for p in (contact.first_name, contact.last_name) if p) if contact else ""
	return name or frappe.db.get_value("Customer", order.customer, "customer_name"), email


def request_signature(name: str, template: str, wait_step: str, title: str = "") -> Auto:
	"""E-mail the order's contact a signing link for the document made from `template`."""

	def run(ctx: Any) -> str:
		from performancewest_erpnext.pw_documents import esign

		document = _document_of(ctx.order.name, template)
		if not document:
			raise RuntimeError(
				_("No document from template {0} on {1} yet.").format(template, ctx.order.name)
			)
		signer_name, signer_email = _signer(ctx.order)
		return esign.request_signature(document, signer_name, signer_email, order_step=wait_step).name

	def find(ctx: Any) -> str | None:
		return frappe.db.get_value(
			"eSign Request", {"service_order": ctx.order.name, "order_step": wait_step}
		)

	return Auto(name, run=run, find=find, title=title or _("Send {0} for signature").format(template))


def wait_for_signature(name: str, title: str = "") -> Wait:
	return Wait(name, event=SIGNATURE_EVENT, waiting_on="Customer", title=title or _("Customer signs"))


def compile_binder(name: str, title: str = "") -> Auto:
	def run(ctx: Any) -> str:
		from performancewest_erpnext.pw_documents import binder

		return binder.build_binder(ctx.order.name).name

	return Auto(name, run=run, title=title or _("Compile the binder"))
