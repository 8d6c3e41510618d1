from contextlib import ExitStack
from datetime import date, timedelta
from itertools import product
from unittest.mock import patch

import frappe
from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from frappe.tests.utils import FrappeTestCase
from performancewest_erpnext.pw_orders.catalog import load_catalog
from pw_test_support.books import fiscal_year
from pw_test_support.clock import frozen

from pw_compliance.calendar import entries, transitions

CARRIERS = {
	"Cal Test VoIP": {"interconnected_voip": 1, "holds_numbering": 1},
	"Cal Test De Minimis": {"interconnected_voip": 1, "de_minimis": 1},
	"Cal Test Broadband": {"broadband_provider": 1, "bdc_broadband": 1, "pays_regulatory_fees": 0},
}
# the sweep commits per batch, so each run uses carriers of its own
RUN = frappe.generate_hash(length=6)
# the site's clock while carriers join: December 2026, so a profile active from 2027-01-01 calendars
# 2026 and 2027 whatever the day the suite runs (noon UTC is the same date in every US time zone)
JOINED = "2026-12-01 12:00:00"


def make_carrier(name: str, **profile) -> str:
	if not frappe.db.exists("Customer", name):
		frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": name,
				"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}),
				"territory": frappe.db.get_value("Territory", {"is_group": 0}),
			}
		).insert()
	if not frappe.db.exists("Carrier Profile", name):
		frappe.get_doc(
			{"doctype": "Carrier Profile", "customer": name, "active_from": "2027-01-01", **profile}
		).insert()
	return name


def counts(customer: str) -> dict:
	entries_ = frappe.get_all(entries.ENTRY, {"customer": customer}, pluck="name")
	return {
		"names": entries_,
		"entries": len(entries_),
		"invoices": frappe.db.count(
			"Sales Invoice", {"pw_compliance_entry": ("in", entries_ or [""]), "docstatus": 1}
		),
		"todos": frappe.db.count(
			"ToDo", {"reference_type": entries.ENTRY, "reference_name": ("in", entries_ or [""])}
		),
	}


