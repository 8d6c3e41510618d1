"""State filing fees we pass through to customers, checked against what a source says, written here with the
source (not re-read from the dataset).

OFFICIAL: the state's own fee schedule, form instructions or statute; the dataset must hold the same amount
and mark it confirmed (its own source URL and checked-on date). SECONDARY: only a third-party guide or fee
table said so; the dataset must hold the same amount and must NOT mark it confirmed, so it is shown to the
customer as "state fee to be confirmed" and never billed automatically.
"""

from __future__ import annotations

import pytest
from pw_compliance.jurisdictions import dataset

OFFICIAL, SECONDARY = "official", "secondary"
FORMATION, FOREIGN, REPORT = "formation_fee", "foreign_qualification_fee", "report_fee"

# (state, entity type, fee, amount, kind of source, source URL)
SOURCED: tuple[tuple[str, str, str, float, str, str], ...] = (
	("NV", "llc", FORMATION, 75, OFFICIAL, "https://lawserver.com/law/state/nevada/nrs/nevada_revised_statutes_86-561"),
	("NV", "llc", FOREIGN, 75, OFFICIAL, "https://lawserver.com/law/state/nevada/nrs/nevada_revised_statutes_86-561"),
	("NY", "llc", FORMATION, 200, OFFICIAL, "https://www.nysenate.gov/legislation/laws/LLC/1101"),
	("NC", "llc", FORMATION, 125, OFFICIAL,
		"https://law.onecle.com/north-carolina/57d-north-carolina-limited-liability-company-act/57d-1-22.html"),
	("NC", "llc", FOREIGN, 250, OFFICIAL,
		"https://law.onecle.com/north-carolina/57d-north-carolina-limited-liability-company-act/57d-1-22.html"),
	("NC", "llc", REPORT, 200, OFFICIAL,
		"https://law.onecle.com/north-carolina/57d-north-carolina-limited-liability-company-act/57d-1-22.html"),
	("WY", "llc", FOREIGN, 150, OFFICIAL, "https://fill.io/Limited-Liability-Company-Instructions"),
	("TX", "llc", FORMATION, 300, OFFICIAL, "https://docsbay.net/business-organization-fees-effective-01-01-2006"),
	("TX", "corporation", FORMATION, 300, OFFICIAL,
		"https://docsbay.net/business-organization-fees-effective-01-01-2006"),
	("CO", "llc", REPORT, 25, OFFICIAL,
		"https://www.einpresswire.com/article/720766679/june-17-periodic-report-filing-fee-to-increase-july-1"),
	("WY", "llc", FORMATION, 100, SECONDARY, "https://www.llcuniversity.com/wyoming-llc/forms/"),
	("TX", "llc", FOREIGN, 750, SECONDARY, "https://www.llcuniversity.com/foreign-llc-fees-by-state/"),
	("NY", "llc", FOREIGN, 250, SECONDARY, "https://www.llcuniversity.com/foreign-llc-fees-by-state/"),
	("CO", "llc", FORMATION, 50, SECONDARY, "https://llc.services/articles-of-organization/colorado"),
	("CO", "llc", FOREIGN, 100, SECONDARY, "https://www.discern.com/resources/foreign-qualification-requirements-by-state"),
	("FL", "llc", FORMATION, 125, SECONDARY, "https://www.limitedliabilitycompanycenter.com/florida/"),
	("FL", "llc", FOREIGN, 125, SECONDARY, "https://www.discern.com/resources/foreign-qualification-requirements-by-state"),
	("FL", "corporation", FORMATION, 70, SECONDARY, "https://legalclarity.org/how-much-to-register-a-business-in-florida"),
	("FL", "corporation", FOREIGN, 70, SECONDARY, "https://legalclarity.org/how-much-to-register-a-business-in-florida"),
	("DE", "llc", FORMATION, 110, SECONDARY, "https://legalclarity.org/delaware-filing-fees-for-llcs-and-corporations"),
	("DE", "corporation", FORMATION, 109, SECONDARY,
		"https://legalclarity.org/delaware-filing-fees-for-llcs-and-corporations"),
	("OH", "llc", FORMATION, 99, SECONDARY, "https://startabusiness.org/oh/llc/domestic/"),
	("OH", "corporation", FORMATION, 99, SECONDARY, "https://startabusiness.org/oh/corporation/domestic/"),
	("AL", "llc", FOREIGN, 150, SECONDARY, "https://www.discern.com/resources/foreign-qualification-requirements-by-state"),
	("AK", "llc", FOREIGN, 350, SECONDARY, "https://www.discern.com/resources/foreign-qualification-requirements-by-state"),
	("AZ", "llc", FOREIGN, 150, SECONDARY, "https://www.discern.com/resources/foreign-qualification-requirements-by-state"),
	("AR", "llc", FOREIGN, 270, SECONDARY, "https://www.discern.com/resources/foreign-qualification-requirements-by-state"),
	("CA", "llc", FOREIGN, 70, SECONDARY, "https://www.discern.com/resources/foreign-qualification-requirements-by-state"),
	("CT", "llc", FOREIGN, 120, SECONDARY, "https://www.discern.com/resources/foreign-qualification-requirements-by-state"),
	("MT", "corporation", FORMATION, 35, SECONDARY, "https://rules.mt.gov/gateway/showNoticefile.asp?TID=10966"),
)  # fmt: skip


def _row(state: str, entity_type: str) -> dict:
	for row in dataset.load_entity_rules():
		if (row["jurisdiction"], row["entity_type"]) == (state, entity_type):
			return row
	raise AssertionError(f"no rule for {state} {entity_type}")


def test_the_sourced_values_cover_at_least_15_states_formation_and_foreign_fees():
	states = {s for s, _e, fee, *_rest in SOURCED if fee in (FORMATION, FOREIGN)}
	assert len(states) >= 15, sorted(states)


@pytest.mark.parametrize(("state", "entity_type", "fee", "amount", "kind", "url"), SOURCED)
def test_the_fee_on_file_is_what_its_source_says(state, entity_type, fee, amount, kind, url):
	row = _row(state, entity_type)
	assert row[fee] == amount, f"{state} {entity_type} {fee}: {row[fee]} on file, {amount} at {url}"
	if kind == OFFICIAL:
		assert dataset.fee_confirmed(row, fee)
		assert row[f"{fee}_source"] == url
	else:
		assert not dataset.fee_confirmed(row, fee), f"{state} {fee} is confirmed only by a third party"


def test_every_confirmed_formation_or_foreign_fee_is_one_written_here():
	official = {(s, e, f) for s, e, f, _a, kind, _u in SOURCED if kind == OFFICIAL}
	for row in dataset.load_entity_rules():
		for fee in (FORMATION, FOREIGN):
			if dataset.fee_confirmed(row, fee):
				assert (row["jurisdiction"], row["entity_type"], fee) in official


def test_a_fee_source_needs_its_date_and_a_fee():
	row = dict(_row("NV", "llc"))
	row["formation_fee_checked_on"] = None
	assert any("formation_fee" in p for p in dataset.validate_rule_row(row))
	row = dict(_row("NV", "llc"), foreign_qualification_fee=None)
	assert any("not on file" in p for p in dataset.validate_rule_row(row))
	row = dict(_row("NV", "llc"), report_fee_source="http://insecure.example")
	assert any("https" in p for p in dataset.validate_rule_row(row))
