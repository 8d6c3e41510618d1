"""Compliance entries on a site: derived from carrier profiles, moved along by a set-based daily sweep.

Every side effect is idempotent. An entry is unique per (carrier profile, obligation, period) in the
database; a Sales Invoice carries its entry in `pw_compliance_entry` and a staff ToDo references its
entry, and both are looked up before one is made, so a sweep that crashed half-way, or runs twice the
same day, never makes a second invoice, task or next-period entry.
"""

import time
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, nowdate
from performancewest_erpnext.db import rows_changed
from performancewest_erpnext.pw_orders.orders import settled_invoices

from pw_compliance.calendar import federal, transitions

ENTRY = "Compliance Entry"
PROFILE = "Carrier Profile"
KIND_FIELDS = (
	"interconnected_voip", "non_interconnected_voip", "clec", "ixc", "wireless_reseller", "broadband_provider",
)  # fmt: skip
TRI_STATE = {"": None, "Yes": True, "No": False, None: None}


def to_profile(doc: Any) -> federal.CarrierProfile:
	return federal.CarrierProfile(
		country=doc.country or "US",
		carrier_kinds=frozenset(k for k in KIND_FIELDS if doc.get(k)),
		de_minimis=bool(doc.de_minimis),
		files_499q=TRI_STATE[doc.files_499q],
		rmd_required=TRI_STATE[doc.rmd_required],
		bdc_broadband=bool(doc.bdc_broadband),
		bdc_voice=bool(doc.bdc_voice),
		holds_numbering=bool(doc.holds_numbering),
		pays_regulatory_fees=bool(doc.pays_regulatory_fees),
		active_from=getdate(doc.active_from) if doc.active_from else None,
	)


def obligations_for(doc: Any, year: int) -> list[federal.DueObligation]:
	"""FCC obligations plus those other apps contribute through the `pw_calendar_providers` hook."""
	found = federal.federal_obligations(to_profile(doc), year)
	for method in frappe.get_hooks("pw_calendar_providers"):
		found.extend(frappe.get_attr(method)(doc, year))
	return sorted(found, key=lambda o: (o.due_date, o.code, o.period))


def state_obligations(doc: Any, year: int) -> list[federal.DueObligation]:
	"""The formation state's periodic report and those of approved foreign qualifications."""
	from pw_compliance.jurisdictions.records import due

	places = []
	if doc.formation_jurisdiction and doc.entity_type and doc.formed_on:
		places.append((doc.formation_jurisdiction, doc.formed_on))
	places += frappe.get_all(
		"Foreign Qualification Registration",
		filters={"customer": doc.customer, "status": "Approved"},
		fields=["jurisdiction", "approved_on"],
		as_list=True,
	)
	found = []
	for jurisdiction, start in places:
		if getdate(start).year > year:
			continue
		for o in due(jurisdiction, doc.entity_type, start, year, entity_number=doc.state_entity_number):
			found.append(
				federal.DueObligation(
					code=f"state-{o['category']}", title=f"{jurisdiction} {o['report_name']}",
					period=str(o["cycle_year"] or year), nominal_date=getdate(o["unrolled_due_date"] or o["due_date"]),
					due_date=getdate(o["due_date"]), billable=False, service_slug="", source=o["source_url"],
					rule_text=o["rule_text"], window_opens=getdate(o["window_opens"]) if o["window_opens"] else None,
					jurisdiction=jurisdiction,
				)
			)  # fmt: skip
	return found


def entry_key(o: federal.DueObligation) -> tuple[str, str]:
	"""State reports are per jurisdiction: the code alone would merge two states' reports."""
	return (o.code if o.jurisdiction in ("US-FED", "") else f"{o.code}:{o.jurisdiction}", o.period)


def ensure_entries(profile_name: str, years: Iterable[int]) -> list[str]:
	"""Create the profile's missing entries for the years; returns the names created."""
	doc = frappe.get_doc(PROFILE, profile_name)
	if doc.status != "Active":
		return []
	existing = {
		(e.obligation, e.period)
		for e in frappe.get_all(
			ENTRY, filters={"carrier_profile": profile_name}, fields=["obligation", "period"]
		)
	}
	# a carrier is calendared from when it joined (or the date staff set), never back into the past
	start = getdate(doc.active_from or doc.creation)
	created = []
	for year in years:
		for o in obligations_for(doc, year):
			if entry_key(o) in existing or o.due_date < start:
				continue
			existing.add(entry_key(o))
			created.append(_insert_entry(doc, o).name)
	return created


