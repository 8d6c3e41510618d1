"""Document Templates: DOCX files with `{{ namespace.field }}` placeholders, checked on upload and
filled from an order (python-docx; the placeholder work is in `core.placeholders`).

The fields a template may use come from context providers: this module's own (order, customer, contact,
company, document) and those other apps add through the `pw_document_context` hook, e.g. pw_compliance's
carrier profile and jurisdiction, without this app importing them:

	pw_document_context = ["pw_compliance.documents.context"]

A provider is `fn(order) -> {namespace: source}`, called with the Service Order, or with None when a
template is checked (only the namespaces and their fields matter then). A source is a `(doctype, name)`
pair (fields from the DocType, values from that record; name None while checking) or a plain dict of
field → value.
"""

from collections.abc import Callable
from typing import Any

import frappe
from frappe import _
from frappe.model import no_value_fields, table_fields
from frappe.utils import cint, fmt_money, formatdate, getdate, today

from performancewest_erpnext.pw_documents.core import placeholders as ph

TEMPLATE = "Document Template"
ORDER_DOCUMENT = "Order Document"

Source = tuple[str, str | None] | dict[str, Any]


def builtin_context(order: Any | None) -> dict[str, Source]:
	company = frappe.db.get_single_value("Performance West Settings", "company")
	contact = None
	if order is not None:
		contact = _primary_contact(order.customer, order.contact_email)
	return {
		"order": ("Service Order", order.name if order is not None else None),
		"customer": ("Customer", order.customer if order is not None else None),
		"contact": ("Contact", contact),
		"company": ("Company", company),
		"document": {
			"date": formatdate(today(), "MMMM d, y"),
			"year": str(getdate().year),
			"services": _services(order) if order is not None else "",
		},
	}


def _services(order: Any) -> str:
	names = {
		frappe.db.get_value("Catalog Service", track.service, "service_name") or track.service
		for track in order.tracks
	}
	return ", ".join(sorted(names))


def _primary_contact(customer: str, email: str | None) -> str | None:
	links = frappe.get_all(
		"Dynamic Link",
		filters={"parenttype": "Contact", "link_doctype": "Customer", "link_name": customer},
		pluck="parent",
	)
	if not links:
		return None
	if email:
		match = frappe.db.get_value("Contact", {"name": ("in", links), "email_id": email})
		if match:
			return match
	return frappe.db.get_value("Contact", {"name": ("in", links), "is_primary_contact": 1}) or links[0]


def providers() -> list[Callable[[Any], dict[str, Source]]]:
	return [builtin_context] + [frappe.get_attr(path) for path in frappe.get_hooks("pw_document_context")]


def _sources(order: Any | None) -> dict[str, Source]:
	sources: dict[str, Source] = {}
	for provider in providers():
		sources.update(provider(order) or {})
	return sources


def _doctype_fields(doctype: str) -> set[str]:
	meta = frappe.get_meta(doctype)
	fields = {
		df.fieldname
		for df in meta.fields
		if df.fieldtype not in no_value_fields and df.fieldtype not in table_fields
	}
	return fields | {"name"}


def known_fields() -> dict[str, set[str]]:
	"""{namespace: {field, ...}} a template may use."""
	known = {}
	for namespace, source in _sources(None).items():
		if isinstance(source, tuple):
			known[namespace] = _doctype_fields(source[0])
		else:
			known[namespace] = set(source)
	return known


def _format(value: Any, df: Any, doc: Any) -> str:
	if value is None or value == "":
		return ""
	fieldtype = df.fieldtype if df else "Data"
	if fieldtype in ("Date", "Datetime"):
		return formatdate(value, "MMMM d, y")
	if fieldtype == "Currency":
		currency = doc.get("currency") or frappe.db.get_default("currency") or "USD"
		return fmt_money(value, currency=currency)
	if fieldtype == "Check":
		return _("Yes") if cint(value) else _("No")
	return str(value)


def values_for(order: Any, wanted: list[str], context: dict[str, Source] | None = None) -> dict[str, str]:
	"""The text for each wanted "namespace.field" for this order (`context`: namespaces of this one
	document, over the providers', e.g. the filing a handler generates it for); a record the template
	needs but the order lacks (a customer without a contact ...) is an error, never a blank."""
	sources = {**_sources(order), **(context or {})}
	docs: dict[str, Any] = {}
	result = {}
	for placeholder in wanted:
		namespace, _dot, field = placeholder.partition(".")
		source = sources.get(namespace)
		if source is None:
			frappe.throw(_("No data for the placeholder {0}.").format(placeholder))
		if isinstance(source, dict):
			if field not in source:
				frappe.throw(_("No data for the placeholder {0}.").format(placeholder))
			result[placeholder] = "" if source[field] is None else str(source[field])
			continue
		doctype, name = source
		if not name:
			frappe.throw(
				_("The template uses the placeholder {0}, but order {1} has no {2} record.").format(
					placeholder, order.name, _(doctype)
				),
				title=_("Missing data"),
			)
		if namespace not in docs:
			docs[namespace] = frappe.get_doc(doctype, name)
		doc = docs[namespace]
		result[placeholder] = _format(doc.get(field), doc.meta.get_field(field), doc)
	return result


