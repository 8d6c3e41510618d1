"""Formation and foreign qualification end to end on a site: a Wyoming LLC formation from placement to
Delivered with its name checked against recorded search pages (one name taken, the next free), a search
failure handed to staff, filing and EIN tasks that cannot close without their evidence, the profile and
the calendar afterwards; a three-state foreign qualification whose registrations exist from placement
and move state by state, shown per state on the portal."""

from pathlib import Path
from unittest import mock

import frappe
import requests
from frappe.tests.utils import FrappeTestCase
from performancewest_erpnext.pw_orders import engine, orders
from performancewest_erpnext.pw_orders.customers import new_customer
from performancewest_erpnext.pw_orders.demo import pay, verify
from pw_test_support.books import fiscal_year

from pw_compliance.calendar import entries
from pw_compliance.formation import filings as state
from pw_compliance.formation import name_search, portal, services
from pw_compliance.formation.filings import EvidenceMissing
from pw_compliance.fulfilment import filings as intake_form
from pw_compliance.tests.test_fcc_filings import a_pdf, on_day

RUN = frappe.generate_hash(length=6).lower()
TODAY = "2027-03-10 10:00:00"
PAGES = Path(__file__).parent / "fixtures" / "name_search"
FORMATION = {
	"proposed_names": "Taken Name LLC\nFree Name LLC\nThird Choice LLC",
	"organizers": "Ora Organizer, 1 Main St, Cheyenne, WY 82001",
	"members": "Mia Member, 2 Oak Ave, Denver, CO 80202",
	"management": "Members",
	"registered_agent": "Northwest Registered Agent (through us)",
	"principal_address": "2 Oak Ave, Denver, CO 80202",
	"naics": "517111",
	"purpose": "Telecommunications services",
	"responsible_party": "Mia Member",
	"fiscal_year_end": "December",
	"employees_expected": "2",
	"contact_name": "Mia Member",
	"contact_email": f"mia-{RUN}@example.com",
	"contact_phone": "+1 307 555 0100",
}
FOREIGN = {
	"legal_name": f"Qualify Test {RUN} LLC",
	"home_state": "WY",
	"formed_on": "2025-05-05",
	"home_entity_number": "2025-001234567",
	"principal_address": "1 Main St, Cheyenne, WY 82001",
	"officers": "Quinn Manager, 1 Main St, Cheyenne, WY 82001",
	"registered_agent": "Northwest Registered Agent (through us)",
	"purpose": "Telecommunications services",
	"contact_name": "Quinn Manager",
	"contact_email": f"quinn-{RUN}@example.com",
	"contact_phone": "+1 307 555 0101",
}


class RecordedPage:
	def __init__(self, text: str) -> None:
		self.status_code, self.text = 200, text

	def raise_for_status(self) -> None:
		return None


def recorded_wyobiz(session, url, params=None, timeout=None):
	"""The WyoBiz search answered from the recorded pages: "Taken Name" has a live match, others none."""
	assert url == name_search.ADAPTERS["WY"].url and timeout
	page = "wy_results_taken.html" if "taken" in params["searchValue"].lower() else "wy_results_none.html"
	return RecordedPage((PAGES / page).read_text())


def a_file(doctype: str, name: str, label: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{label}-{RUN}.pdf",
				"is_private": 1,
				"content": a_pdf(),
				"attached_to_doctype": doctype,
				"attached_to_name": name,
			}
		)
		.insert(ignore_permissions=True)
		.file_url
	)