class TestComplianceCalendar(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		for year in (2026, 2027):  # invoices are dated the day the sweep runs
			fiscal_year(year)
		with frozen(JOINED):
			load_catalog()  # the service prices; erpnext's before_tests deletes every Item Price
			for name, profile in CARRIERS.items():
				make_carrier(f"{name} {RUN}", **profile)

	def setUp(self):
		self.clock = None
		self.addCleanup(lambda: self.clock and self.clock.close())
		self.at(JOINED)
		load_catalog()  # entries copy the catalog price when made (another run's before_tests may wipe it)

	def at(self, when: str) -> None:
		"""Set the site's clock (it ticks on from there: two saves of a document get two timestamps)."""
		if self.clock:
			self.clock.close()
		self.clock = ExitStack()
		self.clock.enter_context(frozen(when))

	def on(self, day: date) -> date:
		"""The site's clock on the day the sweep runs (invoices are dated, and paid, that day)."""
		self.at(f"{day.isoformat()} 12:00:00")
		return day

	def test_profile_derives_its_entries_without_duplicates(self):
		entries.ensure_entries(f"Cal Test VoIP {RUN}", (2027, 2028))
		before = counts(f"Cal Test VoIP {RUN}")
		entries.ensure_entries(f"Cal Test VoIP {RUN}", (2027, 2028))
		frappe.get_doc("Carrier Profile", f"Cal Test VoIP {RUN}").save()  # recalendar on change
		self.assertEqual(counts(f"Cal Test VoIP {RUN}")["entries"], before["entries"])
		codes = set(
			frappe.get_all(entries.ENTRY, {"customer": f"Cal Test De Minimis {RUN}"}, pluck="obligation")
		)
		self.assertIn("fcc-499a", codes)
		self.assertNotIn("fcc-499q", codes)  # de minimis
		self.assertEqual(
			frappe.db.get_value(
				entries.ENTRY,
				{"customer": f"Cal Test VoIP {RUN}", "obligation": "cpni", "period": "CY2026"},
				"due_date",
			),
			date(2027, 3, 1),
		)
		self.assertRaises(
			frappe.UniqueValidationError,
			frappe.get_doc(
				{
					"doctype": entries.ENTRY,
					"carrier_profile": f"Cal Test VoIP {RUN}",
					"customer": f"Cal Test VoIP {RUN}",
					"obligation": "cpni",
					"period": "CY2026",
					"due_date": "2027-03-01",
				}  # fmt: skip
			).insert,
		)

	def test_the_sweep_selects_what_the_lifecycle_rules_say(self):
		"""The sweep's SQL (entries.py) and the unit tier's rules (transitions.py) over one grid of entries:
		every status, billable or not, invoiced, paid, with or without its filing task."""
		customer = make_carrier(f"Cal Test Grid {RUN}", clec=1)
		frappe.db.delete(entries.ENTRY, {"customer": customer})
		grid = {}
		for status, billable, invoiced, paid, task in product(transitions.TRANSITIONS, *[(False, True)] * 4):
			if paid and not invoiced:
				continue
			name = (
				frappe.get_doc(
					{
						"doctype": entries.ENTRY,
						"carrier_profile": customer,
						"customer": customer,
						"obligation": f"grid-{len(grid)}",
						"title": "Grid",
						"period": "2027",
						"due_date": "2027-03-01",
						"due_soon_on": "2027-02-01",
						"billable": int(billable),
						"price": 10,
					}  # fmt: skip
				)
				.insert(ignore_permissions=True)
				.name
			)
			frappe.db.set_value(entries.ENTRY, name, {"status": status, "sales_invoice": f"GRID-{name}" if invoiced else None,
				"paid_on": "2027-02-10" if paid else None, "todo": f"GRID-{name}" if task else None})  # fmt: skip
			grid[name] = transitions.EntryState(status, date(2027, 3, 1), date(2027, 2, 1), billable, invoiced,
				paid, has_task=task)  # fmt: skip
		for selected, rule in ((entries._needing_invoice(), transitions.needs_invoice),
			(entries._ready_to_file(), transitions.ready_to_file)):  # fmt: skip
			self.assertEqual(
				{n for n in selected if n in grid},
				{n for n, state in grid.items() if rule(state)},
				rule.__name__,
			)

	def test_a_year_day_by_day(self):
		"""VoIP pays and files everything on time; De Minimis never pays; Broadband files its BDC."""
		day = date(2027, 1, 1)
		while day <= date(2027, 12, 31):
			entries.sweep(self.on(day))
			if day.day == 15:
				entries.sweep(day)  # a second sweep the same day changes nothing
			for name, invoice in frappe.get_all(
				entries.ENTRY,
				{"customer": f"Cal Test VoIP {RUN}", "status": "Invoice Sent"},
				["name", "sales_invoice"],
				as_list=True,
			):
				payment = get_payment_entry("Sales Invoice", invoice)
				payment.update({"reference_no": name, "reference_date": day})
				payment.insert()
				payment.submit()  # the hook moves the entry on at once
				self.assertEqual(frappe.db.get_value(entries.ENTRY, name, "status"), "Filing")
			for name in frappe.get_all(
				entries.ENTRY,
				{
					"customer": ("in", [f"Cal Test VoIP {RUN}", f"Cal Test Broadband {RUN}"]),
					"status": "Filing",
				},
				pluck="name",
			):
				self.assertTrue(entries.complete(name, confirmation_number=f"FCC-{name}"))
			day += timedelta(days=1)

		voip = frappe.get_all(
			entries.ENTRY,
			{"customer": f"Cal Test VoIP {RUN}", "due_date": ("<=", "2027-12-31")},
			["status", "next_entry", "billable", "sales_invoice"],
		)
		self.assertTrue(voip)
		self.assertEqual({e.status for e in voip}, {"Completed"})
		self.assertTrue(all(e.next_entry for e in voip))
		self.assertTrue(all(e.sales_invoice for e in voip if e.billable))
		late = frappe.get_all(
			entries.ENTRY,
			{"customer": f"Cal Test De Minimis {RUN}", "due_date": ("<=", "2027-12-31")},
			["status", "sales_invoice"],
		)
		self.assertEqual({e.status for e in late}, {"Overdue"})
		self.assertTrue(all(e.sales_invoice for e in late if e.billable))
		for customer in CARRIERS:
			customer = f"{customer} {RUN}"
			c = counts(customer)
			self.assertEqual(
				c["invoices"],
				frappe.db.count(entries.ENTRY, {"customer": customer, "sales_invoice": ("is", "set")}),
			)
			# one filing task per entry that reached filing, and no entry with a second one
			tasks = frappe.get_all(
				"ToDo",
				{"reference_type": entries.ENTRY, "reference_name": ("in", c["names"] or [""])},
				pluck="reference_name",
			)
			self.assertEqual(len(tasks), len(set(tasks)), f"{customer}: an entry with two filing tasks")
			self.assertEqual(
				set(tasks),
				set(
					frappe.get_all(entries.ENTRY, {"customer": customer, "todo": ("is", "set")}, pluck="name")
				),
			)
		self.assertTrue(counts(f"Cal Test VoIP {RUN}")["todos"])

	def test_sweep_killed_half_way_is_rerun_without_duplicates(self):
		make_carrier(f"Cal Test Crash {RUN}", interconnected_voip=1)
		calls = {"n": 0}
		original = entries.create_invoice

		def crash_on_third(name):
			calls["n"] += 1
			if calls["n"] == 3:
				raise RuntimeError("worker killed")
			return original(name)

		with patch.object(entries, "create_invoice", crash_on_third), self.assertRaises(RuntimeError):
			entries.sweep(self.on(date(2027, 3, 25)), batch_size=1)
		entries.sweep(self.on(date(2027, 3, 25)))
		entries.sweep(self.on(date(2027, 3, 25)))
		due = frappe.get_all(
			entries.ENTRY,
			{"customer": f"Cal Test Crash {RUN}", "billable": 1, "due_soon_on": ("<=", "2027-03-25")},
			["name", "sales_invoice"],
		)
		self.assertGreaterEqual(len(due), 3)
		self.assertTrue(all(e.sales_invoice for e in due))
		self.assertEqual(counts(f"Cal Test Crash {RUN}")["invoices"], len(due))

	def test_sweep_runs_its_moves_again_after_a_deadlock(self):
		"""MariaDB rolls a deadlock's victim back: the sweep runs both status moves again."""
		make_carrier(f"Cal Test Deadlock {RUN}", interconnected_voip=1)
		calls = {"n": 0}
		original = entries._mark_overdue

		def deadlocked_once(today):
			calls["n"] += 1
			if calls["n"] == 1:
				raise frappe.QueryDeadlockError("Deadlock found when trying to get lock")
			return original(today)

		with patch.object(entries, "_mark_overdue", deadlocked_once):
			entries.sweep(self.on(date(2027, 3, 25)))
		self.assertEqual(calls["n"], 2)
		self.assertTrue(
			frappe.db.count(entries.ENTRY, {"customer": f"Cal Test Deadlock {RUN}", "status": "Overdue"})
		)

	def test_invoice_created_before_a_crash_is_found_not_repeated(self):
		make_carrier(f"Cal Test Crash Two {RUN}", interconnected_voip=1)
		entries.sweep(self.on(date(2027, 1, 5)))
		name = frappe.get_all(
			entries.ENTRY,
			{"customer": f"Cal Test Crash Two {RUN}", "sales_invoice": ("is", "set")},
			pluck="name",
		)[0]
		frappe.db.set_value(
			entries.ENTRY, name, {"sales_invoice": None, "status": "Due Soon"}
		)  # bookkeeping lost
		entries.sweep(self.on(date(2027, 1, 5)))
		self.assertEqual(frappe.db.count("Sales Invoice", {"pw_compliance_entry": name, "docstatus": 1}), 1)

	def test_carrier_that_leaves_has_its_entries_closed_not_deleted(self):
		make_carrier(f"Cal Test Leaver {RUN}", clec=1)
		total = frappe.db.count(entries.ENTRY, {"customer": f"Cal Test Leaver {RUN}"})
		profile = frappe.get_doc("Carrier Profile", f"Cal Test Leaver {RUN}")
		profile.status = "Left"
		profile.save()
		self.assertEqual(frappe.db.count(entries.ENTRY, {"customer": f"Cal Test Leaver {RUN}"}), total)
		self.assertEqual(
			set(frappe.get_all(entries.ENTRY, {"customer": f"Cal Test Leaver {RUN}"}, pluck="status")),
			{"Closed"},
		)

	def test_completion_needs_payment_and_evidence(self):
		make_carrier(f"Cal Test Early {RUN}", interconnected_voip=1)
		entries.sweep(self.on(date(2027, 1, 5)))
		invoiced = frappe.get_all(
			entries.ENTRY, {"customer": f"Cal Test Early {RUN}", "status": "Invoice Sent"}, pluck="name"
		)[0]
		self.assertRaises(frappe.ValidationError, entries.complete, invoiced, "X")
		upcoming = frappe.get_all(
			entries.ENTRY, {"customer": f"Cal Test Early {RUN}", "status": "Upcoming"}, pluck="name"
		)[0]
		self.assertRaises(frappe.ValidationError, entries.complete, upcoming, "X")

	def test_billable_entry_without_a_catalog_price_is_not_invoiced(self):
		make_carrier(f"Cal Test No Price {RUN}", interconnected_voip=1)
		name = frappe.get_all(
			entries.ENTRY, {"customer": f"Cal Test No Price {RUN}", "obligation": "cpni"}, pluck="name"
		)[0]
		frappe.db.set_value(entries.ENTRY, name, "price", 0)
		entries.sweep(self.on(date(2027, 2, 10)))
		self.assertFalse(frappe.db.get_value(entries.ENTRY, name, "sales_invoice"))
		self.assertTrue(frappe.db.exists("Error Log", {"reference_name": name}))

	def test_portal_shows_a_carrier_only_its_own_calendar(self):
		from performancewest_erpnext.pw_orders.customers import add_portal_user

		from pw_compliance.www.compliance_calendar import get_context

		add_portal_user(f"Cal Test VoIP {RUN}", f"voip-{RUN}@example.com", "Vic")
		frappe.set_user(f"voip-{RUN}@example.com")
		try:
			context = frappe._dict()
			get_context(context)
		finally:
			frappe.set_user("Administrator")
		mine = frappe.db.count(
			entries.ENTRY, {"customer": f"Cal Test VoIP {RUN}", "status": ("!=", "Closed")}
		)
		self.assertEqual(len(context.entries), mine)
		self.assertEqual([p.customer for p in context.profiles], [f"Cal Test VoIP {RUN}"])
		frappe.set_user("Guest")
		try:
			self.assertRaises(frappe.PermissionError, get_context, frappe._dict())
		finally:
			frappe.set_user("Administrator")

	def test_bad_frn_is_refused(self):
		profile = frappe.get_doc("Carrier Profile", f"Cal Test VoIP {RUN}")
		for frn in ("12345", "12345678901", "abcdefghij", "0012345<b>"):
			profile.frn = frn
			self.assertRaises(frappe.ValidationError, profile.save)