# ---------- the Document Template controller's work ----------


def file_content(file_url: str) -> bytes:
	name = frappe.db.get_value("File", {"file_url": file_url}, "name")
	if not name:
		frappe.throw(_("The attached file {0} was not found.").format(file_url))
	return frappe.get_doc("File", name).get_content()


def check_template(template: Any) -> None:
	"""On save: the attachment must be a DOCX whose placeholders are all known; the version goes up by
	one when a new DOCX is attached."""
	if not template.docx:
		frappe.throw(_("Attach the template's DOCX file."))
	if not template.docx.lower().endswith(".docx"):
		frappe.throw(_("The template must be a .docx file."), title=_("Invalid template"))
	previous = template.get_doc_before_save()
	if previous and previous.docx == template.docx and template.placeholders is not None:
		return
	content = file_content(template.docx)
	try:
		found = ph.validate(content, known_fields())
	except ph.TemplateError as e:
		message = _("The template cannot be used: {0}.").format(frappe.utils.escape_html(str(e)))
		if e.unknown:
			known = known_fields()
			hints = []
			for unknown in e.unknown:
				namespace = unknown.partition(".")[0]
				if namespace not in known:
					hints.append(
						_("{0}: no such namespace (known: {1})").format(namespace, ", ".join(sorted(known)))
					)
			if hints:
				message += "<br>" + "<br>".join(frappe.utils.escape_html(h) for h in hints)
		frappe.throw(message, title=_("Invalid template"))
	template.placeholders = "\n".join(found)
	template.version = (previous.version if previous else template.version or 0) + 1


# ---------- generating documents ----------


def generate(
	template: str,
	service_order: str,
	title: str | None = None,
	kind: str | None = None,
	sequence: int | None = None,
	description: str | None = None,
	convert_now: bool = False,
	context: dict[str, Source] | None = None,
) -> Any:
	"""The Order Document made from `template` for the order: filled, stored (the DOCX) and queued for
	conversion to PDF. Once per order and template: a second call returns the existing document (a failed
	one is filled and converted again). `context` adds namespaces for this document (see `values_for`)."""
	from performancewest_erpnext.pw_documents import convert, storage

	tpl = frappe.get_doc(TEMPLATE, template)
	if not tpl.enabled:
		frappe.throw(_("Template {0} is disabled.").format(template))
	order = frappe.get_doc("Service Order", service_order)
	existing = frappe.db.get_value(
		ORDER_DOCUMENT,
		{
			"service_order": service_order,
			"template": template,
			"kind": ("not in", ("Binder", "Signed Document")),
		},
		"name",
	)
	doc = frappe.get_doc(ORDER_DOCUMENT, existing) if existing else None
	if doc and doc.status != "Failed":
		return doc
	content = file_content(tpl.docx)
	wanted = ph.scan(content).placeholders
	filled = ph.fill(content, values_for(order, wanted, context))
	if doc is None:
		doc = frappe.get_doc(
			{
				"doctype": ORDER_DOCUMENT,
				"title": title or tpl.title,
				"customer": order.customer,
				"service_order": order.name,
				"kind": kind or tpl.default_kind or "Letter",
				"template": tpl.name,
				"sequence": sequence if sequence is not None else next_sequence(order.name),
				"description": description or tpl.description,
				"status": "Draft",
			}
		).insert(ignore_permissions=True)
	backend, key = storage.save(doc, f"{frappe.scrub(doc.title)}.docx", filled)
	doc.db_set(
		{
			"template_version": tpl.version,
			"storage": backend,
			"source_key": key,
			"status": "Converting",
			"error": "",
		}
	)
	if convert_now:
		convert.convert_document(doc.name)
		doc.reload()
	else:
		convert.enqueue_conversion(doc.name)
	return doc


def next_sequence(service_order: str) -> int:
	last = frappe.db.get_value(
		ORDER_DOCUMENT,
		{"service_order": service_order, "kind": ("!=", "Binder")},
		"max(sequence)",
	)
	return cint(last) + 10
