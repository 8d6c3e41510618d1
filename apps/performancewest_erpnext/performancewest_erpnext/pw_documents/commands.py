"""`bench --site S pw-documents ...`: signing links, conversions, binders and the DocServer by hand."""

import click
from frappe.commands import get_site, pass_context


def _connected(context):
	import frappe

	frappe.init(get_site(context))
	frappe.connect()
	return frappe


@click.group("pw-documents")
def pw_documents() -> None:
	"""Documents and eSign: signing links, conversions, binders, the DocServer."""


@pw_documents.command("signing-link")
@click.argument("request")
@click.option("--email", is_flag=True, help="E-mail the link to the signer instead of printing it")
@pass_context
def signing_link(context, request: str, email: bool) -> None:
	"""A fresh link for an eSign Request (earlier links stop working)."""
	frappe = _connected(context)
	from performancewest_erpnext.pw_documents import esign

	try:
		url = esign.send_link(request) if email else esign.link_for(request)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a command has no request to commit it
		click.echo(
			f"sent to {frappe.db.get_value('eSign Request', request, 'signer_email')}" if email else url
		)
	finally:
		frappe.destroy()


@pw_documents.command("convert")
@click.argument("document")
@pass_context
def convert_now(context, document: str) -> None:
	"""Convert an Order Document's DOCX to PDF now (a failed one again)."""
	frappe = _connected(context)
	from performancewest_erpnext.pw_documents import convert

	try:
		status = convert.convert_document(document)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a command has no request to commit it
		error = frappe.db.get_value("Order Document", document, "error")
		click.echo(f"{document}: {status}" + (f" ({error})" if error and status == "Failed" else ""))
	finally:
		frappe.destroy()


@pw_documents.command("binder")
@click.argument("order")
@pass_context
def build_binder(context, order: str) -> None:
	"""Build (or rebuild) a Service Order's binder now."""
	frappe = _connected(context)
	from performancewest_erpnext.pw_documents import binder

	try:
		doc = binder.build_binder(order)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a command has no request to commit it
		click.echo(f"{doc.name}: {doc.page_count} pages, sha256 {doc.sha256}")
	finally:
		frappe.destroy()


@pw_documents.command("docserver-status")
@pass_context
def docserver_status(context) -> None:
	"""The age of the DocServer's heartbeat, and whether conversions would fall back to LibreOffice."""
	frappe = _connected(context)
	from performancewest_erpnext.pw_documents import storage
	from performancewest_erpnext.pw_documents.core import docserver

	try:
		settings = storage.settings()
		s3, bucket = storage.s3_client()
		age = docserver.heartbeat_age(s3, bucket)
		limit = settings.docserver_heartbeat_max_age or 300
		state = "no heartbeat" if age is None else f"heartbeat {age:.0f} s old (limit {limit} s)"
		alive = age is not None and age <= limit
		click.echo(
			f"converter: {settings.converter or 'LibreOffice'}; DocServer {state}: {'up' if alive else 'DOWN'}"
		)
	finally:
		frappe.destroy()
