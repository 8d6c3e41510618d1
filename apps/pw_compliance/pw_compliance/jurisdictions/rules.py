"""Due-date rule engine for state entity obligations (annual reports, biennial statements, franchise taxes).

Pure Python: no Frappe import, so it runs under plain pytest and inside any worker.

A rule row (see ``data/entity_rules.json``) carries a ``due_rule`` object whose ``kind`` selects one of
the rule kinds below; the remaining keys are that kind's parameters. ``due_obligations`` turns a row, the
entity's formation date and a calendar year into the obligations whose due date falls in that year.

Rule kinds
----------
``fixed_date``
    Same calendar date every year: ``month``, ``day``; optional ``opens_month``/``opens_day`` for the
    filing window (a window date later in the year than the due date belongs to the previous year).
``anniversary_date``
    The anniversary of formation itself, optionally ``months_after`` it (BC: within two months after
    each anniversary). Optional ``opens_days_before`` (days before the due date) or
    ``opens_on_anniversary``.
``anniversary_month_start`` / ``anniversary_month_end``
    First / last day of the anniversary month, shifted by ``months_offset`` (``-1``: "before the first
    day of the anniversary month", i.e. the last day of the month before). Optional
    ``opens_months_before``: the window opens on the first day of the month that many months before the
    anniversary month.
``month_after_anniversary``
    Last day of the month ``months_after`` (default 1) months after the anniversary month.
``anniversary_window``
    A window around the anniversary month: opens on the first day of the month ``opens_months_before``
    months before it and is due on the last day of the month ``due_months_after`` months after it
    (Colorado: two months either side).
``quarter_of_formation``
    Due at the end of the calendar quarter in which the entity was formed (Hawaii, Wisconsin), or on the
    date given for that quarter in ``due_dates`` (four ``[month, day]`` pairs). Optional
    ``opens_at_quarter_start``.
``fiscal_year_end``
    Day ``day`` (a number or ``"last"``) of the ``months_after``-th month after the fiscal year end
    (Tennessee: first day of the fourth month; Massachusetts corporations: 15th day of the third month).
    The fiscal year end month comes from the caller (``fiscal_year_end_month``), else the rule, else
    December. Optional ``opens_after_fiscal_year_end``.
``biennial_parity``
    Another kind (``anchor``, with that kind's parameters in the same object) filed only in some years:
    ``parity`` is ``"odd"``/``"even"`` (fixed years), ``"formation"`` (same parity as the formation
    year), ``"opposite"`` (the other parity) or ``"entity_number"`` (parity of the last digit of the state
    entity number, which the caller passes as ``entity_number``; New Mexico corporations).
``none``
    No recurring report (Ohio, Arizona LLCs, ...). Returns no report obligation.

Parameters common to every kind
-------------------------------
``first_year_offset`` (default 1)
    The first *cycle* with an obligation is the formation year plus this offset. The cycle is the
    calendar year of the due date for ``fixed_date``, the anniversary year for the anniversary kinds and
    the quarter kind, and the calendar year in which the fiscal year ends for ``fiscal_year_end`` (whose
    rows therefore usually use 0: the first report covers the fiscal year in which the entity was formed).
    Nothing is ever due on or before the formation date, nor for a fiscal year ending before it.
``late_formation_cutoff`` (``"MM-DD"``) and ``late_formation_first_year_offset``
    An entity formed after the cutoff uses the other offset (Michigan: formed after September 30, the
    next February 15 statement is not required).
``roll`` (default false)
    Only where the state's own rule moves a weekend/holiday deadline to the next business day. Uses
    ``pw_compliance.calendar.business_days.roll_forward`` (US federal holidays); a state holiday that is
    not a federal one is not known to it.
``initial_report``
    A one-off report after formation: ``report_name``, ``fee``, and either ``days_after_formation`` or
    ``months_after_formation`` with ``day`` (a number, ``"last"`` or ``"same"`` for the formation day);
    optional ``not_if_formed_after`` (``"MM-DD"``).

Formed on February 29
---------------------
In a year without February 29 the anniversary is February 28, never March 1. February 28 keeps the
anniversary in the anniversary month and quarter, so every month- and quarter-based rule gives the same
result as for an entity formed on February 28, and for date-based rules it is the earlier of the two
candidate dates: a deadline computed this way is never later than the one a state could hold the entity
to. The same clamping applies to a ``fixed_date`` or ``fiscal_year_end`` day that a month does not have.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pw_compliance.calendar.business_days import roll_forward

ANCHOR_KINDS = (
	"fixed_date",
	"anniversary_date",
	"anniversary_month_start",
	"anniversary_month_end",
	"month_after_anniversary",
	"anniversary_window",
	"quarter_of_formation",
	"fiscal_year_end",
)
RULE_KINDS = (*ANCHOR_KINDS, "biennial_parity", "none")
PARITIES = ("odd", "even", "formation", "opposite", "entity_number")
CATEGORIES = ("report", "initial_report", "franchise_tax")

_COMMON_PARAMS = frozenset(
	{
		"kind",
		"first_year_offset",
		"roll",
		"initial_report",
		"late_formation_cutoff",
		"late_formation_first_year_offset",
	}
)
_KIND_PARAMS: dict[str, frozenset[str]] = {
	"fixed_date": frozenset({"month", "day", "opens_month", "opens_day"}),
	"anniversary_date": frozenset({"months_after", "opens_days_before", "opens_on_anniversary"}),
	"anniversary_month_start": frozenset({"months_offset", "opens_months_before"}),
	"anniversary_month_end": frozenset({"months_offset", "opens_months_before"}),
	"month_after_anniversary": frozenset({"months_after", "opens_months_before"}),
	"anniversary_window": frozenset({"opens_months_before", "due_months_after"}),
	"quarter_of_formation": frozenset({"due_dates", "opens_at_quarter_start"}),
	"fiscal_year_end": frozenset(
		{"months_after", "day", "fiscal_year_end_month", "opens_after_fiscal_year_end"}
	),
	"none": frozenset(),
}
_REQUIRED_PARAMS: dict[str, tuple[str, ...]] = {
	"fixed_date": ("month", "day"),
	"anniversary_window": ("opens_months_before", "due_months_after"),
	"fiscal_year_end": ("months_after", "day"),
	"biennial_parity": ("parity", "anchor"),
}
_INITIAL_PARAMS = frozenset(
	{"report_name", "fee", "days_after_formation", "months_after_formation", "day", "not_if_formed_after"}
)
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}


class RuleError(ValueError):
	"""A rule row, rule or request that cannot be evaluated; the message says why."""


@dataclass(frozen=True)
class Obligation:
	"""One filing or payment due in the requested year."""

	due_date: date
	window_opens: date | None
	fee: float | None
	report_name: str
	source_url: str
	rule_text: str
	jurisdiction: str = ""
	entity_type: str = ""
	category: str = "report"  # one of CATEGORIES
	cycle_year: int | None = None  # anniversary / calendar / fiscal year the obligation belongs to
	late_fee: float | None = None
	tax_minimum: float | None = None  # franchise tax paid together with this report, if any
	unrolled_due_date: date | None = None  # the date before a weekend/holiday roll, when one applied


# ---------------------------------------------------------------------------------------------- dates


def _last_day(year: int, month: int) -> int:
	return calendar.monthrange(year, month)[1]


def _clamped(year: int, month: int, day: int) -> date:
	"""The date, with a day the month does not have moved back to the month's last day (Feb 29 -> 28)."""
	return date(year, month, min(day, _last_day(year, month)))


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
	index = year * 12 + (month - 1) + delta
	return index // 12, index % 12 + 1


