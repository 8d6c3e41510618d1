"""The intake summary of a filing: the answers it was prepared from, as a PDF Order Document of its order,
so the delivery binder holds them beside the signed documents and the receipt (`after.bind`)."""

import io
import json
from typing import Any

import frappe
from frappe import _
from frappe.utils import format_datetime
from reportlab.lib.pagesizes import letter
from reportlab.lib.units import inch
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from pw_compliance.fulfilment.services import SERVICES

MARGIN = 0.9 * inch
WIDTH = letter[0] - 2 * MARGIN


def summary_lines(filing: Any) -> list[tuple[str, str]]:
	"""(label, answer) for each declared fact that has an answer, in the declaration's order."""
	spec = SERVICES[filing.service]
	answers = json.loads(filing.intake or "{}")
	lines = []
	for fact in spec.declaration.facts:
		value = answers.get(fact.key)
		if value in (None, ""):
			continue
		shown = spec.format(fact.key, value)
		if fact.type == "file":
			shown = shown.rsplit("/", 1)[-1]
		lines.append((_(fact.label), shown))
	return lines


def render(title: str, subtitle: str, lines: list[tuple[str, str]]) -> bytes:
	"""A plain PDF of labelled answers, on as many pages as they need."""
	out = io.BytesIO()
	c = canvas.Canvas(out, pagesize=letter)
	c.setTitle(title)
	y = letter[1] - MARGIN

	def need(height: float) -> None:
		nonlocal y
		if y - height < MARGIN:
			c.showPage()
			y = letter[1] - MARGIN

	c.setFont("Helvetica-Bold", 15)
	c.drawString(MARGIN, y, title)
	y -= 20
	c.setFont("Helvetica", 10)
	c.drawString(MARGIN, y, subtitle)
	y -= 26
	for label, value in lines:
		wrapped = simpleSplit(value, "Helvetica", 10, WIDTH - 12) or [""]
		need(14 + 13 * min(len(wrapped), 3))
		c.setFont("Helvetica-Bold", 10)
		c.drawString(MARGIN, y, label)
		y -= 14
		c.setFont("Helvetica", 10)
		for line in wrapped:
			need(13)
			c.drawString(MARGIN + 12, y, line)
			y -= 13
		y -= 6
	c.save()
	return out.getvalue()


def add_to_order(filing: Any) -> str | None:
	"""The filing's intake summary as a document of its order, once (by title)."""
	from performancewest_erpnext.pw_documents import storage
	from performancewest_erpnext.pw_documents.convert import store_pdf
	from performancewest_erpnext.pw_documents.templates import next_sequence

	if not filing.service_order:
		return None
	spec = SERVICES[filing.service]
	title = _("{0} intake summary {1}").format(spec.title, filing.period)
	existing = frappe.db.get_value("Order Document", {"service_order": filing.service_order, "title": title})
	if existing:
		return existing
	when = filing.intake_submitted_on
	subtitle = _("Filing {0} · {1} · answers as received{2}").format(
		filing.name,
		spec.period_label(filing.period),
		" "
		+ _("on {0} from {1}").format(format_datetime(when, "MMMM d, y HH:mm"), filing.intake_submitted_by)
		if when
		else "",
	)
	doc = frappe.get_doc(
		{
			"doctype": "Order Document",
			"title": title,
			"customer": filing.customer,
			"service_order": filing.service_order,
			"kind": "Other",
			"sequence": next_sequence(filing.service_order),
			"status": "Draft",
			"storage": storage.backend(),
			"description": _("What the customer told us for {0}").format(filing.name),
		}
	).insert(ignore_permissions=True)
	store_pdf(doc, render(title, subtitle, summary_lines(filing)), converter="reportlab")
	return doc.name
