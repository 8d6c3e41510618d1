"""The compliance calendar's daily job with its real work, beside ERPNext's own floors.

Run on a throwaway site (it writes, then deletes, its own customers, carrier profiles, entries, invoices,
ToDos and queued e-mails):
  env/bin/python tests/benchmarks/calendar_sweep.py [site] [carriers] [new_carriers]
  env/bin/python tests/benchmarks/calendar_sweep.py site growth [entries ...]   (default 100000 400000)

Seeds `carriers` real Customers and Carrier Profiles (bulk inserts) and their calendars for two years: the
entries have the (obligation, period) keys the calendar derives for each profile, with due dates spread
over the year, so today about 1/365 of them fall due (Due Soon: a Sales Invoice, submitted
and e-mailed; a staff ToDo for a non-billable one) and as many turn Overdue, while the days before are
where the sweep left them (invoiced entries point at invoices of earlier days). Then it times:

- the daily job's calendaring, `ensure_entries` for every carrier (steady state: nothing to create), and
  for `new_carriers` carriers without a calendar (every entry created);
- the sweep's status moves (two UPDATEs) beside one bare SQL UPDATE of the same rows;
- the sweep's side effects (invoices, ToDos, e-mails) beside ERPNext's floor: a loop inserting and
  submitting the same Sales Invoices directly.
Figures only, no assertions.
"""

import hashlib
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TAG = "bench-sweep"
# the site's today: the sweep moves every entry of the site, so on a shared site it does only what the
# day's scheduled job would do anyway (and invoices are dated today, in an open fiscal year)
DAY = date.today()
YEARS = (DAY.year, DAY.year + 1)


def kinds(c: int) -> dict:
	"""A mix of carriers: VoIP (quarterly 499-Q), de minimis VoIP, CLECs holding numbers."""
	return [
		{"interconnected_voip": 1},
		{"interconnected_voip": 1, "de_minimis": 1},
		{"clec": 1, "holds_numbering": 1},
	][c % 3]


def spread(key: str, span: int = 365) -> date:
	"""A due date between DAY - 200 and DAY + 165, the same for a key on every run."""
	return DAY + timedelta(days=int(hashlib.sha256(key.encode()).hexdigest(), 16) % span - 200)