def _month_start(year: int, month: int, delta: int = 0) -> date:
	y, m = _shift_month(year, month, delta)
	return date(y, m, 1)


def _month_end(year: int, month: int, delta: int = 0) -> date:
	y, m = _shift_month(year, month, delta)
	return date(y, m, _last_day(y, m))


def anniversary(formed_on: date, year: int) -> date:
	"""The formation anniversary in ``year``; February 29 becomes February 28 in other years."""
	return _clamped(year, formed_on.month, formed_on.day)


def _add_months(day: date, months: int) -> date:
	y, m = _shift_month(day.year, day.month, months)
	return _clamped(y, m, day.day)


def _parse_month_day(value: Any, what: str) -> tuple[int, int]:
	match = _MONTH_DAY.match(value) if isinstance(value, str) else None
	if not match:
		raise RuleError(f"{what} must be a 'MM-DD' string, got {value!r}")
	month, day = int(match.group(1)), int(match.group(2))
	if not 1 <= month <= 12 or not 1 <= day <= 31:
		raise RuleError(f"{what} {value!r} is not a valid month and day")
	return month, day


# ------------------------------------------------------------------------------------------ validation


def _is_int(value: Any) -> bool:
	return isinstance(value, int) and not isinstance(value, bool)


def _check_int(rule: Mapping[str, Any], key: str, low: int, high: int, problems: list[str]) -> None:
	if key in rule and (not _is_int(rule[key]) or not low <= rule[key] <= high):
		problems.append(f"'{key}' must be a whole number from {low} to {high}, got {rule[key]!r}")


