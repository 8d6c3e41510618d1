"""State filing fees we pass through to customers, checked against what a source says, written here with the
source (not re-read from the dataset).

OFFICIAL (the state's own site), STATUTE (the statute's text on a public law site) or COPY (the agency's own fee
schedule or form instructions hosted elsewhere): the dataset must hold the same amount and mark it confirmed
(its own source URL and checked-on date). SECONDARY: only a third-party guide or fee
table said so; the dataset must hold the same amount and must NOT mark it confirmed, so it is shown to the
customer as "state fee to be confirmed" and never billed automatically.
"""

from __future__ import annotations

import pytest
from pw_compliance.jurisdictions import dataset

OFFICIAL, STATUTE, COPY, SECONDARY = "official", "statute", "official copy", "secondary"
CONFIRMED = (OFFICIAL, STATUTE, COPY)
FORMATION, FOREIGN, REPORT = "formation_fee", "foreign_qualification_fee", "report_fee"

TX_SOS = "https://direct.sos.state.tx.us/help/help-corp.asp?pg=fee&plan_id=0"
TX_806 = "https://info.5y1.org/secretary-of-state-business-entity-search_1_061dc4.html"
IL = "https://ilga.gov/legislation/ilcs/fulltext.asp?DocName=080501800K50-10"
PA = (
	"https://govt.westlaw.com/pac/Document/NAAA5FFE27CF911EDADECAA98B5FC77FF?viewType=FullText"
	"&originationContext=documenttoc&transitionType=CategoryPageItem&contextData=(sc.Default)"
)
CA = "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=GOV&sectionNum=12186"
MI = (
	"https://casetext.com/statute/michigan-compiled-laws/chapter-450-corporations/michigan-limited-liability-"
	"company-act/article-11/section-4505101-filing-fees-deposit-use-charges-for-certifying-or-copying-files-or-"
	"records-dishonored-checks-form-of-payment-waiver-veteran"
)
NC_SOS = "https://sosnc.gov/fees/by_title/_Business_Registration"
NC_LLC = (
	"https://law.onecle.com/north-carolina/57d-north-carolina-limited-liability-company-act/57d-1-22.html"
)
NM = (
	"https://casetext.com/statute/new-mexico-statutes-1978/chapter-53-corporations/article-19-limited-liability-"
	"companies/section-53-19-63-filing-service-and-copying-fees"
)
WI = "https://getpocketlaw.com/law/state_wisconsin/section-183-0114-filing-and-service-fees_031b5ff73e22"
GA = "https://docslib.org/doc/5328332/corporations-division-filing-fees-effective-july-1-2021"
FL = "https://www.fill.io/COVER-LETTER-TO-New-Filing-Section-Division-of"
KY = "https://sos.ky.gov/bus/business-filings/Pages/Fees.aspx"
KY_S = (
	"https://casetext.com/statute/kentucky-revised-statutes/title-3-executive-branch/chapter-14a-kentucky-"
	"business-entity-filing-act/subchapter-14a2-filing-requirements/section-14a2-060-fees-and-miscellaneous-charges"
)
OR = "https://www.oregonlaws.org/ors/56.140"
NV = "https://lawserver.com/law/state/nevada/nrs/nevada_revised_statutes_86-561"
DISCERN = "https://www.discern.com/resources/foreign-qualification-requirements-by-state"

