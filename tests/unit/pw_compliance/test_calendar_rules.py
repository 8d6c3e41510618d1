from datetime import date, timedelta

import pytest
from pw_compliance.calendar.federal import CarrierProfile, federal_obligations
from pw_compliance.calendar.transitions import (
	EntryState,
	TransitionError,
	check_transition,
	needs_invoice,
	next_status,
	ready_to_file,
)

VOIP = CarrierProfile(carrier_kinds=frozenset({"interconnected_voip"}))


def due(profile: CarrierProfile, year: int) -> dict[tuple[str, str], date]:
	return {(o.code, o.period): o.due_date for o in federal_obligations(profile, year)}


def test_interconnected_voip_non_de_minimis():
	found = due(VOIP, 2026)
	assert found[("fcc-499a", "CY2025")] == date(2026, 4, 1)  # Wednesday, no roll
	assert found[("fcc-499q", "2025-Q4")] == date(2026, 2, 2)  # Feb 1, 2026 is a Sunday
	assert found[("fcc-499q", "2026-Q2")] == date(2026, 8, 3)  # Aug 1, 2026 is a Saturday
	assert found[("fcc-499q", "2026-Q3")] == date(2026, 11, 2)  # Nov 1, 2026 is a Sunday
	assert found[("cpni", "CY2025")] == date(2026, 3, 2)  # Mar 1, 2026 is a Sunday
	assert found[("rmd", "2026")] == date(2026, 3, 2)
	assert ("bdc", "2025-12-31") not in found


def test_2025_rolls():
	found = due(CarrierProfile(carrier_kinds=frozenset({"clec"}), bdc_voice=True), 2025)
	assert found[("fcc-499q", "2024-Q4")] == date(2025, 2, 3)
	assert found[("cpni", "CY2024")] == date(2025, 3, 3)
	assert found[("bdc", "2024-12-31")] == date(2025, 3, 3)
	assert found[("bdc", "2025-06-30")] == date(2025, 9, 2)  # Sep 1, 2025 is Labor Day
	assert found[("fcc-499q", "2025-Q3")] == date(2025, 11, 3)
	assert ("rmd", "2025") not in found  # annual recertification starts March 1, 2026


def test_de_minimis_files_499a_but_not_499q():
	codes = {
		code
		for code, _ in due(
			CarrierProfile(carrier_kinds=frozenset({"interconnected_voip"}), de_minimis=True), 2027
		)
	}
	assert "fcc-499a" in codes and "fcc-499q" not in codes


def test_numbering_and_regulatory_fee():
	found = federal_obligations(CarrierProfile(carrier_kinds=frozenset({"clec"}), holds_numbering=True), 2026)
	nrufs = [o for o in found if o.code == "form-502"]
	assert [o.due_date for o in nrufs] == [date(2026, 2, 2), date(2026, 8, 3)]
	(fee,) = [o for o in found if o.code == "fcc-regulatory-fee"]
	assert fee.estimated and fee.due_date == date(2026, 9, 30)
	(known,) = [
		o
		for o in federal_obligations(CarrierProfile(carrier_kinds=frozenset({"clec"})), 2025)
		if o.code == "fcc-regulatory-fee"
	]
	assert known.due_date == date(2025, 9, 25) and not known.estimated


def test_broadband_only_provider_files_bdc_only():
	found = federal_obligations(
		CarrierProfile(carrier_kinds=frozenset({"broadband_provider"}), bdc_broadband=True), 2027
	)
	assert {o.code for o in found} == {"bdc"}
	assert all(o.window_opens for o in found)


def test_canadian_carrier_has_no_fcc_obligations():
	assert federal_obligations(CarrierProfile(country="CA", carrier_kinds=frozenset({"clec"})), 2027) == []


def test_active_from_drops_earlier_obligations():
	later = CarrierProfile(carrier_kinds=frozenset({"interconnected_voip"}), active_from=date(2026, 6, 1))
	assert min(o.due_date for o in federal_obligations(later, 2026)) >= date(2026, 6, 1)


def entry(status: str, due: date, billable: bool = True, **kw) -> EntryState:
	return EntryState(
		status=status, due_date=due, due_soon_on=due - timedelta(days=30), billable=billable, **kw
	)


@pytest.mark.parametrize("offset, expected", [(-1, None), (0, "Due Soon"), (1, "Due Soon")])
def test_due_soon_threshold(offset, expected):
	e = entry("Upcoming", date(2026, 4, 1))
	assert next_status(e, e.due_soon_on + timedelta(days=offset)) == expected


@pytest.mark.parametrize("offset, expected", [(-1, None), (0, None), (1, "Overdue")])
def test_overdue_threshold(offset, expected):
	e = entry("Invoice Sent", date(2026, 4, 1), invoiced=True)
	assert next_status(e, e.due_date + timedelta(days=offset)) == expected


def test_billable_path():
	day = date(2026, 3, 10)
	assert next_status(entry("Due Soon", date(2026, 4, 1)), day) is None
	assert needs_invoice(entry("Due Soon", date(2026, 4, 1)))
	assert next_status(entry("Due Soon", date(2026, 4, 1), invoiced=True), day) == "Invoice Sent"
	assert (
		next_status(entry("Invoice Sent", date(2026, 4, 1), invoiced=True, invoice_paid=True), day) == "Paid"
	)
	assert next_status(entry("Paid", date(2026, 4, 1), invoiced=True, invoice_paid=True), day) == "Filing"
	assert not ready_to_file(entry("Invoice Sent", date(2026, 4, 1), invoiced=True))
	assert next_status(entry("Filing", date(2026, 4, 1)), day) is None  # completion needs evidence


def test_non_billable_skips_the_invoice():
	e = entry("Due Soon", date(2026, 4, 1), billable=False)
	assert not needs_invoice(e) and ready_to_file(e)
	assert next_status(e, date(2026, 3, 10)) == "Filing"


def test_overdue_still_gets_invoice_and_filing_task():
	e = entry("Overdue", date(2026, 4, 1))
	assert next_status(e, date(2026, 5, 1)) is None
	assert needs_invoice(e) and not ready_to_file(e)
	assert ready_to_file(entry("Overdue", date(2026, 4, 1), invoiced=True, invoice_paid=True))


def test_transitions():
	check_transition("Filing", "Completed")
	check_transition("Overdue", "Completed")
	for a, b in [
		("Upcoming", "Completed"),
		("Completed", "Upcoming"),
		("Closed", "Filing"),
		("Due Soon", "Paid"),
	]:
		with pytest.raises(TransitionError):
			check_transition(a, b)


def test_a_filing_task_is_made_once():
	paid = entry("Paid", date(2026, 4, 1), invoiced=True, invoice_paid=True)
	assert ready_to_file(paid)
	assert not ready_to_file(EntryState(**{**vars(paid), "has_task": True}))
	assert not ready_to_file(entry("Filing", date(2026, 4, 1), billable=False))  # its task exists already