def _insert_entry(doc: Any, o: federal.DueObligation, previous: str | None = None) -> Any:
	code, period = entry_key(o)
	lead_days = frappe.db.get_single_value("PW Compliance Settings", "due_soon_days") or o.due_soon_days
	return frappe.get_doc(
		{
			"doctype": ENTRY, "carrier_profile": doc.name, "customer": doc.customer, "obligation": code,
			"title": o.title, "period": period, "jurisdiction": o.jurisdiction or None, "due_date": o.due_date,
			"nominal_due_date": o.nominal_date, "window_opens": o.window_opens,
			"due_soon_on": o.due_date - timedelta(days=lead_days), "billable": int(o.billable),
			"service_slug": o.service_slug, "price": service_price(o.service_slug) if o.billable else 0,
			"rule_text": o.rule_text, "source": o.source, "estimated": int(o.estimated), "previous_entry": previous,
			"status_changed_on": now_datetime(),
		}
	).insert(ignore_permissions=True)  # fmt: skip


def service_price(slug: str) -> float:
	"""The catalog price: the service Item's selling price (copied, so a later change never alters it)."""
	return frappe.db.get_value("Item Price", {"item_code": slug, "selling": 1}, "price_list_rate") or 0


# -- the sweep -------------------------------------------------------------------------------------


def sweep(today: date | str | None = None, batch_size: int | None = None) -> dict[str, int]:
	"""Move every entry that changes today. Safe to run twice, and to rerun after a crash."""
	today = getdate(today or nowdate())
	batch_size = batch_size or frappe.db.get_single_value("PW Compliance Settings", "sweep_batch_size") or 500
	counts = _status_moves(today)
	counts["invoiced"] = _in_batches(_needing_invoice(), batch_size, create_invoice)
	counts["paid"] = _in_batches(_paid_invoices(), batch_size, mark_paid)
	counts["filing"] = _in_batches(_ready_to_file(), batch_size, open_filing_task)
	return counts


def _status_moves(today: date, attempts: int = 3) -> dict[str, int]:
	"""The set-based moves, one unit of work. MariaDB may pick these UPDATEs as a deadlock's victim when
	entries are written meanwhile (it rolls the whole transaction back): both moves are then run again."""
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a rollback below must not take the caller's work
	for attempt in range(attempts):
		try:
			counts = {"overdue": _mark_overdue(today), "due_soon": _mark_due_soon(today)}
			frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the set-based moves are one unit of work
			return counts
		except frappe.QueryDeadlockError:
			frappe.db.rollback()
			if attempt == attempts - 1:
				raise
			time.sleep(0.2 * (attempt + 1))
	return {}


def _in_batches(names: list[str], batch_size: int, action, attempts: int = 3) -> int:
	"""An entry that cannot move (bad data) is logged for staff and the rest go on; a crash propagates.
	Entries go in name order (a second sweep meanwhile locks them in the same order); a batch MariaDB
	rolled back as a deadlock's victim is run again (each action finds what a committed run did)."""
	done = 0
	names = sorted(names)
	for start in range(0, len(names), batch_size):
		for attempt in range(attempts):
			try:
				moved = _batch(names[start : start + batch_size], action)
				# nosemgrep: frappe-manual-commit -- a crash loses at most one batch, and a rerun redoes it once
				frappe.db.commit()
				break
			except frappe.QueryDeadlockError:
				frappe.db.rollback()
				if attempt == attempts - 1:
					raise
				time.sleep(0.2 * (attempt + 1))
		done += moved
	return done


def _batch(names: list[str], action) -> int:
	done = 0
	for name in names:
		frappe.db.savepoint("pw_entry")
		try:
			action(name)
			done += 1
		except frappe.ValidationError:
			frappe.db.rollback(save_point="pw_entry")
			frappe.log_error(f"Compliance entry {name}", reference_doctype=ENTRY, reference_name=name)
	return done


def _set_status(names: list[str] | str, status: str) -> None:
	frappe.db.set_value(ENTRY, {"name": ("in", [names] if isinstance(names, str) else names)},
		{"status": status, "status_changed_on": now_datetime()}, update_modified=True)  # fmt: skip


def _move(status: str, where: str, values: dict) -> int:
	"""One UPDATE for every entry that moves: the sweep never walks entries row by row to change status."""
	# nosemgrep: frappe-using-db-sql -- one set-based UPDATE
	frappe.db.sql(
		f"update `tabCompliance Entry` set status = %(status)s, status_changed_on = %(now)s, modified = %(now)s where {where}",
		{"status": status, "now": now_datetime(), **values},
	)
	return rows_changed()


def _mark_overdue(today: date) -> int:
	return _move(
		"Overdue",
		"status in %(from_)s and due_date < %(today)s",
		{"from_": transitions.OVERDUE_FROM, "today": today},
	)