def _check_bool(rule: Mapping[str, Any], key: str, problems: list[str]) -> None:
	if key in rule and not isinstance(rule[key], bool):
		problems.append(f"'{key}' must be true or false, got {rule[key]!r}")


def _check_fee(value: Any, what: str, problems: list[str]) -> None:
	if value is not None and (isinstance(value, bool) or not isinstance(value, int | float) or value < 0):
		problems.append(f"{what} must be a non-negative number or null, got {value!r}")


def _check_initial(initial: Any, problems: list[str]) -> None:
	if not isinstance(initial, Mapping):
		problems.append("'initial_report' must be an object")
		return
	unknown = sorted(set(initial) - _INITIAL_PARAMS)
	if unknown:
		problems.append(f"'initial_report' has unknown parameters: {', '.join(unknown)}")
	if not isinstance(initial.get("report_name"), str) or not initial.get("report_name"):
		problems.append("'initial_report' needs a 'report_name'")
	_check_fee(initial.get("fee"), "'initial_report.fee'", problems)
	has_days = "days_after_formation" in initial
	has_months = "months_after_formation" in initial
	if has_days == has_months:
		problems.append(
			"'initial_report' needs exactly one of 'days_after_formation' or 'months_after_formation'"
		)
	if has_days:
		_check_int(initial, "days_after_formation", 1, 366, problems)
	if has_months:
		_check_int(initial, "months_after_formation", 1, 12, problems)
		day = initial.get("day")
		if not (day in ("last", "same") or (_is_int(day) and 1 <= day <= 31)):
			problems.append("'initial_report.day' must be 1-31, 'last' or 'same'")
	if "not_if_formed_after" in initial:
		try:
			_parse_month_day(initial["not_if_formed_after"], "'initial_report.not_if_formed_after'")
		except RuleError as exc:
			problems.append(str(exc))


