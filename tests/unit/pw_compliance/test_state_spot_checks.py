"""State spot checks: expected due dates and fees written by hand from each state's own rule.

Each case names the official page the expectation was written from. The dates below were worked out from
the rule text, not from the engine. Fees are the state filing fee for the report (franchise taxes with
their own deadline are checked separately where the state has one).
"""

from __future__ import annotations

from datetime import date

from pw_compliance.jurisdictions.dataset import find_rule
from pw_compliance.jurisdictions.rules import due_obligations


def reports(
	state: str, entity_type: str, formed: date, year: int, **kwargs: object
) -> list[tuple[date, float | None]]:
	"""(due date, fee) of the report obligations (recurring and initial) due in ``year``."""
	row = find_rule(state, entity_type)
	return [
		(o.due_date, o.fee)
		for o in due_obligations(row, formed, year, **kwargs)  # type: ignore[arg-type]
		if o.category in ("report", "initial_report")
	]


def taxes(state: str, entity_type: str, formed: date, year: int) -> list[tuple[date, float | None]]:
	row = find_rule(state, entity_type)
	return [(o.due_date, o.fee) for o in due_obligations(row, formed, year) if o.category == "franchise_tax"]


def test_delaware() -> None:
	# https://corp.delaware.gov/paytaxes/ : LLC annual tax $300 due June 1; corporations file the
	# annual report ($50) and franchise tax (minimum $175) by March 1 for the previous year.
	formed = date(2025, 3, 10)
	assert reports("DE", "llc", formed, 2025) == []
	assert reports("DE", "llc", formed, 2026) == [(date(2026, 6, 1), 300)]
	assert reports("DE", "corporation", formed, 2026) == [(date(2026, 3, 1), 50)]
	[report] = due_obligations(find_rule("DE", "corporation"), formed, 2026)
	assert report.tax_minimum == 175


def test_wyoming() -> None:
	# W.S. 17-29-209 / https://sos.wyo.gov/Business/Default.aspx : on or before the first day of the
	# anniversary month; license tax the greater of $60 or $0.0002 per dollar of Wyoming assets.
	formed = date(2024, 7, 15)
	assert reports("WY", "llc", formed, 2026) == [(date(2026, 7, 1), 60)]
	assert reports("WY", "corporation", formed, 2026) == [(date(2026, 7, 1), 60)]


def test_nevada() -> None:
	# NRS 76.130, https://www.nvsos.gov/sos/businesses/commercial-recordings : annual list due by the last
	# day of the anniversary month; LLC $150 list + $200 license, corporation $150 + $500.
	formed = date(2024, 5, 20)
	assert reports("NV", "llc", formed, 2026) == [(date(2026, 5, 31), 350)]
	assert reports("NV", "corporation", formed, 2026) == [(date(2026, 5, 31), 650)]
	# the initial list is due by the last day of the month after formation
	assert reports("NV", "llc", date(2026, 1, 15), 2026) == [(date(2026, 2, 28), 350)]


def test_florida() -> None:
	# https://dos.fl.gov/sunbiz/manage-business/efile/annual-report/ : January 1 - May 1, first the year
	# after formation; LLC $138.75, corporation $150.
	formed = date(2025, 6, 1)
	assert reports("FL", "llc", formed, 2026) == [(date(2026, 5, 1), 138.75)]
	assert reports("FL", "corporation", formed, 2026) == [(date(2026, 5, 1), 150)]
	[obligation] = due_obligations(find_rule("FL", "llc"), formed, 2026)
	assert obligation.window_opens == date(2026, 1, 1)
	assert obligation.late_fee == 400