def _mark_due_soon(today: date) -> int:
	return _move(
		"Due Soon",
		"status in %(from_)s and due_soon_on <= %(today)s",
		{"from_": transitions.DUE_SOON_FROM, "today": today},
	)


def _needing_invoice() -> list[str]:
	return frappe.get_all(
		ENTRY,
		filters={
			"billable": 1,
			"sales_invoice": ("is", "not set"),
			"status": ("in", transitions.INVOICE_FROM),
		},
		pluck="name",
	)


def _paid_invoices() -> list[str]:
	entry, invoice = frappe.qb.DocType(ENTRY), frappe.qb.DocType("Sales Invoice")
	return (
		frappe.qb.from_(entry)
		.join(invoice)
		.on(invoice.name == entry.sales_invoice)
		.select(entry.name)
		.where(entry.status.isin(list(transitions.PAID_FROM)))
		.where(entry.paid_on.isnull())
		.where((invoice.docstatus == 1) & (invoice.outstanding_amount <= 0))
		.run(pluck=True)
	)


def _ready_to_file() -> list[str]:
	entry = frappe.qb.DocType(ENTRY)
	return (
		frappe.qb.from_(entry)
		.select(entry.name)
		.where(entry.todo.isnull() | (entry.todo == ""))
		.where(entry.fcc_filing.isnull() | (entry.fcc_filing == ""))
		.where(entry.status.isin(list(transitions.FILE_FROM)))
		.where((entry.billable == 0) | entry.paid_on.isnotnull())
		.run(pluck=True)
	)


def create_invoice(name: str) -> str:
	"""Submit and e-mail the entry's Sales Invoice, once: the entry's row is locked first, so a second
	sweep running meanwhile waits, then reads the invoice the first one committed."""
	invoice = frappe.db.get_value(ENTRY, name, "sales_invoice", for_update=True)
	if invoice:
		return invoice
	entry = frappe.get_doc(ENTRY, name)
	invoice = frappe.db.get_value("Sales Invoice", {"pw_compliance_entry": name, "docstatus": ("<", 2)})
	if not invoice and entry.price <= 0:
		frappe.throw(_("{0} is billable but has no catalog price for {1}").format(name, entry.service_slug))
	if not invoice:
		company = (
			frappe.db.get_single_value("Performance West Settings", "company")
			or frappe.defaults.get_defaults().company
		)
		si = frappe.get_doc(
			{
				"doctype": "Sales Invoice",
				"customer": entry.customer,
				"company": company,
				"due_date": max(getdate(entry.due_date) - timedelta(days=7), getdate(nowdate())),
				"pw_compliance_entry": name,
				"remarks": _("{0} for {1}").format(entry.title, entry.period),
				"items": [{"item_code": entry.service_slug, "qty": 1, "rate": entry.price}],
			}
		)
		si.insert(ignore_permissions=True)
		si.submit()
		invoice = si.name
		_email_invoice(si)
	entry.db_set("sales_invoice", invoice)
	if entry.status == "Due Soon":
		_set_status(name, "Invoice Sent")
	return invoice


def _email_invoice(si: Any) -> None:
	recipient = frappe.db.get_value("Customer", si.customer, "email_id")
	if recipient:
		frappe.sendmail(
			recipients=[recipient],
			subject=_("Invoice {0}: {1}").format(si.name, si.remarks),
			message=_("Your invoice {0} for {1} is ready in the portal.").format(si.name, si.remarks),
			reference_doctype="Sales Invoice",
			reference_name=si.name,
		)


def mark_paid(name: str) -> None:
	entry = frappe.get_doc(ENTRY, name)
	if entry.paid_on:
		return
	entry.db_set("paid_on", nowdate())
	if entry.status == "Invoice Sent":
		_set_status(name, "Paid")