def validate_rule(rule: Any) -> list[str]:
	"""Problems with a ``due_rule`` object (unknown kind, missing or malformed parameters); [] if none."""
	if not isinstance(rule, Mapping):
		return [f"due_rule must be an object, got {type(rule).__name__}"]
	kind = rule.get("kind")
	if kind not in RULE_KINDS:
		return [f"unknown rule kind {kind!r}; known kinds: {', '.join(RULE_KINDS)}"]
	problems: list[str] = []
	allowed = set(_COMMON_PARAMS)
	required = list(_REQUIRED_PARAMS.get(kind, ()))
	checked_kind = kind
	if kind == "biennial_parity":
		allowed |= {"parity", "anchor"}
		anchor = rule.get("anchor")
		if anchor not in ANCHOR_KINDS:
			problems.append(
				f"biennial_parity 'anchor' must be one of {', '.join(ANCHOR_KINDS)}, got {anchor!r}"
			)
		else:
			checked_kind = anchor
			allowed |= _KIND_PARAMS[anchor]
			required += _REQUIRED_PARAMS.get(anchor, ())
		if rule.get("parity") not in PARITIES:
			problems.append(f"'parity' must be one of {', '.join(PARITIES)}, got {rule.get('parity')!r}")
	else:
		allowed |= _KIND_PARAMS[kind]
	missing = [key for key in required if key not in rule]
	if missing:
		problems.append(f"{kind} rule is missing: {', '.join(missing)}")
	unknown = sorted(set(rule) - allowed)
	if unknown:
		problems.append(f"{kind} rule has unknown parameters: {', '.join(unknown)}")

	_check_int(rule, "first_year_offset", 0, 5, problems)
	_check_int(rule, "late_formation_first_year_offset", 0, 5, problems)
	_check_bool(rule, "roll", problems)
	if "late_formation_cutoff" in rule:
		try:
			_parse_month_day(rule["late_formation_cutoff"], "'late_formation_cutoff'")
		except RuleError as exc:
			problems.append(str(exc))
		if "late_formation_first_year_offset" not in rule:
			problems.append("'late_formation_cutoff' needs 'late_formation_first_year_offset'")
	if "initial_report" in rule:
		_check_initial(rule["initial_report"], problems)

	_check_int(rule, "month", 1, 12, problems)
	if not (checked_kind == "fiscal_year_end" and rule.get("day") == "last"):
		_check_int(rule, "day", 1, 31, problems)
	_check_int(rule, "opens_month", 1, 12, problems)
	_check_int(rule, "opens_day", 1, 31, problems)
	if ("opens_month" in rule) != ("opens_day" in rule):
		problems.append("'opens_month' and 'opens_day' go together")
	_check_int(rule, "months_offset", -11, 11, problems)
	_check_int(rule, "opens_months_before", 0, 11, problems)
	_check_int(rule, "due_months_after", 0, 11, problems)
	_check_int(rule, "opens_days_before", 0, 366, problems)
	_check_int(rule, "fiscal_year_end_month", 1, 12, problems)
	for key in ("opens_on_anniversary", "opens_at_quarter_start", "opens_after_fiscal_year_end"):
		_check_bool(rule, key, problems)
	if checked_kind == "anniversary_date":
		_check_int(rule, "months_after", 0, 11, problems)
	elif checked_kind == "month_after_anniversary":
		_check_int(rule, "months_after", 1, 11, problems)
	elif checked_kind == "fiscal_year_end":
		_check_int(rule, "months_after", 1, 12, problems)
	if "due_dates" in rule:
		dates = rule["due_dates"]
		if not (
			isinstance(dates, list)
			and len(dates) == 4
			and all(
				isinstance(pair, list)
				and len(pair) == 2
				and all(_is_int(x) for x in pair)
				and 1 <= pair[0] <= 12
				and 1 <= pair[1] <= 31
				for pair in dates
			)
		):
			problems.append("'due_dates' must be four [month, day] pairs, one for each calendar quarter")
	return problems


def _require_valid(rule: Any) -> Mapping[str, Any]:
	problems = validate_rule(rule)
	if problems:
		raise RuleError("invalid due_rule: " + "; ".join(problems))
	return rule


# ---------------------------------------------------------------------------------------- cycle dates


def _first_cycle(rule: Mapping[str, Any], formed_on: date) -> int:
	offset = rule.get("first_year_offset", 1)
	if "late_formation_cutoff" in rule:
		month, day = _parse_month_day(rule["late_formation_cutoff"], "'late_formation_cutoff'")
		if (formed_on.month, formed_on.day) > (month, day):
			offset = rule["late_formation_first_year_offset"]
	return formed_on.year + offset