# (state, entity type, fee, amount, kind of source, source URL). OFFICIAL: the state's own site (agency or
# legislature); STATUTE: the state's statute text read on a public law site; COPY: the agency's own fee
# schedule or form instructions read in a copy hosted elsewhere. All three must be confirmed on file.
SOURCED: tuple[tuple[str, str, str, float, str, str], ...] = (
	("TX", "llc", FORMATION, 300, OFFICIAL, TX_SOS),
	("TX", "corporation", FORMATION, 300, OFFICIAL, TX_SOS),
	("TX", "llc", FOREIGN, 750, COPY, TX_806),
	("TX", "corporation", FOREIGN, 750, COPY, TX_806),
	("IL", "llc", FORMATION, 150, OFFICIAL, IL),
	("IL", "llc", FOREIGN, 150, OFFICIAL, IL),
	("PA", "llc", FORMATION, 125, STATUTE, PA),
	("PA", "llc", FOREIGN, 250, STATUTE, PA),
	("PA", "corporation", FORMATION, 125, STATUTE, PA),
	("PA", "corporation", FOREIGN, 250, STATUTE, PA),
	("CA", "corporation", FORMATION, 100, OFFICIAL, CA),
	("CA", "corporation", FOREIGN, 100, OFFICIAL, CA),
	("MI", "llc", FORMATION, 50, STATUTE, MI),
	("MI", "llc", FOREIGN, 50, STATUTE, MI),
	("NC", "corporation", FORMATION, 125, OFFICIAL, NC_SOS),
	("NC", "corporation", FOREIGN, 250, OFFICIAL, NC_SOS),
	("NC", "llc", FORMATION, 125, STATUTE, NC_LLC),
	("NC", "llc", FOREIGN, 250, STATUTE, NC_LLC),
	("NC", "llc", REPORT, 200, STATUTE, NC_LLC),
	("NM", "llc", FORMATION, 50, STATUTE, NM),
	("NM", "llc", FOREIGN, 100, STATUTE, NM),
	("WI", "llc", FORMATION, 130, STATUTE, WI),
	("WI", "llc", FOREIGN, 100, STATUTE, WI),
	("GA", "llc", FORMATION, 100, COPY, GA),
	("GA", "llc", FOREIGN, 225, COPY, GA),
	("GA", "corporation", FORMATION, 100, COPY, GA),
	("GA", "corporation", FOREIGN, 225, COPY, GA),
	("FL", "llc", FORMATION, 125, COPY, FL),
	("KY", "llc", FORMATION, 40, OFFICIAL, KY),
	("KY", "llc", FOREIGN, 90, STATUTE, KY_S),
	("OR", "llc", FORMATION, 100, STATUTE, OR),
	("OR", "llc", FOREIGN, 275, STATUTE, OR),
	("NV", "llc", FORMATION, 75, STATUTE, NV),
	("NV", "llc", FOREIGN, 75, STATUTE, NV),
	("NY", "llc", FORMATION, 200, OFFICIAL, "https://www.nysenate.gov/legislation/laws/LLC/1101"),
	("WY", "llc", FOREIGN, 150, COPY, "https://fill.io/Limited-Liability-Company-Instructions"),
	("CO", "llc", REPORT, 25, COPY,
		"https://www.einpresswire.com/article/720766679/june-17-periodic-report-filing-fee-to-increase-july-1"),
	("WY", "llc", FORMATION, 100, SECONDARY, "https://www.llcuniversity.com/wyoming-llc/forms/"),
	("NY", "llc", FOREIGN, 250, SECONDARY, "https://www.llcuniversity.com/foreign-llc-fees-by-state/"),
	("CO", "llc", FORMATION, 50, SECONDARY, "https://llc.services/articles-of-organization/colorado"),
	("CO", "llc", FOREIGN, 100, SECONDARY, DISCERN),
	("FL", "llc", FOREIGN, 125, SECONDARY, DISCERN),
	("FL", "corporation", FORMATION, 70, SECONDARY, "https://legalclarity.org/how-much-to-register-a-business-in-florida"),
	("FL", "corporation", FOREIGN, 70, SECONDARY, "https://legalclarity.org/how-much-to-register-a-business-in-florida"),
	("DE", "llc", FORMATION, 110, SECONDARY, "https://legalclarity.org/delaware-filing-fees-for-llcs-and-corporations"),
	("DE", "corporation", FORMATION, 109, SECONDARY,
		"https://legalclarity.org/delaware-filing-fees-for-llcs-and-corporations"),
	("OH", "llc", FORMATION, 99, SECONDARY, "https://startabusiness.org/oh/llc/domestic/"),
	("OH", "corporation", FORMATION, 99, SECONDARY, "https://startabusiness.org/oh/corporation/domestic/"),
	("AL", "llc", FOREIGN, 150, SECONDARY, DISCERN),
	("AK", "llc", FOREIGN, 350, SECONDARY, DISCERN),
	("AZ", "llc", FOREIGN, 150, SECONDARY, DISCERN),
	("AR", "llc", FOREIGN, 270, SECONDARY, DISCERN),
	("CA", "llc", FOREIGN, 70, SECONDARY, DISCERN),
	("CT", "llc", FOREIGN, 120, SECONDARY, DISCERN),
	("MT", "corporation", FORMATION, 35, SECONDARY, "https://rules.mt.gov/gateway/showNoticefile.asp?TID=10966"),
)  # fmt: skip


def _row(state: str, entity_type: str) -> dict:
	for row in dataset.load_entity_rules():
		if (row["jurisdiction"], row["entity_type"]) == (state, entity_type):
			return row
	raise AssertionError(f"no rule for {state} {entity_type}")


def test_at_least_15_states_formation_and_foreign_fees_are_confirmed_from_their_sources():
	states = {s for s, _e, fee, _a, kind, _u in SOURCED if fee in (FORMATION, FOREIGN) and kind in CONFIRMED}
	assert len(states) >= 15, sorted(states)


@pytest.mark.parametrize(("state", "entity_type", "fee", "amount", "kind", "url"), SOURCED)
def test_the_fee_on_file_is_what_its_source_says(state, entity_type, fee, amount, kind, url):
	row = _row(state, entity_type)
	assert row[fee] == amount, f"{state} {entity_type} {fee}: {row[fee]} on file, {amount} at {url}"
	if kind in CONFIRMED:
		assert dataset.fee_confirmed(row, fee)
		assert row[f"{fee}_source"] == url
	else:
		assert not dataset.fee_confirmed(row, fee), f"{state} {fee} is confirmed only by a third party"


def test_every_confirmed_formation_or_foreign_fee_is_one_written_here():
	official = {(s, e, f) for s, e, f, _a, kind, _u in SOURCED if kind in CONFIRMED}
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
