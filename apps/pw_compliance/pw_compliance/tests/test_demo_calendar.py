import json
from datetime import date, timedelta

import frappe
from frappe.tests.utils import FrappeTestCase
from performancewest_erpnext.setup.demo import DEMO_CUSTOMER
from pw_test_support.clock import frozen

from pw_compliance.calendar import demo_states, entries

BUILT = date(2026, 6, 10)
CARDS = ("Overdue Filings", "Due Soon", "Awaiting Payment", "Filing In Progress")


class TestDemoCalendar(FrappeTestCase):
	"""The demo carrier's calendar is in every state relative to the day the set-up runs."""

	def setUp(self):
		if not frappe.db.exists("Carrier Profile", DEMO_CUSTOMER):
			self.skipTest("needs the demo data (pw-setup demo)")

	def states(self, placed: dict[str, str]) -> dict[str, tuple[str, date]]:
		return {
			state: tuple(frappe.db.get_value(entries.ENTRY, name, ["status", "due_date"]))
			for state, name in placed.items()
		}

	def test_every_state_relative_to_the_day_and_moved_on_rerun(self):
		with frozen(f"{BUILT} 12:00:00"):
			placed = demo_states.place(DEMO_CUSTOMER)
			self.assertEqual(set(placed), set(demo_states.PLAN))
			states = self.states(placed)
			for state, (days, _stage) in demo_states.PLAN.items():
				self.assertEqual(states[state], (state, BUILT + timedelta(days=days)))
			completed = frappe.get_doc(entries.ENTRY, placed["Completed"])
			self.assertTrue(completed.paid_on and completed.confirmation_number)
			self.assertTrue(frappe.db.get_value(entries.ENTRY, placed["Filing"], "paid_on"))
			# every billable obligation of the demo carrier has a filing handler: the paid entry is filed
			# through its FCC Filing, and staff cannot complete it on the entry with a number alone
			filing = frappe.get_doc(entries.ENTRY, placed["Filing"])
			self.assertEqual(
				frappe.db.get_value("FCC Filing", filing.fcc_filing, "status"), "Awaiting Intake"
			)
			self.assertRaisesRegex(
				frappe.ValidationError,
				"record its confirmation number and receipt there",
				filing.record_filing,
				"DEMO-NUMBER-ONLY",
			)
			self.assertEqual(frappe.db.get_value(entries.ENTRY, filing.name, "status"), "Filing")
			invoices = frappe.db.count("Sales Invoice", {"customer": DEMO_CUSTOMER})
			self.assertEqual(demo_states.place(DEMO_CUSTOMER), placed)  # the same day: nothing changes
			self.assertEqual(frappe.db.count("Sales Invoice", {"customer": DEMO_CUSTOMER}), invoices)
			for card in CARDS:
				filters = json.loads(frappe.db.get_value("Number Card", card, "filters_json"))
				self.assertGreater(frappe.db.count(entries.ENTRY, [f[1:4] for f in filters]), 0, card)
		later = BUILT + timedelta(days=40)
		with frozen(f"{later} 12:00:00"):
			entries.sweep(later)  # forty days on: the due-soon, invoiced and filing entries are overdue
			for state in ("Due Soon", "Invoice Sent", "Filing"):
				self.assertEqual(frappe.db.get_value(entries.ENTRY, placed[state], "status"), "Overdue")
			self.assertEqual(demo_states.place(DEMO_CUSTOMER), placed)
			states = self.states(placed)
			for state, (days, _stage) in demo_states.PLAN.items():
				self.assertEqual(states[state], (state, later + timedelta(days=days)))
			# staff file the filing entry while trying the demo: the next set-up run makes a new one
			entries.complete(placed["Filing"], confirmation_number="TRIED-IT")
			again = demo_states.place(DEMO_CUSTOMER)
			self.assertNotEqual(again["Filing"], placed["Filing"])
			self.assertEqual(frappe.db.get_value(entries.ENTRY, placed["Filing"], "status"), "Completed")
			self.assertEqual(self.states(again)["Filing"], ("Filing", later + timedelta(days=30)))


class TestRunSweepNow(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def test_compliance_staff_start_the_sweep_and_others_cannot(self):
		from unittest.mock import patch

		from pw_compliance.pw_compliance.doctype.compliance_entry.compliance_entry import run_sweep

		with patch("frappe.enqueue") as enqueue:
			run_sweep()
			enqueue.assert_called_once()
			args, kwargs = enqueue.call_args
			self.assertEqual(args, ("pw_compliance.calendar.entries.sweep",))
			# one sweep at a time, queued once the request commits
			self.assertEqual(
				(kwargs["queue"], kwargs["job_id"], kwargs["deduplicate"], kwargs["enqueue_after_commit"]),
				("long", "pw_compliance_sweep", True, True),
			)
			frappe.set_user("Guest")
			self.assertRaises(frappe.PermissionError, run_sweep)
			self.assertEqual(enqueue.call_count, 1)