def _parity_matches(rule: Mapping[str, Any], cycle: int, formed_on: date, entity_number: str | None) -> bool:
	parity = rule["parity"]
	if parity == "odd":
		return cycle % 2 == 1
	if parity == "even":
		return cycle % 2 == 0
	if parity == "formation":
		return cycle % 2 == formed_on.year % 2
	if parity == "opposite":
		return cycle % 2 != formed_on.year % 2
	digits = [c for c in str(entity_number or "") if c.isdigit()]
	if not digits:
		raise RuleError(
			"this rule files in odd or even years by the last digit of the state entity number; "
			"pass entity_number= to due_obligations"
		)
	return cycle % 2 == int(digits[-1]) % 2


def _cycle_dates(
	kind: str, rule: Mapping[str, Any], formed_on: date, cycle: int, fye_month: int
) -> tuple[date, date | None, date | None]:
	"""(due date, window opening, period end that must not precede formation) for one cycle."""
	if kind == "fixed_date":
		due = _clamped(cycle, rule["month"], rule["day"])
		opens = None
		if "opens_month" in rule:
			opens = _clamped(cycle, rule["opens_month"], rule["opens_day"])
			if opens > due:
				opens = _clamped(cycle - 1, rule["opens_month"], rule["opens_day"])
		return due, opens, None
	if kind == "fiscal_year_end":
		fye = _month_end(cycle, fye_month)
		y, m = _shift_month(cycle, fye_month, rule["months_after"])
		day = rule["day"]
		due = date(y, m, _last_day(y, m)) if day == "last" else _clamped(y, m, day)
		opens = fye + timedelta(days=1) if rule.get("opens_after_fiscal_year_end") else None
		return due, opens, fye
	if kind == "quarter_of_formation":
		quarter = (formed_on.month - 1) // 3
		if "due_dates" in rule:
			month, day = rule["due_dates"][quarter]
			due = _clamped(cycle, month, day)
		else:
			due = _month_end(cycle, quarter * 3 + 3)
		opens = date(cycle, quarter * 3 + 1, 1) if rule.get("opens_at_quarter_start") else None
		return due, opens, None

	anniv = anniversary(formed_on, cycle)
	if kind == "anniversary_date":
		due = _add_months(anniv, rule.get("months_after", 0))
		opens = None
		if rule.get("opens_on_anniversary"):
			opens = anniv
		elif "opens_days_before" in rule:
			opens = due - timedelta(days=rule["opens_days_before"])
		return due, opens, None
	if kind == "anniversary_window":
		due = _month_end(cycle, anniv.month, rule["due_months_after"])
		return due, _month_start(cycle, anniv.month, -rule["opens_months_before"]), None
	if kind == "anniversary_month_start":
		due = _month_start(cycle, anniv.month, rule.get("months_offset", 0))
	elif kind == "anniversary_month_end":
		due = _month_end(cycle, anniv.month, rule.get("months_offset", 0))
	else:  # month_after_anniversary
		due = _month_end(cycle, anniv.month, rule.get("months_after", 1))
	opens = None
	if "opens_months_before" in rule:
		opens = _month_start(cycle, anniv.month, -rule["opens_months_before"])
	return due, opens, None


def _initial_due(initial: Mapping[str, Any], formed_on: date) -> date | None:
	if "not_if_formed_after" in initial:
		month, day = _parse_month_day(initial["not_if_formed_after"], "'initial_report.not_if_formed_after'")
		if (formed_on.month, formed_on.day) > (month, day):
			return None
	if "days_after_formation" in initial:
		return formed_on + timedelta(days=initial["days_after_formation"])
	y, m = _shift_month(formed_on.year, formed_on.month, initial["months_after_formation"])
	day = initial["day"]
	if day == "last":
		return date(y, m, _last_day(y, m))
	return _clamped(y, m, formed_on.day if day == "same" else day)


# -------------------------------------------------------------------------------------------- wording


def _month_name(month: int) -> str:
	return calendar.month_name[month]


def _months_phrase(count: int) -> str:
	return f"{_ORDINALS.get(count, f'{count}th')} month"


def _opens_anniversary_phrase(count: int) -> str:
	if count == 0:
		return "the first day of the anniversary month"
	plural = "month" if count == 1 else "months"
	return f"the first day of the month {count} {plural} before the anniversary month"


