"""The carrier's compliance calendar in the customer portal (/portal/calendar, also reached as
/compliance_calendar), as a timeline; and what pw_compliance adds to the portal's dashboard and profile
(hooks `pw_portal_dashboard`, `pw_portal_profile` of performancewest_erpnext)."""

from itertools import groupby

import frappe
from frappe import _
from frappe.utils import format_date, getdate, nowdate
from performancewest_erpnext.pw_portal.dashboard import doc_fields, pay_route, short_date
from performancewest_erpnext.pw_portal.pages import portal_context

from pw_compliance.calendar.entries import ENTRY, KIND_FIELDS, PROFILE

no_cache = 1
OPEN = ("Upcoming", "Due Soon", "Invoice Sent", "Paid", "Filing", "Overdue")
FIELDS = [
	"name",
	"title",
	"period",
	"due_date",
	"status",
	"sales_invoice",
	"rule_text",
	"source",
	"estimated",
	"completed_on",
	"confirmation_number",
]


def status_words() -> dict[str, str]:
	return {
		"Upcoming": _("Upcoming"),
		"Due Soon": _("Due soon"),
		"Invoice Sent": _("Invoice sent: pay to let us file"),
		"Paid": _("Paid: we will file"),
		"Filing": _("We are filing"),
		"Completed": _("Filed"),
		"Overdue": _("Overdue"),
	}


def present(entry: dict, words: dict[str, str]) -> dict:
	payable = entry.sales_invoice and entry.status in ("Invoice Sent", "Overdue")
	return {
		**entry,
		"words": words.get(entry.status, _(entry.status)),
		"date": short_date(entry.due_date),
		"needs_you": bool(payable),
		"done": entry.status == "Completed",
		"pay": pay_route(entry.sales_invoice) if payable else None,
		"filed": filed_words(entry) if entry.status == "Completed" else "",
	}


def filed_words(entry: dict) -> str:
	"""From our own records, before the FCC's data shows it: "Filed on …, confirmation …"."""
	if not entry.completed_on:
		return ""
	words = _("Filed on {0}").format(format_date(entry.completed_on, "MMMM d, yyyy"))
	if entry.confirmation_number:
		words += ", " + _("confirmation {0}").format(entry.confirmation_number)
	return words


def get_context(context):
	"""The carrier's own compliance calendar and profile, read-only, grouped by month."""
	customer = portal_context(context, "/portal/calendar", _("Compliance calendar"))
	context.today = getdate(nowdate())
	context.profiles = frappe.get_all(
		PROFILE, filters={"customer": customer}, fields=["customer", "frn", "filer_499_id"]
	)
	words = status_words()
	context.entries = [
		present(e, words)
		for e in frappe.get_all(
			ENTRY,
			filters={"customer": customer, "status": ("!=", "Closed")},
			fields=FIELDS,
			order_by="due_date asc, title asc",
		)
	]
	context.overdue = sum(e["status"] == "Overdue" for e in context.entries)
	context.months = [
		{"label": format_date(month, "MMMM yyyy"), "entries": list(rows)}
		for month, rows in groupby(context.entries, key=lambda e: getdate(e["due_date"]).replace(day=1))
	]


def dashboard_cards(customer: str) -> list[dict]:
	"""The portal dashboard's "Next deadlines" and carrier profile cards."""
	words = status_words()
	upcoming = frappe.get_all(
		ENTRY,
		filters={"customer": customer, "status": ("in", OPEN)},
		fields=FIELDS,
		order_by="due_date asc",
		limit=5,
	)
	cards = [
		{
			"title": _("Next deadlines"),
			"order": 10,
			"items": [
				{
					"label": e.title + (f" ({e.period})" if e.period else ""),
					"date": short_date(e.due_date),
					"status": words.get(e.status, e.status),
					"needs_you": e.status in ("Invoice Sent", "Overdue"),
					"route": pay_route(e.sales_invoice)
					if e.sales_invoice and e.status in ("Invoice Sent", "Overdue")
					else "/portal/calendar",
				}
				for e in upcoming
			],
			"empty": _("No filings due."),
			"link": {"route": "/portal/calendar", "label": _("Compliance calendar")},
		}
	]
	profile = frappe.db.get_value(
		PROFILE, {"customer": customer}, ["frn", "filer_499_id", "rmd_status", *KIND_FIELDS], as_dict=True
	)
	if profile:
		meta = frappe.get_meta(PROFILE)
		kinds = ", ".join(_(meta.get_label(k)) for k in KIND_FIELDS if profile.get(k))
		cards.append(
			{
				"title": _("Carrier profile"),
				"order": 20,
				"items": [
					{"label": label, "detail": value}
					for label, value in (
						(_("FRN"), profile.frn),
						(_("Form 499 Filer ID"), profile.filer_499_id),
						(_("RMD status"), _(profile.rmd_status) if profile.rmd_status else None),
						(_("Services"), kinds),
					)
					if value
				],
				"link": {"route": "/portal/profile", "label": _("Full profile")},
			}
		)
	return cards


def profile_sections(customer: str) -> list[dict]:
	"""The carrier profile, read-only, for /portal/profile."""
	name = frappe.db.get_value(PROFILE, {"customer": customer})
	if not name:
		return []
	return [
		{
			"title": _("Carrier profile"),
			"order": 10,
			"fields": doc_fields(PROFILE, name, skip=("customer",)),
		}
	]
