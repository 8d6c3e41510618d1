"""FCC obligations of a carrier, derived from its regulatory profile (never typed per carrier).

Every rule cites its source in ../shared/reference/regulatory_facts.md's terms; every due date is rolled
to the next business day when it falls on a weekend or federal holiday (47 CFR 1.4(j)).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from pw_compliance.calendar.business_days import roll_forward

VOICE_KINDS = frozenset({"interconnected_voip", "clec", "ixc", "wireless_reseller"})
TELECOM_KINDS = VOICE_KINDS | {"non_interconnected_voip"}
# FCC annual regulatory fee due dates, set yearly by Report and Order (FY2023-FY2025 from the facts file)
REGULATORY_FEE_DATES = {2023: date(2023, 9, 20), 2024: date(2024, 9, 26), 2025: date(2025, 9, 25)}


@dataclass(frozen=True)
class CarrierProfile:
	country: str = "US"
	carrier_kinds: frozenset[str] = frozenset()
	de_minimis: bool = False
	files_499q: bool | None = None  # None: files unless de minimis
	rmd_required: bool | None = None  # None: every voice service provider
	bdc_broadband: bool = False
	bdc_voice: bool = False
	holds_numbering: bool = False
	pays_regulatory_fees: bool = True
	active_from: date | None = None

	@property
	def is_telecom(self) -> bool:
		return bool(self.carrier_kinds & TELECOM_KINDS)


@dataclass(frozen=True)
class DueObligation:
	code: str
	title: str
	period: str
	nominal_date: date
	due_date: date
	billable: bool
	service_slug: str
	source: str
	rule_text: str
	window_opens: date | None = None
	due_soon_days: int = 30
	estimated: bool = False
	jurisdiction: str = "US-FED"

	def as_json(self) -> dict:
		return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class Definition:
	code: str
	title: str
	service_slug: str
	source: str
	rule_text: str
	applies: Callable[[CarrierProfile], bool]
	dates: Callable[[int], list[tuple[date, str, date | None]]]  # year -> (nominal date, period, window)
	billable: bool = True
	estimated: Callable[[int], bool] = field(default=lambda year: False)


def _quarterly(year: int) -> list[tuple[date, str, date | None]]:
	# Feb 1 reports Q4 of the prior year; May 1 Q1; Aug 1 Q2; Nov 1 Q3 (actual revenue)
	return [
		(date(year, 2, 1), f"{year - 1}-Q4", None),
		(date(year, 5, 1), f"{year}-Q1", None),
		(date(year, 8, 1), f"{year}-Q2", None),
		(date(year, 11, 1), f"{year}-Q3", None),
	]


def _regulatory_fee_date(year: int) -> date:
	"""The year's date when known; else the last business day of September (an estimate)."""
	if year in REGULATORY_FEE_DATES:
		return REGULATORY_FEE_DATES[year]
	day = date(year, 9, 30)
	while day.weekday() >= 5:
		day -= timedelta(days=1)
	return day


def _files_499q(p: CarrierProfile) -> bool:
	return p.is_telecom and (p.files_499q if p.files_499q is not None else not p.de_minimis)


def _rmd(p: CarrierProfile) -> bool:
	return p.rmd_required if p.rmd_required is not None else bool(p.carrier_kinds & VOICE_KINDS)


DEFINITIONS: tuple[Definition, ...] = (
	Definition(
		"fcc-499a",
		"FCC Form 499-A",
		"fcc-499a",
		"47 CFR 54.706, 54.711; USAC When to File",
		"Due April 1 for the prior calendar year's revenue, de minimis filers included.",
		lambda p: p.is_telecom,
		lambda y: [(date(y, 4, 1), f"CY{y - 1}", None)],
	),
	Definition(
		"fcc-499q",
		"FCC Form 499-Q",
		"fcc-499a-499q",
		"47 CFR 54.711; USAC When to File",
		"Due Feb 1, May 1, Aug 1 and Nov 1; de minimis filers are exempt.",
		_files_499q,
		_quarterly,
	),
	Definition(
		"cpni",
		"CPNI annual certification",
		"cpni-certification",
		"47 CFR 64.2009(e); EB Docket 06-36",
		"Due by March 1 for the previous calendar year, filed in EB Docket 06-36.",
		lambda p: bool(p.carrier_kinds & VOICE_KINDS),
		lambda y: [(date(y, 3, 1), f"CY{y - 1}", None)],
	),
	Definition(
		"rmd",
		"Robocall Mitigation Database recertification",
		"rmd-filing",
		"47 CFR 64.6305; FCC 24-135; DA 26-72",
		"Annual recertification due by March 1 (first March 1, 2026); window opens February 1.",
		_rmd,
		lambda y: [(date(y, 3, 1), str(y), date(y, 2, 1))] if y >= 2026 else [],
	),
	Definition(
		"bdc",
		"Broadband Data Collection",
		"bdc-filing",
		"47 CFR 1.7004-1.7006",
		"December 31 data due March 1; June 30 data due September 1.",
		lambda p: p.bdc_broadband or p.bdc_voice,
		lambda y: [
			(date(y, 3, 1), f"{y - 1}-12-31", date(y, 1, 2)),
			(date(y, 9, 1), f"{y}-06-30", date(y, 7, 1)),
		],
	),
	Definition(
		"form-502",
		"Form 502 (NRUF)",
		"",
		"47 CFR 52.15(f)",
		"Due February 1 and August 1 from holders of numbering resources.",
		lambda p: p.holds_numbering,
		lambda y: [(date(y, 2, 1), f"{y}-02", None), (date(y, 8, 1), f"{y}-08", None)],
		billable=False,
	),
	Definition(
		"fcc-regulatory-fee",
		"FCC annual regulatory fee",
		"",
		"47 U.S.C. 159; the year's Report and Order",
		"Paid in CORES by the date the year's Report and Order sets (late September).",
		lambda p: p.pays_regulatory_fees and p.is_telecom,
		lambda y: [(_regulatory_fee_date(y), f"FY{y}", None)],
		billable=False,
		estimated=lambda y: y not in REGULATORY_FEE_DATES,
	),
)


def federal_obligations(profile: CarrierProfile, year: int) -> list[DueObligation]:
	if profile.country != "US":
		return []
	found = []
	for d in DEFINITIONS:
		if not d.applies(profile):
			continue
		for nominal, period, window in d.dates(year):
			due = roll_forward(nominal)
			if profile.active_from and due < profile.active_from:
				continue
			found.append(
				DueObligation(
					code=d.code, title=d.title, period=period, nominal_date=nominal, due_date=due,
					billable=d.billable, service_slug=d.service_slug, source=d.source,
					rule_text=d.rule_text, window_opens=window, estimated=d.estimated(year),
				)
			)  # fmt: skip
	return found