def _anchor_text(kind: str, rule: Mapping[str, Any]) -> str:
	if kind == "fixed_date":
		text = f"Due {_month_name(rule['month'])} {rule['day']}"
		if "opens_month" in rule:
			before = (rule["opens_month"], rule["opens_day"]) > (rule["month"], rule["day"])
			text += f" (filing opens {_month_name(rule['opens_month'])} {rule['opens_day']}" + (
				" of the previous year)" if before else ")"
			)
		return text
	if kind == "anniversary_date":
		months = rule.get("months_after", 0)
		if months:
			plural = "month" if months == 1 else "months"
			text = f"Due within {months} {plural} after each anniversary of formation"
		else:
			text = "Due on the anniversary of the formation date"
		if rule.get("opens_on_anniversary"):
			text += " (filing opens on the anniversary)"
		elif "opens_days_before" in rule:
			text += f" (filing opens {rule['opens_days_before']} days before)"
		return text
	if kind in ("anniversary_month_start", "anniversary_month_end", "month_after_anniversary"):
		if kind == "month_after_anniversary":
			offset, edge = rule.get("months_after", 1), "last"
		else:
			offset = rule.get("months_offset", 0)
			edge = "first" if kind == "anniversary_month_start" else "last"
		if offset == 0:
			text = f"Due on the {edge} day of the anniversary month"
			if edge == "last":
				text = "Due by the last day of the anniversary month"
		elif offset == -1 and edge == "last":
			text = (
				"Due before the first day of the anniversary month (by the last day of the month before it)"
			)
		elif offset > 0:
			text = f"Due by the {edge} day of the {_months_phrase(offset)} after the anniversary month"
		else:
			text = f"Due on the {edge} day of the month {-offset} months before the anniversary month"
		if "opens_months_before" in rule:
			text += f" (filing opens {_opens_anniversary_phrase(rule['opens_months_before'])})"
		return text
	if kind == "anniversary_window":
		after = rule["due_months_after"]
		end = (
			"the end of the anniversary month"
			if after == 0
			else f"the last day of the {_months_phrase(after)} after the anniversary month"
		)
		return f"Filing window from {_opens_anniversary_phrase(rule['opens_months_before'])} to {end}; due by {end}"
	if kind == "quarter_of_formation":
		if "due_dates" in rule:
			dates = ", ".join(f"Q{i + 1}: {_month_name(m)} {d}" for i, (m, d) in enumerate(rule["due_dates"]))
			text = f"Due on the date set for the calendar quarter of formation ({dates})"
		else:
			text = "Due by the last day of the calendar quarter in which the entity was formed"
		if rule.get("opens_at_quarter_start"):
			text += " (filing opens on the first day of that quarter)"
		return text
	if kind == "fiscal_year_end":
		day = rule["day"]
		day_text = "last day" if day == "last" else f"{day}{_suffix(day)} day"
		text = (
			f"Due by the {day_text} of the {_months_phrase(rule['months_after'])} after the fiscal year end"
		)
		fye = rule.get("fiscal_year_end_month", 12)
		text += f" (fiscal year ending {_month_name(fye)} unless the entity's differs)"
		if rule.get("opens_after_fiscal_year_end"):
			text += "; filing opens when the fiscal year ends"
		return text
	raise RuleError(f"unknown rule kind {kind!r}")


def _suffix(day: int) -> str:
	if 10 <= day % 100 <= 20:
		return "th"
	return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _first_year_text(kind: str, rule: Mapping[str, Any]) -> str:
	offset = rule.get("first_year_offset", 1)
	if kind == "fiscal_year_end":
		base = (
			"first due for the fiscal year in which the entity was formed"
			if offset == 0
			else f"first due for the fiscal year ending {offset} year(s) after the formation year"
		)
	elif kind == "fixed_date":
		base = {
			0: "first due in the formation year if the date is still ahead",
			1: "first due in the calendar year after formation",
		}.get(offset, f"first due {offset} calendar years after the formation year")
	else:
		base = f"first due at the {_ORDINALS.get(offset, f'{offset}th')} anniversary of formation"
	if "late_formation_cutoff" in rule:
		month, day = _parse_month_day(rule["late_formation_cutoff"], "'late_formation_cutoff'")
		base += (
			f"; if formed after {_month_name(month)} {day}, first due "
			f"{rule['late_formation_first_year_offset']} calendar years after the formation year"
		)
	return base