def test_california() -> None:
	# https://www.sos.ca.gov/business-programs/business-entities/statements : initial statement within 90
	# days; LLCs every two years (registration-year parity), corporations yearly, by the end of the
	# registration month, filing period opening five months before it. LLC $20, corporation $25.
	formed = date(2024, 8, 10)
	assert reports("CA", "llc", formed, 2025) == []
	assert reports("CA", "llc", formed, 2026) == [(date(2026, 8, 31), 20)]
	assert reports("CA", "corporation", formed, 2025) == [(date(2025, 8, 31), 25)]
	assert reports("CA", "corporation", formed, 2026) == [(date(2026, 8, 31), 25)]
	[report] = [o for o in due_obligations(find_rule("CA", "llc"), formed, 2026) if o.category == "report"]
	assert report.window_opens == date(2026, 3, 1)
	# initial statement: formed February 10, 2026 + 90 days = May 11, 2026
	assert reports("CA", "llc", date(2026, 2, 10), 2026) == [(date(2026, 5, 11), 20)]
	# FTB: $800 LLC tax due the 15th day of the 4th month of each taxable year
	# (https://www.ftb.ca.gov/file/business/types/limited-liability-company/index.html)
	assert taxes("CA", "llc", formed, 2026) == [(date(2026, 4, 15), 800)]
	# first year: 15th day of the 4th month after formation (June 3 -> September 15)
	assert taxes("CA", "llc", date(2026, 6, 3), 2026) == [(date(2026, 9, 15), 800)]


def test_texas() -> None:
	# https://comptroller.texas.gov/taxes/franchise/ : report (and PIR) due May 15, first the year after
	# the entity becomes subject to the tax; a weekend/holiday due date moves to the next business day.
	formed = date(2025, 2, 1)
	assert reports("TX", "llc", formed, 2025) == []
	assert reports("TX", "llc", formed, 2026) == [(date(2026, 5, 15), 0)]
	assert reports("TX", "corporation", formed, 2027) == [
		(date(2027, 5, 17), 0)
	]  # May 15, 2027 is a Saturday


def test_new_york() -> None:
	# https://dos.ny.gov/biennial-statements-business-corporations-and-limited-liability-companies :
	# every two years during the calendar month of formation, $9.
	formed = date(2024, 3, 15)
	assert reports("NY", "corporation", formed, 2025) == []
	assert reports("NY", "corporation", formed, 2026) == [(date(2026, 3, 31), 9)]
	assert reports("NY", "llc", formed, 2026) == [(date(2026, 3, 31), 9)]
	# LLC certificate of publication within 120 days of formation (LLC Law 206)
	assert reports("NY", "llc", date(2026, 1, 5), 2026) == [(date(2026, 5, 5), 50)]


def test_colorado() -> None:
	# https://www.coloradosos.gov/pubs/business/FAQs/reports.html : due in the three months beginning with
	# the first day of the anniversary month (formed January 15: January 1 - March 31), up to two months
	# early; $25 since July 1, 2024.
	formed = date(2025, 1, 15)
	assert reports("CO", "llc", formed, 2026) == [(date(2026, 3, 31), 25)]
	assert reports("CO", "corporation", formed, 2026) == [(date(2026, 3, 31), 25)]
	[obligation] = due_obligations(find_rule("CO", "llc"), formed, 2026)
	assert obligation.window_opens == date(2025, 11, 1)


def test_illinois() -> None:
	# https://www.ilsos.gov/departments/business_services/home.html : due before the first day of the
	# anniversary month (formed September 16: before September 1), $75.
	formed = date(2025, 9, 16)
	assert reports("IL", "llc", formed, 2026) == [(date(2026, 8, 31), 75)]
	assert reports("IL", "corporation", formed, 2026) == [(date(2026, 8, 31), 75)]


def test_washington() -> None:
	# https://www.sos.wa.gov/corporations-charities : annual report by the end of the anniversary month;
	# initial report within 120 days of formation (RCW 23.95.255).
	formed = date(2025, 4, 10)
	assert reports("WA", "llc", formed, 2026) == [(date(2026, 4, 30), 60)]
	assert reports("WA", "corporation", formed, 2026) == [(date(2026, 4, 30), 60)]
	assert reports("WA", "llc", date(2026, 1, 10), 2026)[0] == (date(2026, 5, 10), 10)


