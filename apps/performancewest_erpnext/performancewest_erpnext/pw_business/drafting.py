"""Drafting with a local model through Ollama (Ollama Settings, off by default, model qwen2.5:7b):
replies to tickets and the narrative of an order's documents. The prompt is built only from the record
the user may read (its fields the user's permission level reaches, and the thread of a ticket); a reply
is returned for a person to edit in the e-mail composer and is never sent by itself; a narrative is
saved as a Draft Order Narrative, which fills documents only once a person approved it."""

from typing import Any

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import strip_html_tags

from performancewest_erpnext.pw_checkout.gateways import log_call

SETTINGS = "Ollama Settings"
SERVICE = "Ollama"
NARRATIVE = "Order Narrative"
NARRATIVE_SYSTEM = (
	"You write one short, factual paragraph for a formal document that Performance West prepares for a "
	"telecom carrier: what was ordered and for whom, from the facts given only. No promises, no dates or "
	"figures that are not given. Return only the paragraph."
)
DRAFTABLE = ("Issue", "Communication")
SYSTEM = (
	"You draft e-mail replies for Performance West's support staff (telecom regulatory compliance filings). "
	"Write a short, polite, factual reply to the customer's last message, in the customer's language. "
	"Do not promise dates, prices or outcomes that the conversation does not state. "
	"Return only the body of the e-mail."
)
MAX_CHARS = 12000
FIELDS = {
	"Issue": ("subject", "status", "priority", "customer_name", "description"),
	"Communication": ("subject", "sender", "content"),
}


def _readable(doc: Any, fieldname: str) -> str:
	"""The field's text, when the user's permission level reaches it."""
	df = doc.meta.get_field(fieldname)
	if not df or not doc.has_permlevel_access_to(fieldname, df=df, permission_type="read"):
		return ""
	return strip_html_tags(str(doc.get(fieldname) or "")).strip()


def prompt_of(doctype: str, name: str) -> str:
	"""What the model is told: the record's readable fields and, for a ticket, its mails, oldest first."""
	if doctype not in DRAFTABLE:
		frappe.throw(_("Replies can be drafted for Issues and Communications only."))
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("read")
	if doctype == "Communication" and doc.reference_doctype == "Issue" and doc.reference_name:
		if frappe.has_permission("Issue", "read", doc.reference_name):
			return prompt_of("Issue", doc.reference_name)
	lines = [f"{doc.meta.get_label(f)}: {value}" for f in FIELDS[doctype] if (value := _readable(doc, f))]
	if doctype == "Issue":
		for message in frappe.get_all(
			"Communication",
			filters={
				"reference_doctype": "Issue",
				"reference_name": doc.name,
				"communication_type": "Communication",
			},
			fields=["name", "sent_or_received", "sender", "content"],
			order_by="communication_date asc, creation asc",
		):
			who = _("Us") if message.sent_or_received == "Sent" else (message.sender or _("Customer"))
			lines.append(f"--- {who}:\n{strip_html_tags(message.content or '').strip()}")
	text = "\n".join(lines)
	return text[-MAX_CHARS:]


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=30, seconds=60 * 60)
def draft_reply(doctype: str, name: str) -> str:
	"""A draft reply to the record, for the user to edit and send themselves."""
	settings = frappe.get_single(SETTINGS)
	if not settings.enabled:
		frappe.throw(_("Drafting with Ollama is switched off (Ollama Settings)."), title=_("Drafting off"))
	prompt = prompt_of(doctype, name)
	return ask(settings, prompt, reference=(doctype, name))


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=30, seconds=60 * 60)
def draft_narrative(order: str) -> str:
	"""Draft the order's narrative into its Order Narrative (status Draft) for a person to edit and
	approve; returns the Order Narrative's name."""
	settings = frappe.get_single(SETTINGS)
	if not settings.enabled:
		frappe.throw(_("Drafting with Ollama is switched off (Ollama Settings)."), title=_("Drafting off"))
	doc = frappe.get_doc("Service Order", order)
	doc.check_permission("read")
	existing = frappe.db.exists(NARRATIVE, order)
	narrative = frappe.get_doc(NARRATIVE, existing) if existing else frappe.new_doc(NARRATIVE)
	narrative.check_permission("write" if existing else "create")
	facts = [
		f"{doc.meta.get_label(f)}: {v}" for f in ("customer", "transaction_date") if (v := _readable(doc, f))
	]
	facts.append(
		_("Customer name: {0}").format(frappe.db.get_value("Customer", doc.customer, "customer_name"))
	)
	for line in doc.items:
		if not line.fee_of:
			facts.append(_("Service: {0}").format(line.description or line.service))
	text = ask(settings, "\n".join(facts), reference=("Service Order", order), system=NARRATIVE_SYSTEM)
	narrative.update({"service_order": order, "status": "Draft", "text": text, "model": settings.model})
	narrative.save()
	return narrative.name


def narrative_context(order: Any | None) -> dict:
	"""pw_documents' `pw_document_context`: {{ narrative.text }} is the order's approved narrative (a
	template that uses it cannot be filled before one is approved)."""
	name = None
	if order is not None:
		name = frappe.db.get_value(NARRATIVE, {"service_order": order.name, "status": "Approved"})
	return {"narrative": (NARRATIVE, name)}


def ask(settings: Any, prompt: str, reference: tuple[str, str] | None = None, system: str = SYSTEM) -> str:
	import httpx
	import ollama

	model = settings.model or "qwen2.5:7b"
	client = ollama.Client(host=settings.url or "http://127.0.0.1:11434", timeout=settings.timeout or 60)
	messages = [{"role": "system", "content": system}, {"role": "user", "content": prompt}]
	ref = frappe._dict(doctype=reference[0], name=reference[1]) if reference else None
	try:
		response = client.chat(model=model, messages=messages, options={"temperature": 0.3})
	except (ollama.ResponseError, httpx.HTTPError, ConnectionError) as e:
		log_call(SERVICE, "chat", {"model": model}, None, str(e)[:500], ref)
		frappe.throw(
			_(
				"The drafting model ({0} at {1}) did not answer: {2}. Write the reply yourself or try again later."
			).format(model, settings.url, str(e)[:200]),
			title=_("Drafting unavailable"),
		)
	draft = (response.message.content or "").strip()
	log_call(SERVICE, "chat", {"model": model, "prompt_chars": len(prompt)}, {"chars": len(draft)}, None, ref)
	return draft