def describe(rule: Mapping[str, Any]) -> str:
	"""The rule in words, for a desk report. Accepts a ``due_rule`` or a whole rule row."""
	if isinstance(rule, Mapping) and "due_rule" in rule and "kind" not in rule:
		rule = rule["due_rule"]
	rule = _require_valid(rule)
	kind = rule["kind"]
	if kind == "none":
		return "No recurring report is required"
	if kind == "biennial_parity":
		parity = {
			"odd": "odd-numbered years",
			"even": "even-numbered years",
			"formation": "every second year, in years of the same parity as the formation year",
			"opposite": "every second year, in years of the other parity than the formation year",
			"entity_number": "every second year, odd or even by the last digit of the state entity number",
		}[rule["parity"]]
		text = f"{_anchor_text(rule['anchor'], rule)}, biennially: {parity}"
		first = _first_year_text(rule["anchor"], rule)
	else:
		text = _anchor_text(kind, rule)
		first = _first_year_text(kind, rule)
	text += f"; {first}"
	if rule.get("roll"):
		text += "; a due date on a weekend or holiday moves to the next business day"
	if "initial_report" in rule:
		text += f". {_describe_initial(rule['initial_report'])}"
	return text


def _describe_initial(initial: Mapping[str, Any]) -> str:
	if "days_after_formation" in initial:
		when = f"within {initial['days_after_formation']} days after formation"
	else:
		months = initial["months_after_formation"]
		day = initial["day"]
		if day == "same":
			plural = "month" if months == 1 else "months"
			when = f"within {months} {plural} after formation"
		elif day == "last":
			when = f"by the last day of the {_months_phrase(months)} after the month of formation"
		else:
			when = (
				f"by the {day}{_suffix(day)} day of the {_months_phrase(months)} after the month of formation"
			)
	text = f"{initial['report_name']} due {when}"
	if "not_if_formed_after" in initial:
		month, day = _parse_month_day(initial["not_if_formed_after"], "'initial_report.not_if_formed_after'")
		text += f" (not required if formed after {_month_name(month)} {day})"
	return text


# ------------------------------------------------------------------------------------------ main API


def _number_or_none(value: Any) -> float | None:
	return None if value is None else float(value)


def _evaluate(
	rule: Mapping[str, Any],
	formed_on: date,
	year: int,
	*,
	report_name: str,
	fee: float | None,
	late_fee: float | None,
	tax_minimum: float | None,
	category: str,
	row: Mapping[str, Any],
	fye_month: int,
	entity_number: str | None,
) -> list[Obligation]:
	kind = rule["kind"]
	base = {
		"source_url": str(row.get("source_url") or ""),
		"jurisdiction": str(row.get("jurisdiction") or ""),
		"entity_type": str(row.get("entity_type") or ""),
	}
	found: list[Obligation] = []

	def add(due: date, opens: date | None, **fields: Any) -> None:
		unrolled = None
		if rule.get("roll"):
			rolled = roll_forward(due)
			if rolled != due:
				unrolled, due = due, rolled
		if due.year == year and due > formed_on:
			found.append(
				Obligation(due_date=due, window_opens=opens, unrolled_due_date=unrolled, **base, **fields)
			)

	if kind != "none":
		anchor = rule["anchor"] if kind == "biennial_parity" else kind
		first_cycle = _first_cycle(rule, formed_on)
		text = describe(rule)
		for cycle in (year - 1, year, year + 1):
			if cycle < first_cycle:
				continue
			if kind == "biennial_parity" and not _parity_matches(rule, cycle, formed_on, entity_number):
				continue
			due, opens, period_end = _cycle_dates(anchor, rule, formed_on, cycle, fye_month)
			if period_end is not None and period_end < formed_on:
				continue
			add(
				due,
				opens,
				fee=fee,
				report_name=report_name,
				rule_text=text,
				category=category,
				cycle_year=cycle,
				late_fee=late_fee,
				tax_minimum=tax_minimum,
			)

	initial = rule.get("initial_report")
	if initial:
		due = _initial_due(initial, formed_on)
		if due is not None:
			add(
				due,
				None,
				fee=_number_or_none(initial.get("fee")),
				report_name=initial["report_name"],
				rule_text=_describe_initial(initial),
				category="initial_report" if category == "report" else category,
				cycle_year=formed_on.year,
				late_fee=None,
				tax_minimum=None,
			)
	return found