def open_filing_task(name: str) -> str:
	"""The staff ToDo holding what the filing needs, once; a paid entry whose service has a filing
	handler is fulfilled by it instead (`fulfilment.renewals`), or by the app that registered its service
	in `pw_calendar_renewals`."""
	from pw_compliance.fulfilment import renewals

	# the entry's row locked first: a second sweep meanwhile waits, then reads the task committed
	if todo := frappe.db.get_value(ENTRY, name, "todo", for_update=True):
		return todo
	entry = frappe.get_doc(ENTRY, name)
	if entry.fcc_filing:
		return entry.fcc_filing
	if entry.billable and entry.paid_on and renewals.fulfils(entry.service_slug):
		return renewals.start_renewal(name)
	if entry.billable and entry.paid_on and (path := renewal_hook(entry.service_slug)):
		return frappe.get_attr(path)(name)
	todo = frappe.db.get_value(
		"ToDo", {"reference_type": ENTRY, "reference_name": name, "status": ("!=", "Cancelled")}
	)
	if not todo:
		assignee = entry.assigned_to or frappe.db.get_single_value(
			"PW Compliance Settings", "compliance_assignee"
		)
		todo = (
			frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": assignee or "Administrator",
					"reference_type": ENTRY,
					"reference_name": name,
					"date": entry.due_date,
					"priority": "High" if entry.status == "Overdue" else "Medium",
					"description": _("File {0} ({1}) for {2} by {3}. Rule: {4} Source: {5}").format(
						entry.title,
						entry.period,
						entry.customer,
						entry.due_date,
						entry.rule_text,
						entry.source,
					),
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	entry.db_set("todo", todo)
	if entry.status in ("Due Soon", "Paid"):
		_set_status(name, "Filing")
	return todo


def renewal_hook(service_slug: str | None) -> str | None:
	"""The function another app fulfils a paid entry of this service with (hook `pw_calendar_renewals`)."""
	found = (frappe.get_hooks("pw_calendar_renewals") or {}).get(service_slug or "")
	return found[-1] if isinstance(found, list) and found else found or None


def complete(name: str, confirmation_number: str | None = None, evidence: str | None = None) -> str | None:
	"""Staff record the filing; the next period's entry is made and linked. Returns its name."""
	entry = frappe.get_doc(ENTRY, name)
	if entry.billable and not entry.paid_on:
		frappe.throw(_("{0} cannot be completed before its invoice is paid").format(entry.name))
	if not (confirmation_number or evidence or entry.confirmation_number or entry.evidence):
		frappe.throw(_("Record the confirmation number or attach the filing evidence"))
	try:
		transitions.check_transition(entry.status, "Completed")
	except transitions.TransitionError as e:
		frappe.throw(str(e))
	entry.update({"confirmation_number": confirmation_number or entry.confirmation_number,
		"evidence": evidence or entry.evidence, "completed_on": nowdate()})  # fmt: skip
	entry.status = "Completed"
	entry.status_changed_on = now_datetime()
	entry.save(ignore_permissions=True)
	if entry.todo:
		frappe.db.set_value("ToDo", entry.todo, "status", "Closed")
	next_name = ensure_next_entry(entry)
	if next_name:
		entry.db_set("next_entry", next_name)
	return next_name


def ensure_next_entry(entry: Any) -> str | None:
	profile = frappe.get_doc(PROFILE, entry.carrier_profile)
	year = getdate(entry.due_date).year
	for o in obligations_for(profile, year) + obligations_for(profile, year + 1):
		code, period = entry_key(o)
		if code != entry.obligation or o.due_date <= getdate(entry.due_date):
			continue
		found = frappe.db.get_value(
			ENTRY, {"carrier_profile": profile.name, "obligation": code, "period": period}
		)
		return found or _insert_entry(profile, o, previous=entry.name).name
	return None


def close_entries(profile_name: str) -> int:
	names = frappe.get_all(
		ENTRY, filters={"carrier_profile": profile_name, "status": ("in", transitions.OPEN)}, pluck="name"
	)
	if names:
		_set_status(names, "Closed")
	return len(names)


# -- hooks -----------------------------------------------------------------------------------------


def on_payment_entry_submit(doc: Any, method: str | None = None) -> None:
	"""A payment against an entry's invoice moves it on at once (the sweep catches any missed one)."""
	settled = settled_invoices(doc)
	if not settled:  # ("in", [""]) would match every entry without an invoice (Frappe: ifnull(…, ""))
		return
	for name in frappe.get_all(ENTRY, filters={"sales_invoice": ("in", settled)}, pluck="name"):
		mark_paid(name)
		open_filing_task(name)


def follow_amendment(doc: Any, method: str | None = None) -> None:
	"""doc_events Sales Invoice on_submit: an entry keeps its invoice when checkout reissues it (another
	payment method's surcharge)."""
	if doc.amended_from:
		for name in frappe.get_all(ENTRY, {"sales_invoice": doc.amended_from}, pluck="name"):
			frappe.db.set_value(ENTRY, name, "sales_invoice", doc.name)


def daily() -> None:
	"""Scheduler: calendar the next year for every active carrier, then sweep."""
	today = getdate(nowdate())
	for profile in frappe.get_all(PROFILE, filters={"status": "Active"}, pluck="name"):
		ensure_entries(profile, (today.year, today.year + 1))
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- one carrier at a time
	sweep(today)
