import json

import click
import frappe
from frappe.tests.utils import FrappeTestCase
from pw_test_support.clock import frozen

from pw_compliance.commands import from_csv, to_csv
from pw_compliance.jurisdictions import records
from pw_compliance.pw_jurisdictions.report.state_obligations.state_obligations import execute

RULE = records.ENTITY_RULE


class TestJurisdictionData(FrappeTestCase):
	def test_every_jurisdiction_and_us_rule_is_present_and_sourced(self):
		us = frappe.get_all(
			"Jurisdiction", {"country": "US", "kind": ("in", ["state", "district"])}, pluck="name"
		)
		ca = frappe.get_all(
			"Jurisdiction", {"country": "CA", "kind": ("in", ["province", "territory"])}, pluck="name"
		)
		self.assertEqual((len(us), len(ca)), (51, 13))
		for code in us:
			for entity_type in ("llc", "corporation"):
				source, checked = frappe.db.get_value(
					RULE, f"{code}-{entity_type}", ["source_url", "checked_on"]
				)
				self.assertTrue(source.startswith("https://") and checked, f"{code} {entity_type}")
		self.assertFalse(frappe.get_all("Jurisdiction", {"source_url": ("in", ["", None])}))

	def test_export_round_trips_through_import_unchanged(self):
		before = records.export_data()
		total = len(before["jurisdictions"]) + len(before["entity_rules"])
		self.assertEqual(
			records.import_data(json.loads(json.dumps(before))),
			{"created": 0, "updated": 0, "unchanged": total},
		)
		self.assertEqual(records.export_data(), before)

	def test_csv_round_trip(self):
		rules = records.export_data()["entity_rules"]
		data = from_csv(to_csv(rules))
		self.assertEqual(data["entity_rules"], rules)
		self.assertEqual(records.import_data(data)["unchanged"], len(rules))

	def test_a_row_without_source_refuses_the_whole_import(self):
		data = records.export_data()
		data["entity_rules"][0]["report_fee"] = 12345
		data["entity_rules"][1]["source_url"] = ""
		with self.assertRaises(records.JurisdictionDataError):
			records.import_data(data)
		name = f"{data['entity_rules'][0]['jurisdiction']}-{data['entity_rules'][0]['entity_type']}"
		self.assertNotEqual(frappe.db.get_value(RULE, name, "report_fee"), 12345)

	def test_malformed_csv_row_is_refused(self):
		text = "code,name\nWY,Wyoming,extra\n"
		self.assertRaises(click.ClickException, from_csv, text)

	def test_import_updates_only_what_changed_and_seed_keeps_staff_edits(self):
		frappe.db.set_value(RULE, "WY-llc", "late_fee", 50)
		self.assertEqual(records.load_seed(overwrite=False)["updated"], 0)
		self.assertEqual(frappe.db.get_value(RULE, "WY-llc", "late_fee"), 50)
		self.assertEqual(records.load_seed(overwrite=True)["updated"], 1)

	def test_due_dates_from_the_site_data(self):
		(report,) = [
			o for o in records.due("de", "corporation", "2020-06-10", 2027) if o["category"] == "report"
		]
		self.assertEqual(report["due_date"], "2027-03-01")  # Delaware corporations: March 1
		self.assertEqual(records.due("OH", "llc", "2020-06-10", 2027), [])  # Ohio: no annual report

	def test_due_refuses_bad_input(self):
		with frozen("2026-12-01 12:00:00") as clock:  # the whole test on one clock
			for args in (
				("ZZ", "llc", "2020-01-01", 2027),  # unknown state
				("WY", "trust", "2020-01-01", 2027),  # entity type without a rule
				("WY", "llc", "2026-12-11", 2030),  # formed in the future
				("WY", "llc", "2026-01-01", 2025),  # year before formation
			):
				with self.subTest(args=args), self.assertRaises(records.JurisdictionDataError):
					records.due(*args)
			clock.move_to("2026-12-11 12:00:00")
			self.assertTrue(records.due("WY", "llc", "2026-12-11", 2027))  # formed today is fine

	def test_a_rule_is_validated_and_described_on_save(self):
		rule = frappe.get_doc(RULE, "WY-llc")
		self.assertIn("anniversary month", rule.rule_text)
		rule.due_rule = json.dumps({"kind": "every_full_moon"})
		self.assertRaises(records.JurisdictionDataError, rule.save)
		rule.reload()
		rule.source_url = ""
		self.assertRaises(frappe.ValidationError, rule.save)

	def test_report_flags_rows_not_checked_in_a_year(self):
		with self.freeze_time("2026-12-01 12:00:00"):
			frappe.db.set_value(RULE, "TX-llc", "checked_on", "2024-11-30")
			columns, rows, message = execute({"stale_only": 1})
			self.assertEqual([(r.jurisdiction, r.entity_type) for r in rows], [("TX", "llc")])
			self.assertTrue(rows[0].stale and rows[0].rule_text and rows[0].source_url)
			self.assertIn("1 rows", message)
			self.assertIn("source_url", [c["fieldname"] for c in columns])


class TestForeignQualificationRegistration(FrappeTestCase):
	def setUp(self):
		if not frappe.db.exists("Customer", "FQ Test Carrier"):
			frappe.get_doc(
				{
					"doctype": "Customer",
					"customer_name": "FQ Test Carrier",
					"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}),
					"territory": frappe.db.get_value("Territory", {"is_group": 0}),
				}
			).insert()

	def registration(self, **values):
		return frappe.get_doc(
			{
				"doctype": "Foreign Qualification Registration",
				"customer": "FQ Test Carrier",
				"jurisdiction": "TX",
				"home_jurisdiction": "WY",
				"entity_type": "llc",
				**values,
			}
		).insert()

	def test_status_moves_only_along_its_transitions(self):
		doc = self.registration()
		doc.status = "Approved"
		self.assertRaises(frappe.ValidationError, doc.save)
		doc.reload()
		doc.update({"status": "Filed", "filing_date": "2025-02-01"})
		doc.save()
		doc.update({"status": "Approved", "approved_on": "2025-02-20", "certificate_number": "802000000"})
		doc.save()
		doc.status = "Planned"
		self.assertRaises(frappe.ValidationError, doc.save)

	def test_approved_registration_gives_the_states_obligations(self):
		doc = self.registration(status="Planned")
		self.assertEqual(doc.obligations(2027), [])
		doc.update({"status": "Filed", "filing_date": "2025-02-01"})
		doc.save()
		doc.update({"status": "Approved", "approved_on": "2025-02-20"})
		doc.save()
		due = doc.obligations(2027)
		self.assertTrue(due)
		self.assertTrue(all(o["jurisdiction"] == "TX" and o["due_date"].startswith("2027") for o in due))

	def test_home_state_is_not_a_foreign_qualification(self):
		self.assertRaises(frappe.ValidationError, self.registration, jurisdiction="WY")

	def test_state_without_a_rule_for_the_entity_type_is_refused(self):
		self.assertRaises(records.JurisdictionDataError, self.registration, entity_type="nonprofit")