def test_georgia() -> None:
	# https://ecorp.sos.ga.gov/ : annual registration January 1 - April 1, first the year after formation,
	# $50.
	formed = date(2025, 11, 20)
	assert reports("GA", "llc", formed, 2026) == [(date(2026, 4, 1), 50)]
	# incorporated after October 1: no initial registration
	assert reports("GA", "corporation", formed, 2025) == []
	assert reports("GA", "corporation", formed, 2026) == [(date(2026, 4, 1), 50)]


def test_north_carolina() -> None:
	# https://sosnc.gov/divisions/Business_Registration/annual_report_due_dates : LLC April 15 of each year
	# after the year of creation ($200); corporation 15th day of the 4th month after the fiscal year end
	# ($25).
	formed = date(2025, 6, 1)
	assert reports("NC", "llc", formed, 2026) == [(date(2026, 4, 15), 200)]
	assert reports("NC", "corporation", formed, 2026) == [(date(2026, 4, 15), 25)]
	# a June fiscal year end: due October 15
	assert reports("NC", "corporation", date(2025, 1, 10), 2025, fiscal_year_end_month=6) == [
		(date(2025, 10, 15), 25)
	]


def test_pennsylvania() -> None:
	# https://www.pa.gov/agencies/dos/programs/business/types-of-filings-and-registrations/annual-reports.html
	# corporations January 1 - June 30, LLCs January 1 - September 30, from the year after formation; $7.
	formed = date(2025, 5, 5)
	assert reports("PA", "llc", formed, 2025) == []
	assert reports("PA", "llc", formed, 2026) == [(date(2026, 9, 30), 7)]
	assert reports("PA", "corporation", formed, 2026) == [(date(2026, 6, 30), 7)]


def test_new_jersey() -> None:
	# https://www.njportal.com/DOR/annualreports/ : by the last day of the anniversary month.
	formed = date(2025, 7, 4)
	assert reports("NJ", "llc", formed, 2026) == [(date(2026, 7, 31), 75)]
	assert reports("NJ", "corporation", formed, 2026) == [(date(2026, 7, 31), 75)]


def test_massachusetts() -> None:
	# https://www.sec.state.ma.us/divisions/corporations/ : LLC on or before the anniversary date
	# (950 CMR 112.14, $500); corporation within 2.5 months after the fiscal year end (c.156D s.16.22, $125).
	formed = date(2025, 4, 2)
	assert reports("MA", "llc", formed, 2026) == [(date(2026, 4, 2), 500)]
	assert reports("MA", "corporation", formed, 2026) == [(date(2026, 3, 15), 125)]


def test_virginia() -> None:
	# https://www.scc.virginia.gov/pages/Annual-Registration-Fees : due the last day of the month of
	# formation each year after the year of formation, assessed on the first day of the second month before;
	# LLC $50; stock corporation by authorized shares ($100 for 5,000 or fewer).
	formed = date(2025, 4, 10)
	assert reports("VA", "llc", formed, 2026) == [(date(2026, 4, 30), 50)]
	assert reports("VA", "corporation", formed, 2026) == [(date(2026, 4, 30), 100)]
	[obligation] = due_obligations(find_rule("VA", "llc"), formed, 2026)
	assert obligation.window_opens == date(2026, 2, 1)


def test_arizona() -> None:
	# https://www.azcc.gov/Divisions/Corporations/annual-report-electronic-submission.asp : LLCs do not
	# submit annual reports; corporations $45 (due date encoded as the anniversary of incorporation).
	formed = date(2025, 6, 10)
	assert reports("AZ", "llc", formed, 2026) == []
	assert reports("AZ", "corporation", formed, 2026) == [(date(2026, 6, 10), 45)]