def due_obligations(
	rule_row: Mapping[str, Any],
	formed_on: date,
	year: int,
	*,
	fiscal_year_end_month: int | None = None,
	entity_number: str | None = None,
) -> list[Obligation]:
	"""The obligations of an entity formed on ``formed_on`` whose due date falls in calendar ``year``.

	``rule_row`` is a row of ``entity_rules.json``. ``fiscal_year_end_month`` overrides the rule's fiscal
	year end (December by default) for ``fiscal_year_end`` rules; ``entity_number`` is the state entity
	number, needed only by rules filed by its parity. A franchise tax with its own ``due_rule`` is returned
	as a separate obligation (category ``franchise_tax``). Sorted by due date.
	"""
	if not isinstance(rule_row, Mapping):
		raise RuleError(f"rule_row must be a mapping, got {type(rule_row).__name__}")
	if not isinstance(formed_on, date):
		raise RuleError(f"formed_on must be a date, got {formed_on!r}")
	if not _is_int(year):
		raise RuleError(f"year must be a whole number, got {year!r}")
	if formed_on.year > year:
		raise RuleError(f"formation date {formed_on.isoformat()} is after the requested year {year}")
	if fiscal_year_end_month is not None and (
		not _is_int(fiscal_year_end_month) or not 1 <= fiscal_year_end_month <= 12
	):
		raise RuleError(f"fiscal_year_end_month must be 1-12, got {fiscal_year_end_month!r}")
	if "due_rule" not in rule_row:
		raise RuleError("rule_row has no 'due_rule'")
	rule = _require_valid(rule_row["due_rule"])

	franchise = rule_row.get("franchise_tax")
	tax_due_rule = None
	tax_minimum = None
	if isinstance(franchise, Mapping):
		tax_due_rule = franchise.get("due_rule")
		if tax_due_rule is None and not franchise.get("included_in_report_fee"):
			tax_minimum = _number_or_none(franchise.get("minimum"))

	def fye_for(r: Mapping[str, Any]) -> int:
		return fiscal_year_end_month or r.get("fiscal_year_end_month", 12)

	obligations = _evaluate(
		rule,
		formed_on,
		year,
		report_name=str(rule_row.get("report_name") or "Report"),
		fee=_number_or_none(rule_row.get("report_fee")),
		late_fee=_number_or_none(rule_row.get("late_fee")),
		tax_minimum=tax_minimum if rule["kind"] != "none" else None,
		category="report",
		row=rule_row,
		fye_month=fye_for(rule),
		entity_number=entity_number,
	)
	if tax_due_rule is not None:
		tax_rule = _require_valid(tax_due_rule)
		obligations += _evaluate(
			tax_rule,
			formed_on,
			year,
			report_name=str(franchise.get("name") or "Franchise tax"),
			fee=_number_or_none(franchise.get("minimum")),
			late_fee=None,
			tax_minimum=None,
			category="franchise_tax",
			row=rule_row,
			fye_month=fye_for(tax_rule),
			entity_number=entity_number,
		)
	return sorted(obligations, key=lambda o: (o.due_date, CATEGORIES.index(o.category), o.report_name))