def seed(carriers: int, new_carriers: int) -> dict:
	import frappe
	from frappe.utils import now_datetime
	from performancewest_erpnext.pw_orders.catalog import load_catalog
	from pw_compliance.calendar import entries

	cleanup()
	now = now_datetime()
	group = frappe.db.get_value("Customer Group", {"is_group": 0})
	territory = frappe.db.get_value("Territory", {"is_group": 0})
	meta = ("creation", "modified", "owner", "modified_by")
	stamp = (now, now, "Administrator", "Administrator")
	names = [f"{TAG}-{c:05d}" for c in range(carriers + new_carriers)]
	frappe.db.bulk_insert(
		"Customer",
		["name", "customer_name", "customer_type", "customer_group", "territory", "email_id", *meta],
		[(n, n, "Company", group, territory, f"{n}@example.com", *stamp) for n in names],
	)
	kind_fields = sorted({k for c in range(3) for k in kinds(c)})
	frappe.db.bulk_insert(
		"Carrier Profile",
		["name", "customer", "status", "country", "active_from", *kind_fields, *meta],
		[
			(n, n, "Active", "US", date(YEARS[0], 1, 1), *(kinds(c).get(k, 0) for k in kind_fields), *stamp)
			for c, n in enumerate(names)
		],  # fmt: skip
	)
	frappe.db.commit()

	prices: dict[str, float] = {}
	fields = ["name", "carrier_profile", "customer", "obligation", "period", "title", "status", "due_date",
		"due_soon_on", "billable", "service_slug", "price", "sales_invoice", "todo", "rule_text", "source", *meta]  # fmt: skip
	load_catalog()  # the service prices the entries copy (erpnext's before_tests deletes Item Prices)
	profiles = frappe.get_all(
		entries.PROFILE,
		filters={"name": ("in", names[:carriers])},
		fields=[
			"name",
			"country",
			"de_minimis",
			"files_499q",
			"rmd_required",
			"bdc_broadband",
			"bdc_voice",
			"holds_numbering",
			"pays_regulatory_fees",
			"active_from",
			*entries.KIND_FIELDS,
		],  # fmt: skip
		order_by="name",
	)
	rows = []
	for profile in profiles:
		n = profile.name
		for year in YEARS:
			for o in entries.federal.federal_obligations(entries.to_profile(profile), year):
				code, period = entries.entry_key(o)
				if o.billable and o.service_slug not in prices:
					prices[o.service_slug] = entries.service_price(o.service_slug)
				billable = int(o.billable and prices.get(o.service_slug, 0) > 0)
				due = spread(f"{n}:{code}:{period}")
				soon = due - timedelta(days=o.due_soon_days)
				if due < DAY - timedelta(days=1):
					status = "Overdue"
				elif soon < DAY:
					status = "Invoice Sent" if billable else "Filing"
				else:
					status = "Upcoming"
				# earlier days' work: invoices (billable) and filing tasks (non-billable) already made
				invoice = f"SINV-{TAG}-{len(rows)}" if billable and status != "Upcoming" else None
				todo = f"TODO-{TAG}-{len(rows)}" if not billable and status != "Upcoming" else None
				rows.append((f"{TAG}-e{len(rows)}", n, n, code, period, o.title, status, due, soon, billable,
					o.service_slug, prices.get(o.service_slug, 0) if billable else 0, invoice, todo, o.rule_text,
					o.source, *stamp))  # fmt: skip
	frappe.db.bulk_insert(entries.ENTRY, fields, rows)
	frappe.db.commit()
	return {"entries": len(rows), "names": names}


def cleanup() -> None:
	import frappe

	like = f"{TAG}-%"
	invoices = frappe.db.sql_list("select name from `tabSales Invoice` where customer like %s", like)
	for table, column in (("GL Entry", "voucher_no"), ("Payment Ledger Entry", "voucher_no"),
		("Sales Invoice Item", "parent"), ("Communication", "reference_name"), ("Email Queue", "reference_name")):  # fmt: skip
		for start in range(0, len(invoices), 1000):
			frappe.db.sql(
				f"delete from `tab{table}` where `{column}` in %(names)s",
				{"names": invoices[start : start + 1000]},
			)
	frappe.db.sql("delete from `tabSales Invoice` where customer like %s", like)
	frappe.db.sql(
		"delete from `tabToDo` where reference_type = 'Compliance Entry' and reference_name like %s",
		f"{TAG}-e%",
	)
	frappe.db.sql("delete from `tabCompliance Entry` where carrier_profile like %s", like)
	frappe.db.sql("delete from `tabCarrier Profile` where name like %s", like)
	frappe.db.sql("delete from `tabCustomer` where name like %s", like)
	frappe.db.commit()


def timed(fn, *args):
	started = time.perf_counter()
	result = fn(*args)
	return time.perf_counter() - started, result


def calendaring(names: list[str]) -> tuple[float, int]:
	"""The daily job's loop (`entries.daily`) over these carriers: (seconds, entries created)."""
	import frappe
	from pw_compliance.calendar import entries

	created = 0
	started = time.perf_counter()
	for name in names:
		created += len(entries.ensure_entries(name, YEARS))
		frappe.db.commit()
	return time.perf_counter() - started, created


MOVING = (
	"carrier_profile like %(like)s and ((status in ('Upcoming', 'Due Soon', 'Invoice Sent', 'Paid', 'Filing') \
and due_date < %(d)s) or (status = 'Upcoming' and due_soon_on <= %(d)s))"
)


def moving() -> list[tuple[str, str]]:
	import frappe

	return frappe.db.sql(
		f"select name, status from `tabCompliance Entry` where {MOVING}", {"d": DAY, "like": f"{TAG}-%"}
	)