def test_ohio() -> None:
	# https://www.ohiosos.gov/businesses/ : Ohio requires no annual report.
	formed = date(2020, 1, 1)
	assert due_obligations(find_rule("OH", "llc"), formed, 2026) == []
	assert due_obligations(find_rule("OH", "corporation"), formed, 2026) == []


def test_michigan() -> None:
	# https://www.michigan.gov/lara/bureau-list/cscl/corps/michigan-business-roadmap/annual-reports-and-annual-statements
	# LLC annual statement February 15 ($25), not the first February 15 if organized after September 30;
	# corporation annual report May 15 ($25).
	assert reports("MI", "llc", date(2025, 5, 1), 2026) == [(date(2026, 2, 15), 25)]
	assert reports("MI", "llc", date(2025, 10, 15), 2026) == []
	assert reports("MI", "llc", date(2025, 10, 15), 2027) == [(date(2027, 2, 15), 25)]
	assert reports("MI", "corporation", date(2025, 5, 1), 2026) == [(date(2026, 5, 15), 25)]


def test_tennessee() -> None:
	# https://sos.tn.gov/businesses : annual report by the 1st day of the 4th month after the fiscal year
	# end (LLC $50 per member, minimum $300; corporation $20); franchise & excise tax return by the 15th day
	# of the 4th month (minimum franchise tax $100).
	formed = date(2025, 3, 1)
	assert reports("TN", "llc", formed, 2026) == [(date(2026, 4, 1), 300)]
	assert reports("TN", "corporation", formed, 2026) == [(date(2026, 4, 1), 20)]
	assert taxes("TN", "llc", formed, 2026) == [(date(2026, 4, 15), 100)]


def test_hawaii() -> None:
	# https://cca.hawaii.gov/breg/ : due by the end of the quarter of the registration anniversary.
	formed = date(2025, 5, 20)
	assert reports("HI", "llc", formed, 2026) == [(date(2026, 6, 30), 15)]
	assert reports("HI", "corporation", formed, 2026) == [(date(2026, 6, 30), 5)]


def test_wisconsin() -> None:
	# https://dfi.wi.gov/Pages/BusinessServices/BusinessEntities/FAQ.aspx : by the end of the calendar
	# quarter of the anniversary (formed July 15: September 30), $25 online.
	formed = date(2025, 8, 5)
	assert reports("WI", "llc", formed, 2026) == [(date(2026, 9, 30), 25)]
	assert reports("WI", "corporation", formed, 2026) == [(date(2026, 9, 30), 25)]


def test_alaska() -> None:
	# https://commerce.alaska.gov/web/cbpl/Corporations/BiennialReportsFAQs : formed in an even year, due
	# January 2 of every even year, reporting open from October 2 of the previous year.
	formed = date(2024, 6, 1)
	assert reports("AK", "corporation", formed, 2025) == []
	assert reports("AK", "corporation", formed, 2026) == [(date(2026, 1, 2), 100)]
	assert reports("AK", "llc", formed, 2026) == [(date(2026, 1, 2), 100)]


def test_district_of_columbia() -> None:
	# https://code.dccouncil.gov/us/dc/council/code/sections/29-102.11 : first biennial report by April 1
	# of the year after formation, then every second year; $300.
	formed = date(2024, 10, 10)
	assert reports("DC", "llc", formed, 2025) == [(date(2025, 4, 1), 300)]
	assert reports("DC", "corporation", formed, 2026) == []
	assert reports("DC", "corporation", formed, 2027) == [(date(2027, 4, 1), 300)]


def test_british_columbia() -> None:
	# https://www.bclaws.gov.bc.ca/civix/document/id/complete/statreg/02057_16 : annual report within two
	# months after each anniversary of recognition (s.51), fee $43.39 (Schedule item 4).
	formed = date(2025, 8, 30)
	[obligation] = due_obligations(find_rule("BC", "corporation"), formed, 2026)
	assert (obligation.window_opens, obligation.due_date, obligation.fee) == (
		date(2026, 8, 30),
		date(2026, 10, 30),
		43.39,
	)