class TestStateFilings(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		fiscal_year(2027)  # the orders are invoiced on the frozen day
		cls.live = frappe.db.get_single_value("PW Compliance Settings", "state_name_search_live")
		frappe.db.set_single_value("PW Compliance Settings", "state_name_search_live", 1)
		# the engine commits as it goes: the switch must be on record for it
		frappe.db.commit()  # nosemgrep

	@classmethod
	def tearDownClass(cls):
		frappe.db.set_single_value("PW Compliance Settings", "state_name_search_live", cls.live or 0)
		frappe.db.commit()  # nosemgrep
		super().tearDownClass()

	def customer(self, label: str) -> str:
		name = new_customer(f"{label} {RUN}", f"{label.lower().replace(' ', '-')}-{RUN}@example.com")
		verify(name)
		frappe.db.commit()  # nosemgrep
		return name

	def task(self, order: str, step: str) -> frappe.model.document.Document:
		row = next(r for r in frappe.get_doc("Service Order", order).steps if r.step == step)
		self.assertEqual(row.status, "Waiting", f"{step} is {row.status}")
		return frappe.get_doc("ToDo", row.todo)

	def refused(self, todo: frappe.model.document.Document) -> None:
		todo.reload()
		todo.status = "Closed"
		self.assertRaises(EvidenceMissing, todo.save, ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("ToDo", todo.name, "status"), "Open")

	def close(self, todo: frappe.model.document.Document, order: str) -> None:
		todo.reload()
		todo.status = "Closed"
		todo.save(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep
		engine.advance(order)

	def test_recorded_pages_parse_and_an_unknown_page_fails(self):
		adapter = name_search.ADAPTERS["WY"]
		rows = adapter.parse((PAGES / "wy_results_taken.html").read_text())
		self.assertEqual(rows[0], ("TAKEN NAME, L.L.C.", "Active"))
		self.assertEqual(adapter.parse((PAGES / "wy_results_none.html").read_text()), [])
		self.assertRaises(
			name_search.SearchFailed, adapter.parse, (PAGES / "wy_maintenance.html").read_text()
		)
		self.assertEqual(name_search.normalise("Taken Name, L.L.C."), name_search.normalise("TAKEN NAME LLC"))
		with mock.patch.object(requests.Session, "get", recorded_wyobiz):
			self.assertFalse(adapter.check("Taken Name LLC").available)
			self.assertTrue(adapter.check("Taken Name Holdings Group LLC").available)
		# a dissolved entity's name is free again
		with mock.patch.object(
			requests.Session,
			"get",
			lambda *a, **k: RecordedPage((PAGES / "wy_results_taken.html").read_text()),
		):
			self.assertTrue(adapter.check("Old Name LLC").available)

	def test_colorado_florida_and_montana_searches_go_out_logged(self):
		calls = []

		def get(session, url, params=None, timeout=None):
			calls.append(("GET", url, session.headers.get("Referer")))
			if url.startswith("https://data.colorado.gov/"):
				return RecordedPage((PAGES / "co_results_taken.json").read_text())
			if url.endswith("/ByName") or url.endswith("/search/business"):
				return RecordedPage("<html>the search form</html>")
			return RecordedPage((PAGES / "fl_results_none.html").read_text())

		def post(session, url, json=None, timeout=None):
			calls.append(("POST", url, session.headers.get("Referer")))
			self.assertEqual(json["SEARCH_VALUE"], "Taken Name LLC")
			return RecordedPage((PAGES / "mt_results_taken.json").read_text())

		with (
			mock.patch.object(requests.Session, "get", get),
			mock.patch.object(requests.Session, "post", post),
		):
			self.assertFalse(name_search.ADAPTERS["CO"].check("Taken Name LLC").available)
			self.assertTrue(name_search.ADAPTERS["FL"].check("Free Name LLC").available)
			self.assertEqual(name_search.ADAPTERS["MT"].check("Taken Name LLC").matches, ["TAKEN NAME, LLC"])
		# Sunbiz and Montana: the search form first, then the search sent from it
		self.assertEqual([c[0] for c in calls], ["GET", "GET", "GET", "GET", "POST"])
		self.assertEqual(calls[2][2], "https://search.sunbiz.org/Inquiry/CorporationSearch/ByName")
		self.assertEqual(calls[4][2], "https://biz.sosmt.gov/search/business")
		logged = frappe.get_all("Integration Request", {"integration_request_service": name_search.SERVICE,
			"request_description": ("in", ["CO name search", "MT name search"]),
			"data": ("like", "%Taken Name LLC%")}, pluck="status")  # fmt: skip
		self.assertEqual(set(logged), {"Completed"})

		blocked = RecordedPage((PAGES / "mt_challenge.html").read_text())
		blocked.status_code = 403

		def refuse(self_):
			raise requests.HTTPError("403 Forbidden")

		blocked.raise_for_status = refuse.__get__(blocked)
		with mock.patch.object(requests.Session, "get", lambda *a, **k: blocked):
			self.assertRaises(name_search.SearchFailed, name_search.ADAPTERS["MT"].check, "Blocked Name LLC")
		self.assertTrue(frappe.db.exists("Integration Request", {"request_description": "MT name search",
			"status": "Failed", "error": ("like", "%403%")}))  # fmt: skip

	def test_state_obligations_report_shows_each_rows_fee_confirmation(self):
		from pw_compliance.pw_jurisdictions.report.state_obligations.state_obligations import execute

		_columns, rows, _message = execute({"jurisdiction": "NV"})
		by_type = {r.entity_type: r for r in rows}
		self.assertTrue(by_type["llc"].formation_fee_confirmed)
		self.assertEqual(by_type["llc"].fees_to_confirm, "")
		self.assertFalse(by_type["corporation"].formation_fee_confirmed)
		self.assertIn("Formation Fee", by_type["corporation"].fees_to_confirm)
		_columns, rows, _message = execute({"jurisdiction": "OH", "entity_type": "llc"})
		self.assertIsNone(rows[0].report_fee_confirmed)  # Ohio has no periodic report

	def test_wyoming_formation_from_placement_to_delivered(self):
		with on_day(self, TODAY):
			customer = self.customer("Formation Test")
			order = orders.place_order(
				[{"service": "us-state-formation", "variant": "llc", "jurisdictions": ["WY"]}],
				customer,
				"PayPal",
			)
			self.assertEqual(
				[r.step for r in order.steps],
				["open_filing", "intake", "name_search", "name_confirmed", "file", "ein", "record"],
			)
			# Wyoming's formation fee is not confirmed from its source: quoted, not billed
			fee_lines = [i for i in order.items if i.fee_of]
			self.assertIn("to be confirmed", fee_lines[0].description)
			self.assertEqual(order.government_fees, 0)
			pay(order.name)
			order.reload()
			self.assertEqual((order.status, order.waiting_on), ("Waiting", "Customer"))
			filing = frappe.get_doc(state.FILING, {"service_order": order.name})
			self.assertEqual(filing.filing_key, f"{customer}::Formation::WY")
			self.assertFalse(filing.fee_confirmed)
			self.assertTrue(
				frappe.db.exists("ToDo", {"reference_type": state.FILING, "reference_name": filing.name,
					"description": ("like", "%not confirmed from the state's fee schedule%")})
			)  # fmt: skip
			# the portal form is the FCC filings' form, rendering this filing's declaration
			declaration, _known = intake_form.form_for(order.name)
			self.assertIn("proposed_names", declaration.keys)
			errors = intake_form.submit_intake(order.name, {**FORMATION, "contact_email": "mia at example"})
			self.assertEqual(list(errors), ["contact_email"])
			# checks across facts come back beside their field too, nothing written
			errors = intake_form.submit_intake(
				order.name, {**FORMATION, "registered_agent": services.OWN_AGENT}
			)
			self.assertEqual(list(errors), ["own_agent"])
			self.assertEqual(frappe.db.get_value(state.FILING, filing.name, "status"), "Awaiting Intake")
			with mock.patch.object(requests.Session, "get", recorded_wyobiz):
				self.assertEqual(intake_form.submit_intake(order.name, FORMATION), {})
				frappe.db.commit()  # nosemgrep
				engine.advance(order.name)
			filing.reload()
			self.assertEqual(filing.entity_name, "Free Name LLC")  # the first choice is taken
			searched = frappe.parse_json(filing.name_search)["results"]
			self.assertEqual([(r["name"], r["available"]) for r in searched],
				[("Taken Name LLC", False), ("Free Name LLC", True)])  # fmt: skip
			self.assertEqual(searched[0]["matches"], ["TAKEN NAME, L.L.C."])
			self.assertTrue(frappe.db.exists("Integration Request", {"integration_request_service":
				name_search.SERVICE, "data": ("like", "%Free Name LLC%")}))  # fmt: skip

			todo = self.task(order.name, "file")
			for expected in ("Free Name LLC", "Ora Organizer", "Mia Member", "517111", "State fee: 100",
				"no address on file for WY"):  # fmt: skip
				self.assertIn(expected, todo.description)
			# no NWRA address for Wyoming on file: staff are asked once to record it on the Jurisdiction
			self.assertTrue(frappe.db.exists("ToDo", {"reference_type": "Jurisdiction", "reference_name": "WY",
				"status": "Open", "description": ("like", "%Northwest Registered Agent%")}))  # fmt: skip
			self.refused(todo)
			filing.filing_number = "2027-001234567"
			filing.save(ignore_permissions=True)
			self.assertEqual(filing.status, "Ready to File")  # the number alone is not the evidence
			self.refused(todo)
			filing.reload()
			filing.stamped_document = a_file(state.FILING, filing.name, "articles")
			filing.save(ignore_permissions=True)
			self.assertEqual(filing.status, "Ready to File")  # the $100 fee's receipt is evidence too
			self.refused(todo)
			filing.reload()
			filing.fee_receipt = "WY-RCPT-0001"
			filing.save(ignore_permissions=True)  # approved: the task closes itself, the order goes on
			frappe.db.commit()  # nosemgrep
			engine.advance(order.name)
			self.assertEqual(frappe.db.get_value("ToDo", todo.name, "status"), "Closed")
			# the fee paid with the filing card is recorded once: not billed (unconfirmed), no top-up
			payment = frappe.get_doc(state.FEE_PAYMENT, filing.name)
			self.assertEqual((payment.amount, payment.billed, payment.top_up, payment.state_receipt),
				(100, 0, None, "WY-RCPT-0001"))  # fmt: skip
			filing.reload()
			self.assertIsNone(state.record_fee_payment(filing))  # a second recording changes nothing
			self.assertEqual(frappe.db.count(state.FEE_PAYMENT, {"state_filing": filing.name}), 1)
			self.assertRaises(frappe.DuplicateEntryError, frappe.get_doc({"doctype": state.FEE_PAYMENT,
				"state_filing": filing.name, "amount": 100, "state_receipt": "again"}).insert, ignore_permissions=True)  # fmt: skip

			ein = self.task(order.name, "ein")
			for expected in ("1 Legal name: Free Name LLC", "7a Responsible party: Mia Member",
				"9b State of incorporation: WY", "11 Date business started: 2027-03-10"):  # fmt: skip
				self.assertIn(expected, ein.description)
			self.refused(ein)
			filing.reload()
			filing.ein = "27-1234567"
			filing.save(ignore_permissions=True)
			self.close(ein, order.name)
			self.assertEqual(frappe.db.get_value("Customer", customer, "tax_id"), "271234567")

			order.reload()
			self.assertEqual(order.status, "Review")
			profile = frappe.get_doc("Carrier Profile", customer)
			self.assertEqual(
				(profile.formation_jurisdiction, profile.entity_type, str(profile.formed_on),
					profile.state_entity_number),
				("WY", "llc", "2027-03-10", "2027-001234567"),
			)  # fmt: skip
			# Wyoming's annual report: the first day of the anniversary month, from the next year
			reports = frappe.get_all(
				entries.ENTRY,
				{"carrier_profile": customer, "jurisdiction": "WY"},
				["title", "due_date"],
				order_by="due_date asc",
			)
			self.assertEqual(str(reports[0].due_date), "2028-03-01")
			self.assertIn("Annual Report", reports[0].title)
			orders.approve(order.name)
			self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Delivered")

	def test_a_search_failure_goes_to_staff(self):
		def down(*args, **kwargs):
			raise requests.ConnectionError("connection refused")

		with on_day(self, TODAY):
			customer = self.customer("Search Down")
			order = orders.place_order(
				[{"service": "us-state-formation", "variant": "llc", "jurisdictions": ["WY"]}],
				customer,
				"PayPal",
			)
			pay(order.name)
			with mock.patch.object(requests.Session, "get", down):
				self.assertEqual(intake_form.submit_intake(order.name, FORMATION), {})
				frappe.db.commit()  # nosemgrep
				engine.advance(order.name)
			order.reload()
			self.assertEqual((order.status, order.waiting_on, order.hold_reason),
				("Waiting", "Staff", "Waiting: Name confirmed available"))  # fmt: skip
			filing = frappe.get_doc(state.FILING, {"service_order": order.name})
			self.assertIn("connection refused", frappe.parse_json(filing.name_search)["error"])
			todo = frappe.get_doc("ToDo", {"reference_type": state.FILING, "reference_name": filing.name,
				"description": ("like", "%business search%")})  # fmt: skip
			self.assertIn("Taken Name LLC; Free Name LLC; Third Choice LLC", todo.description)
			filing.entity_name = "Third Choice LLC"  # staff searched by hand
			filing.save(ignore_permissions=True)
			frappe.db.commit()  # nosemgrep
			engine.advance(order.name)
			self.assertEqual(self.task(order.name, "file").status, "Open")

	def test_a_state_without_an_adapter_goes_to_staff_saying_why(self):
		with on_day(self, TODAY):
			customer = self.customer("Texas Formation")
			order = orders.place_order(
				[{"service": "us-state-formation", "variant": "llc", "jurisdictions": ["TX"]}],
				customer,
				"PayPal",
			)
			pay(order.name)
			with mock.patch.object(requests.Session, "get", side_effect=AssertionError("no call expected")):
				self.assertEqual(intake_form.submit_intake(order.name, FORMATION), {})
				frappe.db.commit()  # nosemgrep
				engine.advance(order.name)
			filing = frappe.get_doc(state.FILING, {"service_order": order.name})
			self.assertEqual(frappe.parse_json(filing.name_search)["adapter"], None)
			todo = frappe.get_doc("ToDo", {"reference_type": state.FILING, "reference_name": filing.name,
				"description": ("like", "%business search%")})  # fmt: skip
			self.assertIn("$1 per search", todo.description)
			self.assertIn("Taken Name LLC; Free Name LLC; Third Choice LLC", todo.description)

	def test_three_state_foreign_qualification_to_delivered(self):
		with on_day(self, TODAY):
			customer = self.customer("Qualify Test")
			order = orders.place_order(
				[
					{
						"service": "foreign-qualification-multi",
						"variant": "llc",
						"jurisdictions": ["NV", "TX", "CO"],
					}
				],
				customer,
				"PayPal",
			)
			# the registrations exist from placement, one per state
			planned = frappe.get_all(state.FQR, {"customer": customer}, ["jurisdiction", "status"])
			self.assertEqual(sorted((r.jurisdiction, r.status) for r in planned),
				[("CO", "Planned"), ("NV", "Planned"), ("TX", "Planned")])  # fmt: skip
			# NV's ($75, statute) and TX's ($750, the SOS fee schedule) fees are confirmed and billed; CO's is
			# quoted "to be confirmed"
			self.assertEqual(order.government_fees, 75 + 750)
			pay(order.name)
			self.assertEqual(intake_form.submit_intake(order.name, FOREIGN), {})
			frappe.db.commit()  # nosemgrep
			engine.advance(order.name)
			filings = {f.jurisdiction: f for f in state.track_filings(order.name, 1)}
			self.assertEqual(sorted(filings), ["CO", "NV", "TX"])
			self.assertEqual({f.home_jurisdiction for f in filings.values()}, {"WY"})

			good_standing = self.task(order.name, "good_standing")
			self.refused(good_standing)
			filings["CO"].reload()
			filings["CO"].good_standing = a_file(state.FILING, filings["CO"].name, "good-standing")
			filings["CO"].save(ignore_permissions=True)
			self.close(good_standing, order.name)
			for f in filings.values():
				f.reload()
				self.assertEqual(f.good_standing, filings["CO"].good_standing)

			task = self.task(order.name, "file")
			for expected in (
				"NV Foreign Qualification",
				"Home state: WY",
				"State fee: 75",
				"to be confirmed",
			):
				self.assertIn(expected, task.description)
			# Nevada approves first: it moves on its own, the portal shows each state
			nv = filings["NV"]
			nv.update({"filing_number": "NV20271234567", "fee_receipt": "NV-RCPT-1",
				"stamped_document": a_file(state.FILING, nv.name, "nv-certificate")})  # fmt: skip
			nv.save(ignore_permissions=True)
			self.assertEqual(frappe.db.get_value(state.FQR, nv.foreign_qualification, "status"), "Approved")
			shown = {i["label"]: i["status"] for i in portal.dashboard_cards(customer)[0]["items"]}
			self.assertEqual(shown, {"CO: Foreign Qualification": "Being filed",
				"NV: Foreign Qualification": "Approved", "TX: Foreign Qualification": "Being filed"})  # fmt: skip
			self.refused(task)  # TX and CO have no evidence yet
			for code, number in (("TX", "805123456"), ("CO", "20271234567")):
				f = filings[code]
				f.reload()
				f.update({"filing_number": number, "fee_receipt": f"{code}-RCPT-1",
					"stamped_document": a_file(state.FILING, f.name, f"{code}-certificate")})  # fmt: skip
				f.save(ignore_permissions=True)
			frappe.db.commit()  # nosemgrep
			engine.advance(order.name)
			self.assertEqual(frappe.db.get_value("ToDo", task.name, "status"), "Closed")
			order.reload()
			self.assertEqual(order.status, "Review")
			# each state's fee paid once from the card the order's top-up funded (CO's unconfirmed fee unbilled)
			topup = frappe.get_doc("Filing Card Top-up", {"service_order": order.name})
			self.assertEqual(topup.amount, 825)
			paid = {p.jurisdiction: p for p in frappe.get_all(state.FEE_PAYMENT, {"service_order": order.name},
				["jurisdiction", "amount", "billed", "top_up", "filing_card"])}  # fmt: skip
			self.assertEqual({c: (p.amount, p.billed) for c, p in paid.items()},
				{"NV": (75, 1), "TX": (750, 1), "CO": (100, 0)})  # fmt: skip
			self.assertEqual(
				{(p.top_up, p.filing_card) for p in paid.values()}, {(topup.name, topup.filing_card)}
			)
			approved = frappe.get_all(state.FQR, {"customer": customer}, ["jurisdiction", "status",
				"certificate_number", "approved_on"])  # fmt: skip
			self.assertEqual({r.jurisdiction: (r.status, r.certificate_number) for r in approved},
				{"NV": ("Approved", "NV20271234567"), "TX": ("Approved", "805123456"),
				"CO": ("Approved", "20271234567")})  # fmt: skip
			# each state's periodic report is on the calendar, due by that state's own rule from the day it
			# qualified (2027-03-10): Nevada's initial list by the end of the next month (NRS 86.263), Colorado's
			# periodic report by the end of the second month after the anniversary month, Texas's franchise tax
			# report on May 15 of the next year
			calendared = {
				(e.jurisdiction, str(e.due_date))
				for e in frappe.get_all(
					entries.ENTRY, {"carrier_profile": customer}, ["jurisdiction", "due_date"]
				)
				if e.jurisdiction
			}
			self.assertTrue({("NV", "2027-04-30"), ("CO", "2028-05-31"), ("TX", "2028-05-15")} <= calendared,
				calendared)  # fmt: skip
			orders.approve(order.name)
			self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Delivered")
