"""US federal legal holidays and the FCC next-business-day roll.

47 CFR 1.4(j): when a filing date falls on a holiday, the document is due on the next business day.
47 CFR 1.4(e)(1) defines "holiday" as Saturday, Sunday, a federal legal holiday, or a day the FCC is
closed. Federal legal holidays are those of 5 U.S.C. 6103(a); when one falls on a Saturday it is
observed the Friday before, on a Sunday the Monday after (5 U.S.C. 6103(b), Executive Order 11582).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import cache

MONDAY, THURSDAY = 0, 3


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
	"""The n-th given weekday of a month; n = -1 for the last one."""
	if n > 0:
		first = date(year, month, 1)
		return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
	last = date(year, month, calendar.monthrange(year, month)[1])
	return last - timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: date) -> date:
	if day.weekday() == 5:
		return day - timedelta(days=1)
	if day.weekday() == 6:
		return day + timedelta(days=1)
	return day


@cache
def federal_holidays(year: int) -> frozenset[date]:
	"""Observed dates of the federal legal holidays (5 U.S.C. 6103) in a calendar year."""
	fixed = [date(year, 1, 1), date(year, 7, 4), date(year, 11, 11), date(year, 12, 25)]
	if year >= 2021:  # Juneteenth National Independence Day Act, June 17, 2021
		fixed.append(date(year, 6, 19))
	moving = [
		_nth_weekday(year, 1, MONDAY, 3),  # Birthday of Martin Luther King, Jr.
		_nth_weekday(year, 2, MONDAY, 3),  # Washington's Birthday
		_nth_weekday(year, 5, MONDAY, -1),  # Memorial Day
		_nth_weekday(year, 9, MONDAY, 1),  # Labor Day
		_nth_weekday(year, 10, MONDAY, 2),  # Columbus Day
		_nth_weekday(year, 11, THURSDAY, 4),  # Thanksgiving Day
	]
	observed = {_observed(d) for d in fixed} | set(moving)
	# New Year's Day of the next year observed on Friday Dec 31 of this year
	if date(year + 1, 1, 1).weekday() == 5:
		observed.add(date(year, 12, 31))
	return frozenset(d for d in observed if d.year == year)


def is_business_day(day: date, closed_days: frozenset[date] | set[date] = frozenset()) -> bool:
	"""False on weekends, federal holidays and any extra day the agency was closed."""
	return day.weekday() < 5 and day not in federal_holidays(day.year) and day not in closed_days


def roll_forward(day: date, closed_days: frozenset[date] | set[date] = frozenset()) -> date:
	"""The day itself if it is a business day, else the next business day (47 CFR 1.4(j))."""
	while not is_business_day(day, closed_days):
		day += timedelta(days=1)
	return day
