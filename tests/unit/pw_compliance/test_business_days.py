from datetime import date

import pytest
from pw_compliance.calendar.business_days import federal_holidays, is_business_day, roll_forward


@pytest.mark.parametrize(
	"due, expected",
	[
		# Derived cases in the regulatory reference (47 CFR 1.4(j) roll)
		(date(2025, 2, 1), date(2025, 2, 3)),  # Saturday
		(date(2025, 3, 1), date(2025, 3, 3)),  # Saturday
		(date(2025, 11, 1), date(2025, 11, 3)),  # Saturday
		(date(2025, 9, 1), date(2025, 9, 2)),  # Labor Day
		(date(2026, 2, 1), date(2026, 2, 2)),  # Sunday
		(date(2026, 3, 1), date(2026, 3, 2)),  # Sunday
		(date(2026, 8, 1), date(2026, 8, 3)),  # Saturday
		(date(2026, 11, 1), date(2026, 11, 2)),  # Sunday
		(date(2026, 4, 1), date(2026, 4, 1)),  # Wednesday, no roll
		(date(2015, 8, 1), date(2015, 8, 3)),  # confirmed: 499-Q/502 Aug 1, 2015
		(date(2021, 7, 3), date(2021, 7, 6)),  # Sat, then Independence Day observed Mon Jul 5
		(date(2022, 12, 24), date(2022, 12, 27)),  # Sat, Sun, Christmas observed Mon Dec 26
	],
)
def test_roll_forward(due: date, expected: date) -> None:
	assert roll_forward(due) == expected


def test_holidays_2026() -> None:
	assert federal_holidays(2026) == {
		date(2026, 1, 1),
		date(2026, 1, 19),
		date(2026, 2, 16),
		date(2026, 5, 25),
		date(2026, 6, 19),
		date(2026, 7, 3),  # July 4 is a Saturday
		date(2026, 9, 7),
		date(2026, 10, 12),
		date(2026, 11, 11),
		date(2026, 11, 26),
		date(2026, 12, 25),
	}


def test_new_year_observed_in_previous_year() -> None:
	# Jan 1, 2022 was a Saturday: observed Friday Dec 31, 2021
	assert date(2021, 12, 31) in federal_holidays(2021)
	assert date(2022, 1, 1) not in federal_holidays(2022)


def test_juneteenth_only_from_2021() -> None:
	assert date(2020, 6, 19) not in federal_holidays(2020)
	assert not is_business_day(date(2024, 6, 19))


def test_extra_closed_day() -> None:
	closed = {date(2026, 4, 1)}
	assert roll_forward(date(2026, 4, 1), closed) == date(2026, 4, 2)
