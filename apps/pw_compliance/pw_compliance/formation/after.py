"""After a State Filing is approved (hook `pw_filing_completed`, called once per filing by its `record`
step): the carrier profile learns its formation state, date and entity number, the calendar gets the
state's periodic report (formation state, or each approved foreign registration), the customer is told.
Each part is safe to run again."""

from typing import Any

import frappe
from frappe import _
from frappe.utils import escape_html, formatdate, getdate
from performancewest_erpnext.pw_orders import engine

from pw_compliance.calendar import entries
from pw_compliance.fulfilment.after import teach_profile

FILING = "State Filing"


def filing_completed(filing: Any) -> None:
	if filing.doctype != FILING:
		return
	learn(filing)
	calendar(filing)
	tell_customer(filing)


def learn(filing: Any) -> None:
	"""A formation gives the profile its state, date and entity number; a foreign qualification fills
	them from the home-state facts of its intake where the profile has none yet."""
	profile = frappe.get_doc("Carrier Profile", filing.carrier_profile)
	if filing.kind == "Formation":
		values = {
			"formation_jurisdiction": filing.jurisdiction,
			"entity_type": filing.entity_type,
			"formed_on": getdate(filing.approved_on or filing.filed_on),
			"state_entity_number": filing.filing_number,
		}
	else:
		answers = frappe.parse_json(filing.intake or "{}")
		values = {
			"formation_jurisdiction": filing.home_jurisdiction,
			"entity_type": filing.entity_type,
			"formed_on": getdate(answers["formed_on"]) if answers.get("formed_on") else None,
			"state_entity_number": answers.get("home_entity_number"),
		}
		values = {k: v for k, v in values.items() if not profile.get(k)}
	teach_profile(profile, values, filing.name)


def calendar(filing: Any) -> None:
	"""The profile's entries from the filing's year on: the state's periodic report among them."""
	start = getdate(filing.approved_on or filing.filed_on).year
	entries.ensure_entries(filing.carrier_profile, range(start, start + 3))


def tell_customer(filing: Any) -> None:
	if not filing.service_order:
		return
	order = frappe.get_doc("Service Order", filing.service_order)
	if not order.contact_email:
		return
	what = _("formed") if filing.kind == "Formation" else _("registered to do business")
	engine.email_customer(
		order,
		_("{0}: {1} in {2}").format(
			escape_html(filing.entity_name or filing.customer), what, filing.jurisdiction
		),
		_("<p>{0} is {1} in {2} since {3}. State filing number: {4}.</p>").format(
			escape_html(filing.entity_name or filing.customer),
			what,
			escape_html(filing.jurisdiction),
			formatdate(filing.approved_on or filing.filed_on, "MMMM d, y"),
			escape_html(filing.filing_number),
		),
	)
