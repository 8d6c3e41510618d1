"""Rule engine: every rule kind, Feb 29 formations, anniversary months, parity, first-year offsets, errors."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pw_compliance.jurisdictions.rules import (
	RULE_KINDS,
	Obligation,
	RuleError,
	anniversary,
	describe,
	due_obligations,
	validate_rule,
)

SOURCE = "https://example.gov/annual-report"


def _row(rule: dict[str, Any], **extra: Any) -> dict[str, Any]:
	row = {
		"jurisdiction": "ZZ",
		"entity_type": "llc",
		"report_name": "Annual Report",
		"report_fee": 50,
		"late_fee": 25,
		"source_url": SOURCE,
		"due_rule": rule,
		"franchise_tax": None,
	}
	row.update(extra)
	return row


def _dues(rule: dict[str, Any], formed: date, year: int, **kwargs: Any) -> list[date]:
	return [o.due_date for o in due_obligations(_row(rule), formed, year, **kwargs)]


# ------------------------------------------------------------------------------------- anniversaries


def test_feb_29_anniversary_is_feb_28_in_common_years() -> None:
	formed = date(2024, 2, 29)
	assert anniversary(formed, 2025) == date(2025, 2, 28)
	assert anniversary(formed, 2027) == date(2027, 2, 28)
	assert anniversary(formed, 2028) == date(2028, 2, 29)


# ------------------------------------------------------------------------------------------ fixed_date


FLORIDA_LIKE = {
	"kind": "fixed_date",
	"month": 5,
	"day": 1,
	"opens_month": 1,
	"opens_day": 1,
	"first_year_offset": 1,
}


def test_fixed_date_with_window() -> None:
	[obligation] = due_obligations(_row(FLORIDA_LIKE), date(2025, 6, 1), 2026)
	assert obligation.due_date == date(2026, 5, 1)
	assert obligation.window_opens == date(2026, 1, 1)
	assert obligation.fee == 50
	assert obligation.late_fee == 25
	assert obligation.report_name == "Annual Report"
	assert obligation.source_url == SOURCE
	assert obligation.category == "report"
	assert obligation.cycle_year == 2026
	assert obligation.rule_text == describe(FLORIDA_LIKE)


def test_fixed_date_not_due_in_formation_year() -> None:
	assert _dues(FLORIDA_LIKE, date(2025, 1, 2), 2025) == []
	assert _dues(FLORIDA_LIKE, date(2025, 1, 2), 2026) == [date(2026, 5, 1)]


def test_first_year_offset_zero_and_two() -> None:
	rule = dict(FLORIDA_LIKE, first_year_offset=0)
	assert _dues(rule, date(2025, 2, 1), 2025) == [date(2025, 5, 1)]
	# never due on or before the formation date, even with offset 0
	assert _dues(rule, date(2025, 6, 1), 2025) == []
	assert _dues(rule, date(2025, 5, 1), 2025) == []
	rule = dict(FLORIDA_LIKE, first_year_offset=2)
	assert _dues(rule, date(2025, 6, 1), 2026) == []
	assert _dues(rule, date(2025, 6, 1), 2027) == [date(2027, 5, 1)]


def test_fixed_date_window_opening_in_previous_year() -> None:
	rule = {"kind": "fixed_date", "month": 1, "day": 2, "opens_month": 10, "opens_day": 2}
	[obligation] = due_obligations(_row(rule), date(2024, 6, 1), 2026)
	assert obligation.due_date == date(2026, 1, 2)
	assert obligation.window_opens == date(2025, 10, 2)


def test_fixed_date_february_29_is_clamped() -> None:
	rule = {"kind": "fixed_date", "month": 2, "day": 29}
	assert _dues(rule, date(2024, 5, 1), 2026) == [date(2026, 2, 28)]
	assert _dues(rule, date(2024, 5, 1), 2028) == [date(2028, 2, 29)]


def test_late_formation_cutoff() -> None:
	# Michigan: an LLC organized after September 30 skips the next February 15 statement
	rule = {
		"kind": "fixed_date",
		"month": 2,
		"day": 15,
		"late_formation_cutoff": "09-30",
		"late_formation_first_year_offset": 2,
	}
	assert _dues(rule, date(2025, 10, 1), 2026) == []
	assert _dues(rule, date(2025, 10, 1), 2027) == [date(2027, 2, 15)]
	assert _dues(rule, date(2025, 9, 30), 2026) == [date(2026, 2, 15)]


# ------------------------------------------------------------------------------------ anniversary_date


def test_anniversary_date() -> None:
	rule = {"kind": "anniversary_date"}
	assert _dues(rule, date(2025, 4, 2), 2025) == []
	assert _dues(rule, date(2025, 4, 2), 2026) == [date(2026, 4, 2)]


def test_anniversary_date_formed_feb_29() -> None:
	rule = {"kind": "anniversary_date", "opens_days_before": 30}
	[obligation] = due_obligations(_row(rule), date(2024, 2, 29), 2025)
	assert obligation.due_date == date(2025, 2, 28)
	assert obligation.window_opens == date(2025, 1, 29)
	assert _dues(rule, date(2024, 2, 29), 2028) == [date(2028, 2, 29)]


def test_anniversary_date_months_after_crosses_year() -> None:
	# BC-style: within two months after each anniversary, window opens on the anniversary
	rule = {"kind": "anniversary_date", "months_after": 2, "opens_on_anniversary": True}
	assert _dues(rule, date(2025, 12, 31), 2026) == []
	[obligation] = due_obligations(_row(rule), date(2025, 12, 31), 2027)
	assert obligation.due_date == date(2027, 2, 28)
	assert obligation.window_opens == date(2026, 12, 31)
	assert obligation.cycle_year == 2026
	# formed Feb 29: the Feb 28 anniversary plus two months
	assert _dues(rule, date(2024, 2, 29), 2025) == [date(2025, 4, 28)]


# ---------------------------------------------------------------------------- anniversary month rules


def test_anniversary_month_start() -> None:
	rule = {"kind": "anniversary_month_start"}
	assert _dues(rule, date(2024, 7, 15), 2026) == [date(2026, 7, 1)]
	assert _dues(rule, date(2024, 2, 29), 2025) == [date(2025, 2, 1)]
	# the first day of the formation month itself is never "due"
	assert _dues(rule, date(2024, 7, 15), 2024) == []


def test_anniversary_month_end_formed_feb_29() -> None:
	rule = {"kind": "anniversary_month_end"}
	assert _dues(rule, date(2024, 2, 29), 2025) == [date(2025, 2, 28)]
	assert _dues(rule, date(2024, 2, 29), 2028) == [date(2028, 2, 29)]


def test_anniversary_month_end_with_window() -> None:
	rule = {"kind": "anniversary_month_end", "opens_months_before": 5}
	[obligation] = due_obligations(_row(rule), date(2024, 3, 10), 2025)
	assert obligation.due_date == date(2025, 3, 31)
	assert obligation.window_opens == date(2024, 10, 1)


def test_before_first_day_of_anniversary_month_january_formation() -> None:
	# Illinois-style: due before the first day of the anniversary month. A January anniversary is due
	# December 31 of the year before, and belongs to the next anniversary cycle.
	rule = {"kind": "anniversary_month_end", "months_offset": -1}
	[obligation] = due_obligations(_row(rule), date(2025, 1, 20), 2025)
	assert obligation.due_date == date(2025, 12, 31)
	assert obligation.cycle_year == 2026
	assert _dues(rule, date(2025, 1, 20), 2026) == [date(2026, 12, 31)]
	assert _dues(rule, date(2025, 9, 16), 2026) == [date(2026, 8, 31)]


def test_month_after_anniversary() -> None:
	rule = {"kind": "month_after_anniversary"}
	assert _dues(rule, date(2024, 11, 10), 2025) == [date(2025, 12, 31)]
	# December formation: the first report (first anniversary, 2025) is due January 31, 2026 and the
	# formation-year "anniversary" never produces a January 2025 due date
	assert _dues(rule, date(2024, 12, 10), 2025) == []
	assert _dues(rule, date(2024, 12, 10), 2026) == [date(2026, 1, 31)]
	assert _dues({"kind": "month_after_anniversary", "months_after": 3}, date(2024, 12, 10), 2026) == [
		date(2026, 3, 31)
	]


def test_anniversary_window_colorado() -> None:
	rule = {"kind": "anniversary_window", "opens_months_before": 2, "due_months_after": 2}
	[obligation] = due_obligations(_row(rule), date(2025, 1, 15), 2026)
	assert obligation.due_date == date(2026, 3, 31)
	assert obligation.window_opens == date(2025, 11, 1)
	# December formation: due the following February; nothing for the formation year itself
	assert _dues(rule, date(2024, 12, 5), 2025) == []
	[obligation] = due_obligations(_row(rule), date(2024, 12, 5), 2026)
	assert obligation.due_date == date(2026, 2, 28)
	assert obligation.window_opens == date(2025, 10, 1)
	assert obligation.cycle_year == 2025
	# formed Feb 29: window Dec 1 to Apr 30
	[obligation] = due_obligations(_row(rule), date(2024, 2, 29), 2025)
	assert (obligation.window_opens, obligation.due_date) == (date(2024, 12, 1), date(2025, 4, 30))


# ---------------------------------------------------------------------------------------- quarter rule


@pytest.mark.parametrize(
	"formed, expected",
	[
		(date(2024, 2, 29), date(2025, 3, 31)),
		(date(2024, 5, 20), date(2025, 6, 30)),
		(date(2024, 7, 1), date(2025, 9, 30)),
		(date(2024, 12, 31), date(2025, 12, 31)),
	],
)
def test_quarter_of_formation(formed: date, expected: date) -> None:
	assert _dues({"kind": "quarter_of_formation"}, formed, 2025) == [expected]


def test_quarter_of_formation_window_and_custom_dates() -> None:
	rule = {"kind": "quarter_of_formation", "opens_at_quarter_start": True}
	[obligation] = due_obligations(_row(rule), date(2025, 5, 20), 2026)
	assert (obligation.window_opens, obligation.due_date) == (date(2026, 4, 1), date(2026, 6, 30))
	custom = {"kind": "quarter_of_formation", "due_dates": [[4, 1], [7, 1], [10, 1], [12, 15]]}
	assert _dues(custom, date(2025, 8, 5), 2026) == [date(2026, 10, 1)]
	assert _dues(custom, date(2025, 11, 5), 2026) == [date(2026, 12, 15)]


# ------------------------------------------------------------------------------------ fiscal year end


def test_fiscal_year_end_calendar_year() -> None:
	rule = {"kind": "fiscal_year_end", "months_after": 4, "day": 15, "first_year_offset": 0}
	# the first report covers the fiscal year in which the entity was formed
	assert _dues(rule, date(2025, 3, 1), 2025) == []
	assert _dues(rule, date(2025, 3, 1), 2026) == [date(2026, 4, 15)]
	tennessee = {"kind": "fiscal_year_end", "months_after": 4, "day": 1, "first_year_offset": 0}
	assert _dues(tennessee, date(2025, 3, 1), 2026) == [date(2026, 4, 1)]
	vermont = {"kind": "fiscal_year_end", "months_after": 3, "day": "last", "first_year_offset": 0}
	[obligation] = due_obligations(
		_row(dict(vermont, opens_after_fiscal_year_end=True)), date(2025, 3, 1), 2026
	)
	assert (obligation.window_opens, obligation.due_date) == (date(2026, 1, 1), date(2026, 3, 31))


def test_fiscal_year_end_other_month() -> None:
	rule = {"kind": "fiscal_year_end", "months_after": 4, "day": 15, "first_year_offset": 0}
	# June fiscal year: FY ending June 2025 is due October 15, 2025
	assert _dues(rule, date(2025, 3, 1), 2025, fiscal_year_end_month=6) == [date(2025, 10, 15)]
	# formed after the June 2025 year end: the first fiscal year ends June 2026
	assert _dues(rule, date(2025, 8, 1), 2025, fiscal_year_end_month=6) == []
	assert _dues(rule, date(2025, 8, 1), 2026, fiscal_year_end_month=6) == [date(2026, 10, 15)]
	# the rule's own fiscal_year_end_month applies when the caller gives none
	assert _dues(dict(rule, fiscal_year_end_month=9), date(2024, 3, 1), 2025) == [date(2025, 1, 15)]


# ------------------------------------------------------------------------------------ biennial_parity


def test_biennial_parity_odd_years() -> None:
	iowa = {
		"kind": "biennial_parity",
		"anchor": "fixed_date",
		"parity": "odd",
		"month": 4,
		"day": 1,
		"opens_month": 1,
		"opens_day": 1,
	}
	formed = date(2024, 5, 1)
	assert _dues(iowa, formed, 2025) == [date(2025, 4, 1)]
	assert _dues(iowa, formed, 2026) == []
	assert _dues(iowa, formed, 2027) == [date(2027, 4, 1)]
	# formed in an odd year: the first odd year after it
	assert _dues(iowa, date(2025, 1, 10), 2025) == []
	assert _dues(iowa, date(2025, 1, 10), 2027) == [date(2027, 4, 1)]


def test_biennial_parity_even_years() -> None:
	rule = {"kind": "biennial_parity", "anchor": "fixed_date", "parity": "even", "month": 3, "day": 1}
	assert _dues(rule, date(2025, 7, 1), 2026) == [date(2026, 3, 1)]
	assert _dues(rule, date(2025, 7, 1), 2027) == []


def test_biennial_parity_formation_year_parity() -> None:
	# New York-style: every two years in the anniversary month, starting two years after formation
	rule = {
		"kind": "biennial_parity",
		"anchor": "anniversary_month_end",
		"parity": "formation",
		"opens_months_before": 0,
		"first_year_offset": 2,
	}
	formed = date(2024, 3, 15)
	assert _dues(rule, formed, 2025) == []
	[obligation] = due_obligations(_row(rule), formed, 2026)
	assert (obligation.window_opens, obligation.due_date) == (date(2026, 3, 1), date(2026, 3, 31))
	assert _dues(rule, formed, 2027) == []
	assert _dues(rule, formed, 2028) == [date(2028, 3, 31)]
	# formed Feb 29: Feb 29 in leap filing years
	assert _dues(rule, date(2024, 2, 29), 2026) == [date(2026, 2, 28)]
	assert _dues(rule, date(2024, 2, 29), 2028) == [date(2028, 2, 29)]


def test_biennial_parity_opposite() -> None:
	# DC-style: first report the year after formation, then every second year
	rule = {"kind": "biennial_parity", "anchor": "fixed_date", "parity": "opposite", "month": 4, "day": 1}
	formed = date(2024, 10, 10)
	assert [_dues(rule, formed, y) for y in (2025, 2026, 2027)] == [
		[date(2025, 4, 1)],
		[],
		[date(2027, 4, 1)],
	]


def test_biennial_parity_entity_number() -> None:
	rule = {
		"kind": "biennial_parity",
		"anchor": "fixed_date",
		"parity": "entity_number",
		"month": 4,
		"day": 15,
	}
	assert _dues(rule, date(2024, 5, 1), 2025, entity_number="0000123") == [date(2025, 4, 15)]
	assert _dues(rule, date(2024, 5, 1), 2026, entity_number="0000123") == []
	assert _dues(rule, date(2024, 5, 1), 2026, entity_number="NM-4456") == [date(2026, 4, 15)]
	with pytest.raises(RuleError, match="entity_number"):
		due_obligations(_row(rule), date(2024, 5, 1), 2026)


# ------------------------------------------------------------------------------------------ none, roll


def test_none_returns_nothing() -> None:
	assert due_obligations(_row({"kind": "none"}, report_fee=None), date(2020, 1, 1), 2026) == []
	assert describe({"kind": "none"}) == "No recurring report is required"


def test_roll_only_when_the_rule_says_so() -> None:
	texas = {"kind": "fixed_date", "month": 5, "day": 15, "roll": True}
	[obligation] = due_obligations(_row(texas), date(2025, 2, 1), 2027)
	assert obligation.due_date == date(2027, 5, 17)  # May 15, 2027 is a Saturday
	assert obligation.unrolled_due_date == date(2027, 5, 15)
	[obligation] = due_obligations(_row(texas), date(2025, 2, 1), 2026)
	assert obligation.due_date == date(2026, 5, 15)  # Friday: no roll
	assert obligation.unrolled_due_date is None
	# without roll a Saturday due date stays where it is
	assert _dues({"kind": "fixed_date", "month": 8, "day": 1}, date(2025, 2, 1), 2026) == [date(2026, 8, 1)]


# -------------------------------------------------------------------------------------- initial reports


def test_initial_report_days_after_formation() -> None:
	rule = {
		"kind": "anniversary_month_end",
		"initial_report": {"report_name": "Initial Statement", "fee": 20, "days_after_formation": 90},
	}
	[initial] = due_obligations(_row(rule), date(2026, 2, 10), 2026)
	assert initial.due_date == date(2026, 5, 11)
	assert initial.category == "initial_report"
	assert (initial.fee, initial.report_name) == (20, "Initial Statement")
	# crossing into the next year: listed with that year's obligations
	obligations = due_obligations(_row(rule), date(2025, 12, 1), 2026)
	assert [(o.category, o.due_date) for o in obligations] == [
		("initial_report", date(2026, 3, 1)),
		("report", date(2026, 12, 31)),
	]


def test_initial_report_month_rules_and_cutoff() -> None:
	nevada = {
		"kind": "anniversary_month_end",
		"initial_report": {
			"report_name": "Initial List",
			"fee": 350,
			"months_after_formation": 1,
			"day": "last",
		},
	}
	assert _dues(nevada, date(2026, 1, 15), 2026) == [date(2026, 2, 28)]
	alaska = {
		"kind": "anniversary_month_end",
		"initial_report": {
			"report_name": "Initial Report",
			"fee": 0,
			"months_after_formation": 6,
			"day": "same",
		},
	}
	assert _dues(alaska, date(2025, 8, 31), 2026) == [date(2026, 2, 28), date(2026, 8, 31)]
	georgia = {
		"kind": "fixed_date",
		"month": 4,
		"day": 1,
		"initial_report": {
			"report_name": "Initial Annual Registration",
			"fee": 50,
			"days_after_formation": 90,
			"not_if_formed_after": "10-01",
		},
	}
	assert _dues(georgia, date(2025, 10, 1), 2025) == [date(2025, 12, 30)]
	assert _dues(georgia, date(2025, 10, 2), 2025) == []
	assert _dues(georgia, date(2025, 10, 2), 2026) == [date(2026, 4, 1)]


# ------------------------------------------------------------------------------------- franchise taxes


def test_franchise_tax_with_its_own_rule_is_a_separate_obligation() -> None:
	row = _row(
		{"kind": "anniversary_month_end"},
		franchise_tax={
			"name": "Annual LLC tax",
			"description": "flat tax",
			"minimum": 800,
			"due_rule": {
				"kind": "fixed_date",
				"month": 4,
				"day": 15,
				"roll": True,
				"initial_report": {
					"report_name": "First-year tax",
					"fee": 800,
					"months_after_formation": 3,
					"day": 15,
				},
			},
		},
	)
	obligations = due_obligations(row, date(2026, 1, 20), 2026)
	assert [(o.category, o.report_name, o.due_date, o.fee) for o in obligations] == [
		("franchise_tax", "First-year tax", date(2026, 4, 15), 800),
	]
	obligations = due_obligations(row, date(2025, 8, 10), 2026)
	assert [(o.category, o.due_date) for o in obligations] == [
		("franchise_tax", date(2026, 4, 15)),
		("report", date(2026, 8, 31)),
	]
	# April 15, 2028 is a Saturday: the tax rolls, the report rule does not
	taxes = [o for o in due_obligations(row, date(2025, 8, 10), 2028) if o.category == "franchise_tax"]
	assert [o.due_date for o in taxes] == [date(2028, 4, 17)]


def test_franchise_tax_paid_with_the_report() -> None:
	row = _row(
		{"kind": "fixed_date", "month": 3, "day": 1}, franchise_tax={"description": "x", "minimum": 175}
	)
	[obligation] = due_obligations(row, date(2025, 3, 10), 2026)
	assert (obligation.fee, obligation.tax_minimum) == (50, 175)
	included = _row(
		{"kind": "fixed_date", "month": 3, "day": 1},
		franchise_tax={"description": "x", "minimum": 300, "included_in_report_fee": True},
	)
	[obligation] = due_obligations(included, date(2025, 3, 10), 2026)
	assert obligation.tax_minimum is None


# ---------------------------------------------------------------------------------------------- errors


def test_formation_after_requested_year_is_an_error() -> None:
	with pytest.raises(RuleError, match=r"2027-01-05 is after the requested year 2026"):
		due_obligations(_row(FLORIDA_LIKE), date(2027, 1, 5), 2026)
	with pytest.raises(ValueError):  # RuleError is a ValueError
		due_obligations(_row(FLORIDA_LIKE), date(2027, 1, 5), 2026)


def test_unknown_rule_kind_is_an_error() -> None:
	with pytest.raises(RuleError, match="unknown rule kind 'lunar_new_year'"):
		due_obligations(_row({"kind": "lunar_new_year"}), date(2024, 1, 1), 2026)
	with pytest.raises(RuleError, match="unknown rule kind"):
		describe({"kind": "lunar_new_year"})


@pytest.mark.parametrize(
	"rule, message",
	[
		({"kind": "fixed_date", "month": 5}, "missing: day"),
		({"kind": "fixed_date", "month": 13, "day": 1}, "'month' must be a whole number from 1 to 12"),
		({"kind": "fixed_date", "month": 5, "day": 1, "colour": "red"}, "unknown parameters: colour"),
		({"kind": "anniversary_window", "opens_months_before": 2}, "missing: due_months_after"),
		(
			{"kind": "biennial_parity", "anchor": "fixed_date", "parity": "leap", "month": 1, "day": 1},
			"'parity'",
		),
		({"kind": "biennial_parity", "anchor": "none", "parity": "odd"}, "'anchor' must be one of"),
		({"kind": "fiscal_year_end", "months_after": 4, "day": "first"}, "'day' must be a whole number"),
		({"kind": "anniversary_date", "roll": "yes"}, "'roll' must be true or false"),
		({"kind": "anniversary_date", "late_formation_cutoff": "9/30"}, "'MM-DD'"),
		(
			{"kind": "anniversary_date", "initial_report": {"fee": 5}},
			"'initial_report' needs a 'report_name'",
		),
		("fixed_date", "due_rule must be an object"),
	],
)
def test_invalid_rules(rule: Any, message: str) -> None:
	problems = validate_rule(rule)
	assert any(message in p for p in problems), problems
	with pytest.raises(RuleError, match=r"invalid due_rule|unknown rule kind|must be an object"):
		due_obligations(_row(rule), date(2024, 1, 1), 2026)


def test_bad_arguments() -> None:
	with pytest.raises(RuleError, match="no 'due_rule'"):
		due_obligations({"report_name": "x"}, date(2024, 1, 1), 2026)
	with pytest.raises(RuleError, match="formed_on must be a date"):
		due_obligations(_row(FLORIDA_LIKE), "2024-01-01", 2026)  # type: ignore[arg-type]
	with pytest.raises(RuleError, match="fiscal_year_end_month"):
		due_obligations(_row(FLORIDA_LIKE), date(2024, 1, 1), 2026, fiscal_year_end_month=13)


# -------------------------------------------------------------------------------------------- describe


@pytest.mark.parametrize(
	"rule, text",
	[
		(
			{"kind": "anniversary_month_start"},
			"Due on the first day of the anniversary month; first due at the first anniversary of formation",
		),
		(
			{"kind": "fixed_date", "month": 5, "day": 1, "opens_month": 1, "opens_day": 1},
			"Due May 1 (filing opens January 1); first due in the calendar year after formation",
		),
		(
			{"kind": "fixed_date", "month": 5, "day": 15, "roll": True},
			"Due May 15; first due in the calendar year after formation; a due date on a weekend or holiday "
			"moves to the next business day",
		),
		(
			{"kind": "anniversary_month_end", "months_offset": -1},
			"Due before the first day of the anniversary month (by the last day of the month before it); "
			"first due at the first anniversary of formation",
		),
		(
			{"kind": "quarter_of_formation"},
			"Due by the last day of the calendar quarter in which the entity was formed; "
			"first due at the first anniversary of formation",
		),
	],
)
def test_describe(rule: dict[str, Any], text: str) -> None:
	assert describe(rule) == text


def test_describe_every_kind_and_whole_rows() -> None:
	examples = {
		"fixed_date": {"month": 6, "day": 1},
		"anniversary_date": {"months_after": 2, "opens_on_anniversary": True},
		"anniversary_month_start": {},
		"anniversary_month_end": {"opens_months_before": 2},
		"month_after_anniversary": {},
		"anniversary_window": {"opens_months_before": 2, "due_months_after": 2},
		"quarter_of_formation": {"due_dates": [[3, 31], [6, 30], [9, 30], [12, 31]]},
		"fiscal_year_end": {"months_after": 3, "day": 15, "first_year_offset": 0},
		"biennial_parity": {"anchor": "fixed_date", "parity": "odd", "month": 4, "day": 1},
		"none": {},
	}
	assert set(examples) == set(RULE_KINDS)
	for kind, params in examples.items():
		text = describe({"kind": kind, **params})
		assert text and text[0].isupper(), kind
	assert "odd-numbered years" in describe(examples["biennial_parity"] | {"kind": "biennial_parity"})
	assert describe(_row({"kind": "anniversary_date"})) == describe({"kind": "anniversary_date"})


def test_obligation_is_frozen() -> None:
	[obligation] = due_obligations(_row(FLORIDA_LIKE), date(2025, 6, 1), 2026)
	assert isinstance(obligation, Obligation)
	with pytest.raises(AttributeError):
		obligation.due_date = date(2026, 5, 2)  # type: ignore[misc]
