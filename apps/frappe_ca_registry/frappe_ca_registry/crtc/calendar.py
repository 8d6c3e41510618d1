"""hooks `pw_calendar_providers`: a Canadian carrier profile's obligations for pw_compliance's calendar."""

from typing import Any

import frappe
from frappe.utils import getdate
from pw_compliance.calendar.federal import DueObligation

from frappe_ca_registry.crtc import calendar_rules

REGISTRATION = "CRTC Registration"


def _provisioned(doc: Any) -> Any:
	"""The day the carrier's domain, number and mailbox were bought (its registration's), else joined."""
	if doc.get("name") and frappe.db.exists("DocType", REGISTRATION):
		day = frappe.db.get_value(
			REGISTRATION, {"carrier_profile": doc.name, "provisioned_on": ("is", "set")}, "provisioned_on"
		)
		if day:
			return getdate(day)
	return getdate(doc.active_from) if doc.get("active_from") else None


def canadian_obligations(doc: Any, year: int) -> list[DueObligation]:
	if (doc.get("country") or "US") != "CA":
		return []
	anchor = getdate(doc.formed_on) if doc.get("formed_on") else None
	return [
		DueObligation(
			code=o.code, title=o.title, period=o.period, nominal_date=o.nominal_date, due_date=o.due_date,
			billable=bool(o.service_slug), service_slug=o.service_slug, source=o.source, rule_text=o.rule_text,
			estimated=o.estimated, jurisdiction=o.jurisdiction,
		)
		for o in calendar_rules.obligations(year, anchor, _provisioned(doc))
	]  # fmt: skip
