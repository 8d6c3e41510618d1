"""The FCC Form 499 filings (no Frappe import): the annual 499-A ($499), the 499-A with the quarterly
499-Q ($599) and the initial 499 registration that gives a new filer its 499 Filer ID ($299). Each is an
`services.FilingService`; all three are filed by staff in USAC's E-File with the officer's signed
worksheet, and the 499-A worksheets carry the de minimis result (`pw_compliance.usf.deminimis`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from pw_compliance.fulfilment.intake import Declaration, Fact
from pw_compliance.fulfilment.services import (
	ADDRESS,
	FRN_OPTIONAL,
	LEGAL_NAME,
	OFFICER,
	FilingService,
	frn_fact,
)
from pw_compliance.usf import deminimis

E_FILE = "https://forms.universalservice.org/"
MAX_REVENUE = 10**12


def _revenue(key: str, label: str, help: str = "") -> Fact:
	return Fact(key, label, type="int", min_value=0, max_value=MAX_REVENUE, help=help or "Whole dollars.")


FILER_ID = Fact(
	"filer_499_id",
	"Form 499 Filer ID",
	type="digits",
	length=6,
	prefill=("profile.filer_499_id", "previous.filer_499_id", "fcc.filer.filer_id"),
	produced_by="fcc-499-initial",
)
FACTOR = Fact(
	"usf_factor",
	"USF contribution factor for the de minimis worksheet",
	required=False,
	max_length=80,
	prefill=("usf.worksheet_factor",),
	help="We fill this in from the FCC's published factors; leave it as it is.",
)
ANNUAL_REVENUE = (
	_revenue("rev_block3", "Carrier's carrier revenue, Block 3 total (Lines 303-315)",
		"Revenue from other carriers who resell your service. Whole dollars, 0 if none."),
	_revenue("rev_block4b", "End-user revenue, Block 4-B total (Lines 403-418)",
		"Revenue from your own customers, all jurisdictions. Whole dollars."),
	_revenue("rev_interstate", "Interstate end-user revenue net of uncollectibles (Line 423(d))"),
	_revenue("rev_international", "International end-user revenue net of uncollectibles (Line 423(e))",
		"Whole dollars, 0 if none."),
	FACTOR,
)  # fmt: skip
QUARTER_REVENUE = (
	_revenue("q_interstate", "499-Q: the quarter's interstate end-user revenue (actual)"),
	_revenue("q_international", "499-Q: the quarter's international end-user revenue (actual)"),
	_revenue(
		"q_interstate_projected", "499-Q: projected interstate end-user revenue, the quarter after next"
	),
	_revenue(
		"q_international_projected", "499-Q: projected international end-user revenue, the quarter after next"
	),
)
COMM_TYPES = (
	"Interconnected VoIP",
	"CLEC",
	"Interexchange carrier (IXC)",
	"Wireless telephony",
	"Toll reseller",
	"Prepaid calling card",
	"Other",
)


def _factor(values: Mapping[str, Any]) -> tuple[str, str]:
	text = str(values.get("usf_factor") or "").strip()
	factor, _sep, source = text.partition(" ")
	return factor, source.strip("() ") or "entered for this filing"


def worksheet(values: Mapping[str, Any]) -> deminimis.Worksheet | None:
	"""The de minimis worksheet of the answers, or None while the revenue or the factor is missing."""
	factor, source = _factor(values)
	if values.get("rev_interstate") in (None, "") or not factor:
		return None
	try:
		return deminimis.estimate(
			values.get("rev_interstate"), values.get("rev_international"), factor, source
		)
	except ValueError:
		return None


def _money(value: Any) -> str:
	try:
		return f"${int(value or 0):,}"
	except (TypeError, ValueError):
		return str(value)


def _derive_499a(values: Mapping[str, Any]) -> dict[str, str]:
	sheet = worksheet(values)
	out = {
		"rev_block3_text": _money(values.get("rev_block3")),
		"rev_block4b_text": _money(values.get("rev_block4b")),
		"rev_interstate_text": _money(values.get("rev_interstate")),
		"rev_international_text": _money(values.get("rev_international")),
	}
	if sheet is None:
		out.update(
			deminimis_steps="The de minimis worksheet needs Line 423 and a contribution factor.",
			deminimis_result="not determined",
			estimated_contribution="",
		)
	else:
		out.update(
			deminimis_steps=" | ".join(sheet.steps),
			deminimis_result="de minimis" if sheet.de_minimis else "not de minimis (a USF contributor)",
			estimated_contribution=f"${sheet.contribution:,.2f}",
		)
	return out


def _derive_499q(values: Mapping[str, Any]) -> dict[str, str]:
	return {
		**_derive_499a(values),
		**{
			f"{key}_text": _money(values.get(key))
			for key in (
				"q_interstate",
				"q_international",
				"q_interstate_projected",
				"q_international_projected",
			)
		},
	}


def _learn_499a(values: Mapping[str, Any], confirmation: str) -> dict[str, Any]:
	learned: dict[str, Any] = {}
	for key in ("frn", "filer_499_id"):
		if values.get(key):
			learned[key] = values[key]
	sheet = worksheet(values)
	if sheet is not None:
		learned["usf_estimated_contribution"] = float(sheet.contribution)
		learned["de_minimis"] = 1 if sheet.de_minimis else 0
	return learned


def _values_499a(values: Mapping[str, Any]) -> list[tuple[str, str]]:
	return [
		("Form 499 Filer ID", values.get("filer_499_id", "")),
		("Legal name", values.get("carrier_name", "")),
		("FRN", values.get("frn") or "(none)"),
		("Reporting", values.get("period_label", "")),
		("Block 3 total (Lines 303-315)", values.get("rev_block3_text", "")),
		("Block 4-B total (Lines 403-418)", values.get("rev_block4b_text", "")),
		("Line 423(d) interstate", values.get("rev_interstate_text", "")),
		("Line 423(e) international", values.get("rev_international_text", "")),
		("De minimis worksheet", f"{values.get('deminimis_result', '')} "
			f"(estimated contribution {values.get('estimated_contribution') or 'n/a'})"),
		("Certifying officer (Block 6)", f"{values.get('officer_name', '')}, {values.get('officer_title', '')}"),
	]  # fmt: skip


def _values_499q(values: Mapping[str, Any]) -> list[tuple[str, str]]:
	return [
		*_values_499a(values),
		("499-Q actual interstate", values.get("q_interstate_text", "")),
		("499-Q actual international", values.get("q_international_text", "")),
		("499-Q projected interstate", values.get("q_interstate_projected_text", "")),
		("499-Q projected international", values.get("q_international_projected_text", "")),
	]


def _calendar_year(today: date) -> str:
	return f"CY{today.year - 1}"


def _calendar_label(period: str) -> str:
	return f"calendar year {period[2:]}" if re.fullmatch(r"CY\d{4}", period) else period


QUARTERS = {1: "first", 2: "second", 3: "third", 4: "fourth"}


def next_quarter_due(today: date) -> str:
	"""The 499-Q period due next (Feb 1 reports Q4 of the year before, May 1 Q1, Aug 1 Q2, Nov 1 Q3)."""
	for month, quarter, year in (
		(2, 4, today.year - 1),
		(5, 1, today.year),
		(8, 2, today.year),
		(11, 3, today.year),
	):
		if today <= date(today.year, month, 1):
			return f"{year}-Q{quarter}"
	return f"{today.year}-Q4"


def quarter_label(period: str) -> str:
	match = re.fullmatch(r"(\d{4})-Q([1-4])", period)
	return f"the {QUARTERS[int(match[2])]} quarter of {match[1]}" if match else _calendar_label(period)


def _check_filer_id(confirmation: str) -> str | None:
	return (
		None
		if re.fullmatch(r"\d{6}", confirmation)
		else "The confirmation is the new 499 Filer ID: 6 digits."
	)


FORM_499A = FilingService(
	slug="fcc-499a",
	obligation="fcc-499a",
	title="FCC Form 499-A",
	declaration=Declaration((LEGAL_NAME, FRN_OPTIONAL, FILER_ID, ADDRESS, *OFFICER, *ANNUAL_REVENUE)),
	portal=E_FILE,
	staff_instructions=(
		"File the carrier's Form 499-A in USAC E-File (log in as the filer's agent) with the values below "
		"and keep the signed revenue worksheet and de minimis worksheet on file."
	),
	default_period=_calendar_year,
	period_label=_calendar_label,
	templates={"": "Form 499-A Revenue Worksheet"},
	signer=True,
	filing_values=_values_499a,
	learn=_learn_499a,
	derive=_derive_499a,
)

FORM_499AQ = FilingService(
	slug="fcc-499a-499q",
	obligation="fcc-499q",
	title="FCC Form 499-A and 499-Q",
	declaration=Declaration(
		(LEGAL_NAME, FRN_OPTIONAL, FILER_ID, ADDRESS, *OFFICER, *ANNUAL_REVENUE, *QUARTER_REVENUE)
	),
	portal=E_FILE,
	staff_instructions=(
		"File the carrier's Form 499-Q for the quarter (and its Form 499-A when one is due) in USAC "
		"E-File with the values below; the 499-Q is filed only by a filer that is not de minimis."
	),
	default_period=next_quarter_due,
	period_label=quarter_label,
	templates={"": "Form 499-A and 499-Q Revenue Worksheet"},
	signer=True,
	filing_values=_values_499q,
	learn=_learn_499a,
	derive=_derive_499q,
)

FORM_499_INITIAL = FilingService(
	slug="fcc-499-initial",
	obligation="fcc-499-initial",
	title="FCC Form 499 initial registration",
	declaration=Declaration(
		(
			LEGAL_NAME,
			frn_fact("USAC registers a 499 filer under its FRN."),
			Fact(
				"ein",
				"Employer Identification Number (EIN)",
				type="digits",
				length=9,
				prefill=("previous.ein",),
			),
			ADDRESS,
			*OFFICER,
			Fact("comm_type", "Principal communications type (Line 105)", type="select", options=COMM_TYPES),
			Fact("service_start", "Date you began (or will begin) providing service", type="date"),
			Fact(
				"dc_agent",
				"D.C. agent for service of process (name and address)",
				type="long_text",
				prefill=("previous.dc_agent",),
				help="Lines 209-218; our DC agent service can provide one.",
			),
			Fact("contact_name", "Contact person for USAC", prefill=("previous.contact_name",)),
			Fact("contact_email", "Contact e-mail", type="email", prefill=("previous.contact_email",)),
			Fact("contact_phone", "Contact phone", prefill=("previous.contact_phone",)),
		)
	),  # fmt: skip
	portal=E_FILE,
	staff_instructions=(
		"Register the carrier as a new Form 499 filer with USAC (registration-only Form 499-A: Blocks 1, "
		"2 and 6) with the values below. Record the new 499 Filer ID as the confirmation number and attach "
		"USAC's confirmation."
	),
	default_period=lambda today: "registration",
	templates={"": "Form 499 Registration Worksheet"},
	signer=True,
	filing_values=lambda v: [
		("Legal name", v.get("carrier_name", "")),
		("FRN", v.get("frn", "")),
		("EIN", v.get("ein", "")),
		("Principal address", v.get("address", "")),
		("Communications type (Line 105)", v.get("comm_type", "")),
		("Service start", v.get("service_start", "")),
		("D.C. agent (Lines 209-218)", v.get("dc_agent", "")),
		(
			"Contact",
			f"{v.get('contact_name', '')}, {v.get('contact_email', '')}, {v.get('contact_phone', '')}",
		),
		("Certifying officer (Block 6)", f"{v.get('officer_name', '')}, {v.get('officer_title', '')}"),
	],
	check_confirmation=_check_filer_id,
	learn=lambda values, confirmation: {"filer_499_id": confirmation, "frn": values.get("frn")},
)

FORM_499 = (FORM_499A, FORM_499AQ, FORM_499_INITIAL)
