"""The FCC contribution factor page parser, against the page sample and odd pages."""

from decimal import Decimal
from pathlib import Path

import pytest
from pw_compliance.usf import parser

PAGE = (
	Path(__file__).resolve().parents[3]
	/ "apps/pw_compliance/pw_compliance/tests/fixtures/fcc/usf_contribution_factor.html"
).read_text()


def test_the_quarter_factor_and_its_public_notice_are_read():
	assert parser.parse(PAGE) == [
		parser.Announcement(
			"2026-Q2",
			Decimal("0.370"),
			"DA 26-218",
			"https://docs.fcc.gov/public/attachments/DA-26-218A1.pdf",
		)
	]


def test_older_wording_and_a_notice_named_in_text():
	page = "<p>Proposed contribution factor for the fourth quarter of 2013 is .151 or 15.1 percent. (DA 13-1889)</p>"
	assert parser.parse(page) == [parser.Announcement("2013-Q4", Decimal(".151"), "DA 13-1889", "")]
	bold = (
		"<p>Proposed contribution factor for first quarter 2027 is <b>0.362</b> or <b>36.2</b> percent.</p>"
	)
	assert parser.parse(bold)[0].quarter == "2027-Q1"


@pytest.mark.parametrize(
	("page", "reason"),
	[
		(
			"<html><body><h1>Page not found</h1></body></html>",
			"no 'Proposed contribution factor",
		),
		(
			"Proposed contribution factor for first quarter 2027 is 0.362 or 63.2 percent.",
			"disagree",
		),
		(
			"Proposed contribution factor for first quarter 2027 is 0.0036 or 0.36 percent.",
			"outside",
		),
		(
			"Proposed contribution factor for first quarter 1897 is 0.362 or 36.2 percent.",
			"Unlikely year",
		),
	],
)
def test_an_odd_page_gives_nothing(page, reason):
	with pytest.raises(parser.OddPage, match=reason):
		parser.parse(page)


def test_quarter_parts():
	assert parser.quarter_parts("2027-Q1") == (2027, 1)
	with pytest.raises(ValueError, match="YYYY-Qn"):
		parser.quarter_parts("Q1 2027")