def restore(rows: list[tuple[str, str]]) -> None:
	import frappe

	for status in {s for _n, s in rows}:
		frappe.db.sql(
			"update `tabCompliance Entry` set status = %s where name in %s",
			(status, [n for n, s in rows if s == status]),
		)
	frappe.db.commit()


def status_moves() -> float:
	import frappe
	from pw_compliance.calendar import entries

	started = time.perf_counter()
	entries._mark_overdue(DAY)
	entries._mark_due_soon(DAY)
	frappe.db.commit()
	return time.perf_counter() - started


def bare_update() -> float:
	import frappe

	started = time.perf_counter()
	frappe.db.sql(
		"update `tabCompliance Entry` set status = if(due_date < %(d)s, 'Overdue', 'Due Soon') "
		f"where {MOVING}",
		{"d": DAY, "like": f"{TAG}-%"},
	)
	frappe.db.commit()
	return time.perf_counter() - started


def side_effects() -> tuple[float, dict]:
	"""The rest of the sweep after its status moves: invoices, payments seen, filing tasks."""
	import frappe
	from pw_compliance.calendar import entries

	batch = frappe.db.get_single_value("PW Compliance Settings", "sweep_batch_size") or 500
	started = time.perf_counter()
	counts = {
		"invoiced": entries._in_batches(entries._needing_invoice(), batch, entries.create_invoice),
		"paid": entries._in_batches(entries._paid_invoices(), batch, entries.mark_paid),
		"filing": entries._in_batches(entries._ready_to_file(), batch, entries.open_filing_task),
	}
	return time.perf_counter() - started, counts


def erpnext_floor(count: int) -> float:
	"""ERPNext inserting and submitting the same Sales Invoices (customer, item, rate, due date) directly."""
	import frappe
	from frappe.utils import getdate, nowdate

	like = f"{TAG}-%"
	wanted = frappe.db.sql(
		"select customer, service_slug, price, due_date from `tabCompliance Entry` where carrier_profile like %s "
		"and sales_invoice is not null and sales_invoice not like %s limit %s",
		(like, f"SINV-{TAG}-%", count),
		as_dict=True,
	)
	company = (
		frappe.db.get_single_value("Performance West Settings", "company")
		or frappe.defaults.get_defaults().company
	)
	started = time.perf_counter()
	for i, e in enumerate(wanted):
		si = frappe.get_doc(
			{
				"doctype": "Sales Invoice",
				"customer": e.customer,
				"company": company,
				"due_date": max(getdate(e.due_date) - timedelta(days=7), getdate(nowdate())),
				"items": [{"item_code": e.service_slug, "qty": 1, "rate": e.price}],
			}
		)
		si.insert(ignore_permissions=True)
		si.submit()
		if (i + 1) % 500 == 0:
			frappe.db.commit()
	frappe.db.commit()
	return time.perf_counter() - started, len(wanted)


def moves_and_floor(rows: list) -> tuple[float, float]:
	"""The sweep's status moves and one bare UPDATE of the same rows: seconds, median of 3 each."""
	moves, floors = [], []
	for _ in range(3):
		moves.append(status_moves())
		restore(rows)
		floors.append(bare_update())
		restore(rows)
	return sorted(moves)[1], sorted(floors)[1]


def growth(sizes: tuple[int, ...] = (100_000, 400_000)) -> None:
	"""The status moves beside the bare UPDATE as the calendar grows (about 100,000 and 400,000 entries by
	default), each ratio printed and then both together, with MariaDB's buffer pool."""
	import frappe

	per_carrier = seed(30, 0)["entries"] / 30  # the carriers' mix is fixed: entries per carrier
	ratios = []
	for target in sizes:
		carriers = max(1, round(target / per_carrier))
		seeded = seed(carriers, 0)
		rows = moving()
		move, floor = moves_and_floor(rows)
		ratios.append((seeded["entries"], move / floor))
		print(f"{seeded['entries']:,} entries ({carriers:,} carriers): status moves of {len(rows):,} rows in "
			f"{move:.3f} s beside one bare UPDATE in {floor:.3f} s: {move / floor:.2f}x (median of 3)")  # fmt: skip
	cleanup()
	pool = frappe.db.sql("select @@innodb_buffer_pool_size div 1048576")[0][0]
	print("ratios: " + ", ".join(f"{entries:,} entries {ratio:.2f}x" for entries, ratio in ratios)
		+ f" (innodb_buffer_pool_size {pool} MB)")  # fmt: skip


