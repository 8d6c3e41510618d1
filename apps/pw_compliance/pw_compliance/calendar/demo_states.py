"""The demo calendar in every state on the day the demo is built: one entry of the demo carrier per
state, dated relative to that day, moved there by the calendar's own steps (invoice, payment, filing
task, completion). Rerunning the set-up later moves the dates with the day, puts an entry the daily
sweep has moved on since back (an unpaid invoice of the due-soon entry is cancelled) and replaces one
that was paid or filed meanwhile (it keeps its history under another period); a second run the same
day changes nothing."""

import dataclasses
from datetime import date, timedelta
from typing import Any

import frappe
from frappe.utils import getdate, nowdate

from pw_compliance.calendar import entries

# state -> (days from today to the due date, how far the entry goes)
PLAN: dict[str, tuple[int, str]] = {
	"Due Soon": (14, "due soon"),
	"Invoice Sent": (21, "invoiced"),
	"Filing": (30, "paid"),
	"Overdue": (-3, "invoiced"),
	"Completed": (-30, "completed"),
}
PERIOD = "Demo: {0}"


def place(customer: str, today: date | str | None = None) -> dict[str, str]:
	"""{state: entry name} for the demo carrier `customer` (its Carrier Profile)."""
	today = getdate(today or nowdate())
	profile = frappe.get_doc(entries.PROFILE, customer)
	obligation = _billable_obligation(profile, today.year)
	if not obligation:
		return {}
	placed = {}
	for state, (days, stage) in PLAN.items():
		name = _entry(profile, obligation, state)
		if _gone_past(name, stage):  # staff filed it or the customer paid it while trying the demo
			frappe.db.set_value(entries.ENTRY, name, "period", f"{PERIOD.format(state)} ({name})")
			name = _entry(profile, obligation, state)
		due = today + timedelta(days=days)
		frappe.db.set_value(
			entries.ENTRY,
			name,
			{"due_date": due, "nominal_due_date": due, "due_soon_on": due - timedelta(days=15)},
		)
		_advance(name, stage, today)
		placed[state] = name
	return placed


def _billable_obligation(profile: Any, year: int) -> Any:
	"""A billable obligation of the carrier with a catalog price: one whose filing is a staff task if
	the carrier has one, else one its service's filing handler fulfils (paid, it opens the FCC Filing and
	its order, as a paid renewal does)."""
	from performancewest_erpnext.pw_orders import catalog

	from pw_compliance.fulfilment import renewals

	billable = [o for o in entries.obligations_for(profile, year) if o.billable]
	for o in sorted(billable, key=lambda o: renewals.fulfils(o.service_slug)):  # staff-filed ones first
		if frappe.db.exists("Catalog Service", o.service_slug):
			catalog.sync_item(frappe.get_doc("Catalog Service", o.service_slug))  # its Item and price
		if entries.service_price(o.service_slug):
			return o
	return None


def _entry(profile: Any, o: Any, state: str) -> str:
	code = entries.entry_key(o)[0]
	period = PERIOD.format(state)
	name = frappe.db.get_value(
		entries.ENTRY, {"carrier_profile": profile.name, "obligation": code, "period": period}
	)
	if name:
		return name
	return entries._insert_entry(profile, dataclasses.replace(o, period=period)).name


def _gone_past(name: str, stage: str) -> bool:
	status, paid_on = frappe.db.get_value(entries.ENTRY, name, ["status", "paid_on"])
	if stage == "completed":
		return status == "Closed"
	return status in ("Completed", "Closed") or bool(paid_on and stage in ("due soon", "invoiced"))


def _advance(name: str, stage: str, today: date) -> None:
	entry = frappe.get_doc(entries.ENTRY, name)
	if entry.status == "Overdue" and getdate(entry.due_date) >= today:  # moved into the future again
		if entry.paid_on and (entry.todo or entry.fcc_filing):
			entries._set_status(name, "Filing")
		else:
			entries._set_status(name, "Invoice Sent" if entry.sales_invoice else "Due Soon")
		entry.reload()
	if stage == "due soon":
		if entry.status == "Invoice Sent" and not entry.paid_on:  # the sweep invoiced it since
			frappe.get_doc("Sales Invoice", entry.sales_invoice).cancel()
			entry.db_set("sales_invoice", None)
			entries._set_status(name, "Due Soon")
		elif entry.status == "Upcoming":
			entries._set_status(name, "Due Soon")
		return
	if entry.status == "Upcoming":
		entries._set_status(name, "Due Soon")
	if not entry.sales_invoice:
		entries.create_invoice(name)
	entry.reload()
	if stage in ("paid", "completed") and not entry.paid_on:
		_pay(entry.sales_invoice, name, today)
		entries.open_filing_task(name)  # what the payment hook does
	entry.reload()
	if stage == "completed" and entry.status != "Completed":
		entries.complete(name, confirmation_number=f"DEMO-{name}")
	entries._mark_overdue(today)


def _pay(invoice: str, reference: str, today: date) -> None:
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	payment = get_payment_entry("Sales Invoice", invoice)
	payment.update({"reference_no": reference, "reference_date": today})
	payment.insert(ignore_permissions=True)
	payment.submit()
