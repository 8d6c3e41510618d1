"""The Canadian carrier's 17 recurring obligations (frappe_ca_registry.crtc.calendar_rules) and the CRTC
intake's checks, without Frappe."""

from datetime import date

from frappe_ca_registry.crtc import calendar_rules, intake


def due(year: int, anchor: date | None, provisioned: date | None) -> dict[str, date]:
	return {o.code: o.due_date for o in calendar_rules.obligations(year, anchor, provisioned)}


def test_a_year_after_incorporation_has_all_17_entries_with_a_source():
	found = calendar_rules.obligations(2027, date(2026, 3, 10), date(2026, 4, 2))
	assert len(found) == 17 == len({o.code for o in found})
	assert all(o.source and o.rule_text and len(o.source) <= 140 for o in found)
	dates = {o.code: o.due_date for o in found}
	assert dates["ca-bc-annual-report"] == date(2027, 5, 10)  # two months after the anniversary
	assert dates["ca-t2-return"] == date(2027, 6, 30)  # six months after a December 31 year end
	assert dates["ca-gst-hst-return"] == date(2027, 3, 31)
	assert dates["ca-t4-slips"] == date(2027, 3, 1)  # Feb 28, 2027 is a Sunday
	assert dates["ca-domain-renewal"] == date(2027, 4, 2)


def test_the_first_year_has_no_renewal_or_annual_report_yet():
	first = due(2026, date(2026, 3, 10), date(2026, 4, 2))
	assert "ca-bc-annual-report" not in first and "ca-domain-renewal" not in first
	assert "ca-t2-return" in first


def test_rules_without_a_cited_provision_are_estimates():
	by_code = {o.code: o for o in calendar_rules.obligations(2027, date(2026, 3, 10), None)}
	assert not by_code["ca-t2-return"].estimated
	assert by_code["ca-crtc-ats-rep-t"].estimated and by_code["ca-bc-pst-return"].estimated
	assert by_code["ca-bc-annual-report"].jurisdiction == "BC"
	assert by_code["ca-mailbox-renewal"].jurisdiction == ""
	# the renewals of what we provision are billed through the catalog service of the same slug; nothing else
	assert {o.code for o in by_code.values() if o.service_slug} == {
		"ca-domain-renewal",
		"ca-did-renewal",
		"ca-mailbox-renewal",
	}
	assert all(o.service_slug == o.code for o in by_code.values() if o.service_slug)


def test_intake_checks_across_facts():
	assert intake.check({"office": intake.OWN_OFFICE, "proposed_names": "A Ltd."}) == {
		"office_address": "Give the BC address of your registered and records office."
	}
	assert intake.proposed_names({"proposed_names": " A  Ltd.\n\nB Ltd.\nA Ltd."}) == [
		"A Ltd.",
		"B Ltd.",
	]
