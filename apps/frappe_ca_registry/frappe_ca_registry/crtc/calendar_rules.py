"""The recurring obligations of a Canadian carrier (a BC company registered with the CRTC), one rule each,
per the seed's compliance calendar (17 entries per carrier: regulatory, tax, the renewals of what we
provision, and the CRTC's annual telecom data collection). No Frappe import.

The three renewals are billable: each names the catalog service of the same slug (frappe_ca_registry's
data/catalog.json), invoiced by pw_compliance's sweep and renewed once paid (`crtc.renewals`).

Dates assume a December 31 fiscal year end (the year end the pipeline sets up; staff adjust entries of a
company with another year end) and move to the next weekday when they fall on a weekend (CRA and BC
holidays are not modelled). `anchor` is the incorporation date (BC annual report) and `provisioned` the
day the domain, number and mailbox were bought (their renewals).

`checked_on` is the day a rule was written from the provision it cites (statute or regulation text); None
marks a rule written from the seed's list whose date is our reading, not stated by a cited provision: such
entries are `estimated`. No rule was re-read against the live web page from the build machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

CRTC_DCS = "CRTC Data Collection System (crtc.gc.ca/eng/industr/mon/dcs.htm)"


@dataclass(frozen=True)
class CaRule:
	code: str
	title: str
	source: str
	rule_text: str
	dates: Callable[[int, date, date], list[tuple[date, str]]]  # (year, anchor, provisioned) -> (due, period)
	checked_on: date | None = None
	url: str = ""
	service_slug: str = ""
	jurisdiction: str = "CA-FED"  # a Jurisdiction code of pw_compliance ("BC"), "" for our own renewals

	@property
	def estimated(self) -> bool:
		return self.checked_on is None


def weekday(day: date) -> date:
	while day.weekday() >= 5:
		day += timedelta(days=1)
	return day


def _anniversary(year: int, start: date, months_after: int = 0) -> date:
	month = start.month + months_after
	y, m = year + (month - 1) // 12, (month - 1) % 12 + 1
	day = min(start.day, 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31)
	return date(y, m, day)


def _yearly(month: int, day: int, period_offset: int = -1) -> Callable[[int, date, date], list]:
	def dates(year: int, anchor: date, provisioned: date) -> list[tuple[date, str]]:
		return [(date(year, month, day), str(year + period_offset))]

	return dates


def _renewal(year: int, anchor: date, provisioned: date) -> list[tuple[date, str]]:
	if year <= provisioned.year:
		return []
	return [(_anniversary(year, provisioned), str(year))]


def _bc_annual_report(year: int, anchor: date, provisioned: date) -> list[tuple[date, str]]:
	if year <= anchor.year:
		return []
	return [(_anniversary(year, anchor, months_after=2), str(year))]


def _feb_last(year: int, anchor: date, provisioned: date) -> list[tuple[date, str]]:
	return [(date(year, 3, 1) - timedelta(days=1), str(year - 1))]


RULES: tuple[CaRule, ...] = (
	CaRule(
		"ca-bc-annual-report",
		"BC annual report (BC Registries)",
		"Business Corporations Act (BC), s. 51",
		"Filed every year within two months after the anniversary of the date of incorporation.",
		_bc_annual_report,
		checked_on=date(2026, 12, 3),
		jurisdiction="BC",
	),
	CaRule(
		"ca-crtc-annual",
		"CRTC annual maintenance: registration confirmed current",
		"Telecommunications Act, ss. 24 and 24.1; CRTC reseller registration list",
		"Once a year, on the registration's anniversary, confirm the CRTC registration list shows the carrier's "
		"current name, contact and services (our reading of the seed's 'CRTC annual maintenance').",
		_renewal,
	),
	CaRule(
		"ca-mailbox-renewal",
		"Vancouver mailbox renewal (Anytime Mailbox)",
		"Anytime Mailbox plan terms",
		"The annual mailbox plan renews on the anniversary of the signup.",
		_renewal,
		service_slug="ca-mailbox-renewal",
		jurisdiction="",
	),
	CaRule(
		"ca-domain-renewal",
		".ca domain renewal",
		"CIRA registration term; Porkbun renewal",
		"The .ca domain renews on the anniversary of its registration.",
		_renewal,
		service_slug="ca-domain-renewal",
		jurisdiction="",
	),
	CaRule(
		"ca-did-renewal",
		"Canadian phone number (DID) renewal",
		"Flowroute number terms",
		"The Vancouver number is kept on the anniversary of its purchase (billed monthly by Flowroute).",
		_renewal,
		service_slug="ca-did-renewal",
		jurisdiction="",
	),
	CaRule(
		"ca-ccts-renewal",
		"CCTS membership renewal",
		"CCTS participation (Telecom Regulatory Policy CRTC 2016-102)",
		"The CCTS membership and its annual fee come round on the anniversary of joining.",
		_renewal,
	),
	CaRule(
		"ca-t2-return",
		"T2 corporation income tax return",
		"Income Tax Act, s. 150(1)(a)",
		"Due six months after the end of the tax year (June 30 for a December 31 year end).",
		_yearly(6, 30),
		checked_on=date(2026, 12, 3),
	),
	CaRule(
		"ca-corporate-tax-payment",
		"Corporate income tax balance due",
		"Income Tax Act, s. 157(1)",
		"The balance is due two months after the tax year end (three months for some CCPCs).",
		_feb_last,
		checked_on=date(2026, 12, 3),
	),
	CaRule(
		"ca-gst-hst-return",
		"GST/HST return (annual filer)",
		"Excise Tax Act, s. 238(1)",
		"An annual filer's return is due three months after the fiscal year end (March 31).",
		_yearly(3, 31),
		checked_on=date(2026, 12, 3),
	),
	CaRule(
		"ca-t4-slips",
		"T4 slips and summary",
		"Income Tax Regulations, s. 205 (T4)",
		"Due the last day of February after the calendar year.",
		_feb_last,
		checked_on=date(2026, 12, 3),
	),
	CaRule(
		"ca-t4a-slips",
		"T4A slips and summary",
		"Income Tax Regulations, s. 205 (T4A)",
		"Due the last day of February after the calendar year.",
		_feb_last,
		checked_on=date(2026, 12, 3),
	),
	CaRule(
		"ca-bc-pst-return",
		"BC PST return on telecommunication services",
		"Provincial Sales Tax Act (BC); gov.bc.ca/pst",
		"The Province assigns the filing period (monthly, quarterly or annual); calendared as an annual filer's "
		"return due January 31; staff move it to the assigned period.",
		_yearly(1, 31),
		jurisdiction="BC",
	),
	CaRule(
		"ca-worksafebc",
		"WorkSafeBC employer's annual report",
		"Workers Compensation Act (BC); worksafebc.com",
		"The employer's annual payroll report is calendared for the last day of February.",
		_feb_last,
		jurisdiction="BC",
	),
	CaRule(
		"ca-crtc-registration-update",
		"CRTC registration update",
		"Telecommunications Act, s. 24; CRTC Telecom Decision on reseller registration",
		"Changes to the registered information are sent to the CRTC; calendared each year on the registration's "
		"anniversary as a review.",
		_renewal,
	),
	CaRule(
		"ca-crtc-dcs-registration",
		"CRTC Data Collection System: registration and contacts",
		CRTC_DCS,
		"The annual data collection starts with the registration form confirmed; calendared February 1.",
		_yearly(2, 1),
	),
	CaRule(
		"ca-crtc-ats-rep-t",
		"CRTC annual telecom data collection: form REP-T",
		CRTC_DCS,
		"The seed's REP-T form, mandatory for every carrier; calendared March 31 for the previous year.",
		_yearly(3, 31),
	),
	CaRule(
		"ca-crtc-ats-t1",
		"CRTC annual telecom data collection: form T1",
		CRTC_DCS,
		"The seed's T1 form, mandatory for every carrier; calendared March 31 for the previous year.",
		_yearly(3, 31),
	),
)


@dataclass(frozen=True)
class CaDue:
	code: str
	title: str
	period: str
	nominal_date: date
	due_date: date
	source: str
	rule_text: str
	estimated: bool
	service_slug: str
	jurisdiction: str


def obligations(year: int, anchor: date | None, provisioned: date | None) -> list[CaDue]:
	"""The carrier's Canadian obligations falling in the year."""
	anchor = anchor or date(year, 1, 1)
	provisioned = provisioned or anchor
	found = []
	for rule in RULES:
		for nominal, period in rule.dates(year, anchor, provisioned):
			checked = f" (rule as written on {rule.checked_on.isoformat()})" if rule.checked_on else ""
			found.append(
				CaDue(
					code=rule.code, title=rule.title, period=period, nominal_date=nominal,
					due_date=weekday(nominal), source=rule.source, rule_text=rule.rule_text + checked,
					estimated=rule.estimated, service_slug=rule.service_slug, jurisdiction=rule.jurisdiction,
				)
			)  # fmt: skip
	return found