def run(carriers: int = 5000, new_carriers: int = 100) -> None:
	import os

	import frappe
	from frappe.utils import now_datetime

	started = time.perf_counter()
	seeded = seed(carriers, new_carriers)
	print(f"{carriers:,} carriers, {seeded['entries']:,} entries over {YEARS[0]}-{YEARS[1]} "
		f"(seeded in {time.perf_counter() - started:.1f} s); day {DAY}; {os.cpu_count()} cores")  # fmt: skip

	steady, created = calendaring(seeded["names"][:carriers])
	print(f"daily calendaring, steady state: {carriers:,} carriers in {steady:.1f} s "
		f"({carriers / steady:,.0f} carriers/s, {created} entries created)")  # fmt: skip
	if new_carriers:
		first, created = calendaring(seeded["names"][carriers:])
		print(f"first calendaring: {new_carriers:,} new carriers in {first:.1f} s ({created:,} entries, "
			f"{created / first:,.0f} entries/s)")  # fmt: skip
		frappe.db.sql(
			"delete from `tabCompliance Entry` where carrier_profile in %s", [seeded["names"][carriers:]]
		)
		frappe.db.commit()

	rows = moving()
	move, floor = moves_and_floor(rows)
	print(f"status moves: {len(rows):,} rows in {move:.3f} s ({len(rows) / move:,.0f} rows/s) beside one bare "
		f"UPDATE in {floor:.3f} s: {move / floor:.2f}x (median of 3)")  # fmt: skip

	with_clock_at = now_datetime()
	status_moves()
	elapsed, counts = side_effects()
	todos = frappe.db.count(
		"ToDo", {"reference_type": "Compliance Entry", "reference_name": ("like", f"{TAG}-e%")}
	)
	made = frappe.get_all(
		"Sales Invoice", {"customer": ("like", f"{TAG}-%"), "creation": (">=", with_clock_at)}, pluck="name"
	)
	emails = frappe.db.count(
		"Email Queue", {"reference_doctype": "Sales Invoice", "reference_name": ("in", made or [""])}
	)
	invoices = len(made)  # this run's carriers (the sweep also moves the site's own entries due today)
	print(f"side effects: {invoices:,} invoices submitted, {todos:,} ToDos, {emails:,} e-mails queued in "
		f"{elapsed:.1f} s ({invoices / elapsed:,.1f} invoices/s; the sweep's counts, whole site: {counts})")  # fmt: skip
	if not invoices:
		print("no invoice fell due today: run with more carriers")
		cleanup()
		return
	floor_s, floor_n = erpnext_floor(invoices)
	print(f"ERPNext floor: {floor_n:,} of the same Sales Invoices inserted and submitted in {floor_s:.1f} s "
		f"({floor_n / floor_s:,.1f} invoices/s); sweep / floor: {(invoices / elapsed) / (floor_n / floor_s):.2f}x")  # fmt: skip
	cleanup()


if __name__ == "__main__":
	import os

	import frappe

	site = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TEST_SITE", "pw-test.localhost")
	os.chdir(ROOT / "sites")
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		if sys.argv[2:3] == ["growth"]:  # calendar_sweep.py SITE growth [entries ...]
			growth(tuple(int(a) for a in sys.argv[3:]) or (100_000, 400_000))
		else:
			run(*(int(a) for a in sys.argv[2:4]))
	finally:
		frappe.destroy()
