"""The renewal lifecycle of a compliance entry, as data.

Upcoming -> Due Soon (N days before due) -> Invoice Sent (billable) -> Paid -> Filing -> Completed;
non-billable entries go Due Soon -> Filing. An open entry past its due date becomes Overdue and stays
so until completed: its invoice and filing task still happen (the entry's links say how far it got).
Any entry not completed is Closed when the carrier leaves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

OPEN = ("Upcoming", "Due Soon", "Invoice Sent", "Paid", "Filing", "Overdue")
TRANSITIONS: dict[str, frozenset[str]] = {
	"Upcoming": frozenset({"Due Soon", "Overdue", "Closed"}),
	"Due Soon": frozenset({"Invoice Sent", "Filing", "Overdue", "Closed"}),
	"Invoice Sent": frozenset({"Paid", "Overdue", "Closed"}),
	"Paid": frozenset({"Filing", "Overdue", "Closed"}),
	"Filing": frozenset({"Completed", "Overdue", "Closed"}),
	"Overdue": frozenset({"Completed", "Closed"}),
	"Completed": frozenset(),
	"Closed": frozenset(),
}


# What the daily sweep selects, as data: calendar/entries.py builds its SQL from these tuples, and
# `needs_invoice` / `ready_to_file` below read the same ones (a Frappe test runs both over one grid)
DUE_SOON_FROM = ("Upcoming",)
OVERDUE_FROM = tuple(s for s in OPEN if s != "Overdue")
INVOICE_FROM = ("Due Soon", "Overdue")
PAID_FROM = ("Invoice Sent", "Overdue")
FILE_FROM = ("Due Soon", "Paid", "Overdue")


class TransitionError(ValueError):
	pass


@dataclass(frozen=True)
class EntryState:
	status: str
	due_date: date
	due_soon_on: date
	billable: bool
	invoiced: bool = False
	invoice_paid: bool = False
	has_task: bool = False  # its filing task (staff ToDo) exists


def check_transition(from_status: str, to_status: str) -> None:
	if to_status not in TRANSITIONS.get(from_status, ()):
		raise TransitionError(f"A compliance entry cannot move from {from_status} to {to_status}")


def next_status(entry: EntryState, today: date) -> str | None:
	"""The status the daily sweep moves an entry to today, or None.

	Filing -> Completed is never automatic: it needs the filing evidence from staff.
	"""
	status = entry.status
	if status in ("Completed", "Closed", "Overdue"):
		return None
	if entry.due_date < today:
		return "Overdue"
	if status == "Upcoming":
		return "Due Soon" if entry.due_soon_on <= today else None
	if status == "Due Soon":
		if not entry.billable:
			return "Filing"
		return "Invoice Sent" if entry.invoiced else None
	if status == "Invoice Sent" and entry.invoice_paid:
		return "Paid"
	if status == "Paid":
		return "Filing"
	return None


def needs_invoice(entry: EntryState) -> bool:
	return entry.billable and not entry.invoiced and entry.status in INVOICE_FROM


def ready_to_file(entry: EntryState) -> bool:
	"""A filing task is due once a billable entry is paid, or at once for a non-billable one; once."""
	return not entry.has_task and entry.status in FILE_FROM and (not entry.billable or entry.invoice_paid)
