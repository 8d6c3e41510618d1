"""The compliance check: matched FCC records and a day in, one result per area out.

Deadlines, rule sentences and sources come from the compliance calendar's definitions
(`pw_compliance.calendar.federal`) and its 47 CFR 1.4(j) roll, so the check and a customer's calendar
never disagree. Messages go through `_` (the caller passes frappe's translator; plain strings in tests).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date

from pw_compliance.calendar.business_days import roll_forward
from pw_compliance.calendar.federal import DEFINITIONS
from pw_compliance.fcc.matching import Match, Matched
from pw_compliance.fcc.profile import carrier_kinds, yes_no

RULES = {d.code: d for d in DEFINITIONS}
ACTION_STATUSES = frozenset({"due", "past_due", "missing"})  # preselected for remediation
CORES_RULE = (
	"Anyone doing business with the FCC needs a 10-digit FRN from CORES and must keep it current; "
	"delinquent FCC debt puts every FRN on the same TIN on red light."
)
CORES_SOURCE = "47 CFR 1.8001-1.8003, 1.1910"
BDC_SERVICES = {(True, True): "bdc-filing", (True, False): "bdc-broadband", (False, True): "bdc-voice"}

Translate = Callable[[str], str]


def _identity(text: str) -> str:
	return text


def long_date(day: date) -> str:
	return f"{day:%B} {day.day}, {day.year}"


@dataclass
class AreaResult:
	area: str
	title: str
	status: str  # ok | upcoming | due | past_due | missing | exempt | not_required | unknown | question
	headline: str
	rule: str
	source: str
	service: str | None = None
	due_date: date | None = None
	record_date: date | None = None  # the date the record itself states (filing, certification, ...)
	data_source: str | None = None  # which synced source it came from (its age is added by the caller)
	match_method: str | None = None
	details: dict = field(default_factory=dict)
	questions: list = field(default_factory=list)
	outcomes: dict = field(default_factory=dict)

	@property
	def needs_action(self) -> bool:
		return self.status in ACTION_STATUSES

	def as_json(self) -> dict:
		"""A shallow copy (details and questions are the result's own; asdict would deep-copy them)."""
		out = {f.name: getattr(self, f.name) for f in fields(self)}
		for k, v in out.items():
			if isinstance(v, date):
				out[k] = v.isoformat()
		out["needs_action"] = self.needs_action
		return out


def _deadline(year: int, month: int, day: int) -> date:
	return roll_forward(date(year, month, day))


def _method(m: Match) -> str | None:
	return m.method_label if m.found else None


def check_cores(m: Matched, _: Translate = _identity) -> AreaResult:
	base = dict(area="cores", title=_("CORES registration"), rule=_(CORES_RULE), source=CORES_SOURCE,
		data_source="cores", match_method=_method(m.cores))  # fmt: skip
	record = m.cores.record
	if record and record.get("status") == "Registered":
		details = {
			"entity_name": record.get("entity_name"),
			"red_light": record.get("red_light") or "Unknown",
		}
		since = record.get("registration_date")
		if details["red_light"] == "Red":
			return AreaResult(**base, status="past_due", service="cores-frn-registration", record_date=since,
				details=details, headline=_("CORES shows this FRN on red light: FCC applications are withheld until the debt is paid."))  # fmt: skip
		text = _("Registered in CORES as {0}.").format(record.get("entity_name") or m.frn)
		if details["red_light"] == "Unknown":
			text += " " + _(
				"Red-light status is shown only to the FRN's holder; check it in CORES before filing."
			)
		return AreaResult(**base, status="ok", headline=text, record_date=since, details=details)
	if record and record.get("status") == "Not Found":
		return AreaResult(**base, status="missing", service="cores-frn-registration",
			headline=_("CORES has no registration for this FRN."))  # fmt: skip
	if m.filer.found or m.rmd.found:
		base["data_source"] = "filers" if m.filer.found else "rmd"
		return AreaResult(**base, status="ok",
			headline=_("The FRN is on file in FCC filings, so it is registered in CORES; its detail page has not been read yet."))  # fmt: skip
	return AreaResult(**base, status="unknown", service="cores-frn-registration",
		headline=_("We found this FRN in none of the FCC data we hold. A carrier without an FRN registers in CORES first."))  # fmt: skip


def check_rmd(m: Matched, today: date, _: Translate = _identity) -> AreaResult:
	d = RULES["rmd"]
	base = dict(area="rmd", title=_("Robocall Mitigation Database"), rule=_(d.rule_text), source=d.source,
		data_source="rmd", match_method=_method(m.rmd))  # fmt: skip
	record = m.rmd.record
	if not record:
		return AreaResult(**base, status="missing", service=d.service_slug,
			headline=_("Not listed in the Robocall Mitigation Database. Every voice service provider must file, and other providers may not accept its calls until it does."))  # fmt: skip
	certified = max(
		[x for x in (record.get("last_recertified"), record.get("date_of_filing")) if x], default=None
	)
	details = {
		"business_name": record.get("business_name"),
		"rmd_number": record.get("rmd_number"),
		"certification": record.get("certification"),
		"certified_on": certified.isoformat() if certified else None,
		"stir_shaken": record.get("implementation") or _("Not stated"),
		"stir_shaken_note": _("STIR/SHAKEN status as self-reported in the RMD."),
	}
	base.update(record_date=certified, details=details)
	if record.get("removed"):
		return AreaResult(**base, status="past_due", service=d.service_slug,
			headline=_("Removed from the RMD (noticed {0}); downstream providers must block its traffic until it refiles.").format(
				long_date(record["removed_on"]) if record.get("removed_on") else _("at the last sync")))  # fmt: skip
	year = today.year
	if year < 2026:  # annual recertification starts March 1, 2026 (FCC 24-135)
		return AreaResult(**base, status="ok", headline=_("Filed in the RMD."))
	due = _deadline(year, 3, 1)
	if certified and certified >= date(year, 1, 1):
		return AreaResult(**base, status="ok",
			headline=_("Certified in the RMD on {0} for {1}.").format(long_date(certified), year))  # fmt: skip
	if today <= due:
		return AreaResult(**base, status="due", service=d.service_slug, due_date=due,
			headline=_("Listed, but the {0} annual recertification is due by {1} (window opens February 1).").format(year, long_date(due)))  # fmt: skip
	return AreaResult(**base, status="past_due", service=d.service_slug, due_date=due,
		headline=_("The {0} annual recertification was due by {1} and is not on file.").format(year, long_date(due)))  # fmt: skip


def check_cpni(m: Matched, today: date, _: Translate = _identity) -> AreaResult:
	d = RULES["cpni"]
	base = dict(area="cpni", title=_("CPNI annual certification"), rule=_(d.rule_text), source=d.source,
		data_source="cpni", match_method=_method(m.cpni))  # fmt: skip
	if m.filer.found and carrier_kinds(m.filer.record.get("comm_type")) == {"non_interconnected_voip"}:
		return AreaResult(**base, status="not_required",
			headline=_("Non-interconnected VoIP providers do not file the CPNI certification."))  # fmt: skip
	years = {r.get("year_certified") for r in m.cpni.records}
	latest = m.cpni.record
	if latest:
		base.update(record_date=latest.get("date_received"), details={
			"filer_name": latest.get("filer_name"), "year_certified": latest.get("year_certified"),
			"filing_id": latest.get("filing_id"), "document_url": latest.get("document_url"),
		})  # fmt: skip
	year = today.year
	due = _deadline(year, 3, 1)
	if today > due:
		if year - 1 in years:
			return AreaResult(**base, status="ok",
				headline=_("Certified for calendar year {0} in EB Docket 06-36.").format(year - 1))  # fmt: skip
		return AreaResult(**base, status="past_due", service=d.service_slug, due_date=due,
			headline=_("No calendar year {0} certification in EB Docket 06-36; it was due by {1}.").format(year - 1, long_date(due)))  # fmt: skip
	if year - 1 in years:
		return AreaResult(**base, status="ok",
			headline=_("Certified for calendar year {0} in EB Docket 06-36.").format(year - 1))  # fmt: skip
	if year - 2 in years:
		return AreaResult(**base, status="due", service=d.service_slug, due_date=due,
			headline=_("Calendar year {0} is certified; the calendar year {1} certification is due by {2}.").format(year - 2, year - 1, long_date(due)))  # fmt: skip
	previous = _deadline(year - 1, 3, 1)
	return AreaResult(**base, status="past_due", service=d.service_slug, due_date=previous,
		headline=_("No calendar year {0} certification in EB Docket 06-36 (due by {1}); calendar year {2} is due by {3}.").format(
			year - 2, long_date(previous), year - 1, long_date(due)))  # fmt: skip


def check_499a(m: Matched, today: date, _: Translate = _identity) -> AreaResult:
	d = RULES["fcc-499a"]
	base = dict(area="499a", title=_("FCC Form 499-A"), rule=_(d.rule_text), source=d.source,
		data_source="filers", match_method=_method(m.filer))  # fmt: skip
	filer = m.filer.record
	if not filer:
		return AreaResult(**base, status="missing", service="fcc-499-initial",
			headline=_("No Form 499 Filer ID found: a carrier registers with the Form 499-A before it provides service, and files one every April 1."))  # fmt: skip
	last: date | None = filer.get("last_filed")
	base.update(record_date=last, details={
		"filer_id": filer.get("filer_id"), "legal_name": filer.get("legal_name"), "dba_name": filer.get("dba_name"),
		"comm_type": filer.get("comm_type"), "last_filed": last.isoformat() if last else None,
	})  # fmt: skip
	year = today.year
	due = _deadline(year, 4, 1)
	filed_year = last.year if last else 0  # a 499-A filed in year Y reports calendar year Y - 1
	if filed_year >= year:
		return AreaResult(**base, status="ok",
			headline=_("Filer {0} filed on {1}: the calendar year {2} Form 499-A is in.").format(filer.get("filer_id"), long_date(last), year - 1))  # fmt: skip
	if today <= due and filed_year == year - 1:
		return AreaResult(**base, status="due", service=d.service_slug, due_date=due,
			headline=_("The calendar year {0} Form 499-A (reporting {0} revenue) is due by {1}; the last filing was {2}.").format(
				year - 1, long_date(due), long_date(last)))  # fmt: skip
	missed = year - 1 if today > due else year - 2
	missed_due = due if today > due else _deadline(year - 1, 4, 1)
	return AreaResult(**base, status="past_due", service=d.service_slug, due_date=missed_due,
		headline=_("The Form 499-A reporting calendar year {0} was due by {1} and is not on file (last filing: {2}).").format(
			missed, long_date(missed_due), long_date(last) if last else _("none")))  # fmt: skip


def _next_quarterly(today: date) -> tuple[date, str]:
	for year in (today.year, today.year + 1):
		for month, period in (
			(2, f"{year - 1}-Q4"),
			(5, f"{year}-Q1"),
			(8, f"{year}-Q2"),
			(11, f"{year}-Q3"),
		):
			due = _deadline(year, month, 1)
			if due >= today:
				return due, period
	raise AssertionError("unreachable")


def check_499q(m: Matched, today: date, _: Translate = _identity) -> AreaResult:
	d = RULES["fcc-499q"]
	base = dict(area="499q", title=_("FCC Form 499-Q"), rule=_(d.rule_text), source=d.source,
		data_source="filers", match_method=_method(m.filer), service=d.service_slug)  # fmt: skip
	trade_off = _(
		"De minimis filers (estimated USF contribution under $10,000) skip the quarterly 499-Q and pay no USF "
		"directly, but still file the 499-A every April 1 and keep the de minimis worksheet. If revenue grows past "
		"the threshold, USAC bills the missed contributions back with interest; filing the 499-Q quarterly spreads them instead."
	)
	filer = m.filer.record
	if not filer:
		return AreaResult(**base, status="unknown", details={"trade_off": trade_off},
			headline=_("No 499 filer record, so we cannot tell whether the quarterly 499-Q applies."))  # fmt: skip
	due, period = _next_quarterly(today)
	details = {"trade_off": trade_off, "next_period": period}
	usf = yes_no(filer.get("usf_contributor"))
	if usf is None:
		return AreaResult(**base, status="unknown", details=details,
			headline=_("The 499 Filer Database does not say whether this filer contributes to the USF."))  # fmt: skip
	if not usf:
		return AreaResult(**base, status="exempt", details=details,
			headline=_("Listed as de minimis (not a USF contributor): no 499-Q is due, with the trade-off below."))  # fmt: skip
	status = "due" if (due - today).days <= 30 else "upcoming"
	return AreaResult(**base, status=status, due_date=due, details=details,
		headline=_("A USF contributor files the 499-Q quarterly; the next one ({0}) is due by {1}.").format(period, long_date(due)))  # fmt: skip


def _next_bdc(today: date) -> tuple[date, str]:
	for year in (today.year, today.year + 1):
		for due, period in (
			(_deadline(year, 3, 1), f"{year - 1}-12-31"),
			(_deadline(year, 9, 1), f"{year}-06-30"),
		):
			if due >= today:
				return due, period
	raise AssertionError("unreachable")


def check_bdc(
	m: Matched,
	today: date,
	broadband: bool | None = None,
	voice: bool | None = None,
	_: Translate = _identity,
) -> AreaResult:
	"""A two-step questionnaire (broadband? voice?): the FCC data cannot tell, so every outcome is given
	and the page shows the one the carrier's answers pick; with both answers the result is decided here."""
	d = RULES["bdc"]
	due, period = _next_bdc(today)
	kinds = carrier_kinds(m.filer.record.get("comm_type")) if m.filer.found else set()
	outcomes = {}
	for b in (True, False):
		for v in (True, False):
			key = f"{'yes' if b else 'no'}-{'yes' if v else 'no'}"
			if not (b or v):
				outcomes[key] = {"status": "not_required", "service": None, "due_date": None,
					"headline": _("No facilities-based broadband and no voice subscribers: no BDC filing is owed.")}  # fmt: skip
				continue
			what = (
				_("broadband and voice")
				if b and v
				else _("broadband availability")
				if b
				else _("voice subscription")
			)
			outcomes[key] = {"status": "due", "service": BDC_SERVICES[(b, v)], "due_date": due.isoformat(),
				"headline": _("BDC {0} data as of {1} is owed by {2}.").format(what, period, long_date(due))}  # fmt: skip
	questions = [
		{"key": "broadband", "text": _("Do you provide broadband internet access to end users over your own facilities?")},
		{"key": "voice", "text": _("Do you provide voice service (fixed, mobile or interconnected VoIP) to end-user subscribers?"),
			"hint": "yes" if kinds & {"interconnected_voip", "clec", "wireless_reseller"} else None},
	]  # fmt: skip
	result = AreaResult(area="bdc", title=_("Broadband Data Collection"), status="question", rule=_(d.rule_text),
		source=d.source, headline=_("Answer two questions to see whether the BDC applies."), questions=questions,
		outcomes=outcomes, due_date=due)  # fmt: skip
	if broadband is not None and voice is not None:
		chosen = outcomes[f"{'yes' if broadband else 'no'}-{'yes' if voice else 'no'}"]
		result.status, result.service, result.headline = (
			chosen["status"],
			chosen["service"],
			chosen["headline"],
		)
		result.due_date = due if chosen["due_date"] else None
	return result


def check(
	m: Matched,
	today: date,
	broadband: bool | None = None,
	voice: bool | None = None,
	_: Translate = _identity,
) -> list[AreaResult]:
	return [
		check_cores(m, _),
		check_rmd(m, today, _),
		check_cpni(m, today, _),
		check_499a(m, today, _),
		check_499q(m, today, _),
		check_bdc(m, today, broadband, voice, _),
	]


def remediation(results: list[AreaResult], chosen: Mapping[str, bool] | None = None) -> list[str]:
	"""Service slugs to order: the areas needing action (or those chosen), 499-A folded into 499-A+Q."""
	services = []
	for r in results:
		wanted = chosen.get(r.area, False) if chosen is not None else r.needs_action
		if wanted and r.service and r.service not in services:
			services.append(r.service)
	if "fcc-499a-499q" in services and "fcc-499a" in services:
		services.remove("fcc-499a")
	return services
