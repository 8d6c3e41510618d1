"""Calendar sweep over 100,000 entries of 5,000 carriers, beside one bare SQL UPDATE as the floor.

Run on a throwaway site (it writes, then deletes, its own rows):
  env/bin/python tests/benchmarks/calendar_sweep.py [site] [carriers] [entries_per_carrier]
Prints entries per second, the queries the sweep issued, and the ratio to the floor.
"""

import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TAG = "bench-sweep"
DAY = date(2027, 6, 15)


def seed(carriers: int, per_carrier: int) -> int:
	import frappe
	from frappe.utils import now_datetime

	frappe.db.sql("delete from `tabCompliance Entry` where carrier_profile like %s", f"{TAG}%")
	now = now_datetime()
	fields = ["name", "carrier_profile", "customer", "obligation", "period", "title", "status", "due_date",
		"due_soon_on", "billable", "sales_invoice", "creation", "modified", "owner", "modified_by"]  # fmt: skip
	rows = []
	start = date(2027, 1, 1)
	for c in range(carriers):
		for i in range(per_carrier):
			due = start + timedelta(days=(c * 7 + i * 18) % 365)
			rows.append((f"{TAG}-{c}-{i}", f"{TAG}-{c}", f"{TAG}-{c}", f"ob-{i}", "2027", "Obligation", "Upcoming",
				due, due - timedelta(days=30), 1, f"SINV-{TAG}-{c}-{i}", now, now, "Administrator", "Administrator"))  # fmt: skip
	frappe.db.bulk_insert("Compliance Entry", fields, rows, ignore_duplicates=True)
	frappe.db.commit()
	return len(rows)


def reset() -> None:
	import frappe

	frappe.db.sql(
		"update `tabCompliance Entry` set status = 'Upcoming' where carrier_profile like %s", f"{TAG}%"
	)
	frappe.db.commit()


def counted_sweep() -> tuple[float, int, dict]:
	import frappe
	from pw_compliance.calendar.entries import sweep

	calls = {"n": 0}
	original = frappe.db.sql

	def counting(*args, **kwargs):
		calls["n"] += 1
		return original(*args, **kwargs)

	frappe.db.sql = counting
	try:
		started = time.perf_counter()
		counts = sweep(DAY)
		elapsed = time.perf_counter() - started
	finally:
		frappe.db.sql = original
	return elapsed, calls["n"], counts


def bare_update() -> float:
	import frappe

	started = time.perf_counter()
	frappe.db.sql(
		"update `tabCompliance Entry` set status = if(due_date < %(d)s, 'Overdue', 'Due Soon') "
		"where status = 'Upcoming' and (due_date < %(d)s or due_soon_on <= %(d)s)",
		{"d": DAY},
	)
	frappe.db.commit()
	return time.perf_counter() - started


def run(carriers: int = 5000, per_carrier: int = 20) -> None:
	import frappe

	total = seed(carriers, per_carrier)
	moved_rows = frappe.db.count(
		"Compliance Entry", {"carrier_profile": ("like", f"{TAG}%"), "due_soon_on": ("<=", DAY)}
	)
	sweeps = []
	for _ in range(3):
		reset()
		sweeps.append(counted_sweep())
	reset()
	floors = []
	for _ in range(3):
		reset()
		floors.append(bare_update())
	sweeps.sort()
	floors.sort()
	elapsed, queries, counts = sweeps[1]
	print(f"entries: {total} for {carriers} carriers; rows changing state on {DAY}: {moved_rows}")
	print(
		f"sweep (median of 3): {elapsed:.3f} s, {total / elapsed:,.0f} entries/s, {queries} queries, moves {counts}"
	)
	print(f"bare SQL UPDATE of the same rows (median of 3): {floors[1]:.3f} s")
	print(f"sweep / floor: {elapsed / floors[1]:.2f}x")
	frappe.db.sql("delete from `tabCompliance Entry` where carrier_profile like %s", f"{TAG}%")
	frappe.db.commit()


if __name__ == "__main__":
	import os

	import frappe

	site = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TEST_SITE", "pw-test.localhost")
	os.chdir(ROOT / "sites")
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		run(*(int(a) for a in sys.argv[2:4]))
	finally:
		frappe.destroy()
