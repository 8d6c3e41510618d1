"""Form 499 orders from placement to Delivered on a site (the 499-A, the 499-A with the 499-Q, the initial
registration): intake refused once with a field error, the worksheet rendered with the de minimis result
and checked, the officer's signature, staff filing in USAC E-File closed only with evidence, the calendar
entry completed and the carrier profile updated (Filer ID, de minimis, estimated contribution)."""

from urllib.parse import parse_qs, urlparse

import frappe
from frappe.tests.utils import FrappeTestCase
from performancewest_erpnext.pw_documents import esign
from performancewest_erpnext.pw_orders import engine, orders
from performancewest_erpnext.pw_orders.customers import new_customer
from performancewest_erpnext.pw_orders.demo import pay, verify
from pw_test_support.books import fiscal_year

from pw_compliance.calendar import entries
from pw_compliance.fulfilment import filings
from pw_compliance.fulfilment.filings import EvidenceMissing
from pw_compliance.tests.test_fcc_filings import file_with_evidence, on_day, pdf_text, sign

RUN = frappe.generate_hash(length=6).lower()
STEPS = ["open_filing", "intake", "prepare", "ask_signature", "signed", "file", "record"]
OFFICER = {"officer_name": "Rhea Revenue", "officer_title": "Chief Financial Officer"}
REVENUE = {
	"rev_block3": "0",
	"rev_block4b": "61000",
	"rev_interstate": "20000",
	"rev_international": "5000",
}
QUARTER = {
	"q_interstate": "5200",
	"q_international": "1300",
	"q_interstate_projected": "5400",
	"q_international_projected": "1200",
}


class TestForm499(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		fiscal_year(2027)  # the orders are invoiced on the frozen day
		# the 2027 factor the worksheet uses (a site may hold it already)
		cls.made_factor = not frappe.db.exists("USF Contribution Factor", "2027-Q1")
		if cls.made_factor:
			frappe.get_doc(
				{"doctype": "USF Contribution Factor", "quarter": "2027-Q1", "factor": 0.376,
					"public_notice": "DA 26-0000 (test)"}
			).insert(ignore_permissions=True)  # fmt: skip
		frappe.db.commit()  # nosemgrep: the engine commits

	@classmethod
	def tearDownClass(cls):
		if cls.made_factor:
			frappe.delete_doc("USF Contribution Factor", "2027-Q1", force=True, ignore_permissions=True)
			frappe.db.commit()  # nosemgrep
		super().tearDownClass()

	def carrier(self, name: str) -> str:
		customer = new_customer(f"{name} {RUN}", f"{name.lower().replace(' ', '-')}-{RUN}@example.com")
		verify(customer)
		frappe.get_doc({"doctype": "Carrier Profile", "customer": customer, "interconnected_voip": 1}).insert(
			ignore_permissions=True
		)
		frappe.db.commit()  # nosemgrep
		return customer

	def answers(self, customer: str) -> dict:
		return {
			"legal_name": f"{customer} LLC",
			"address": "9 Line St, Reno, NV 89501",
			"officer_email": f"rhea-{RUN}@example.com",
			**OFFICER,
		}

	def order(self, service: str, customer: str) -> tuple:
		order = orders.place_order([{"service": service}], customer, "PayPal")
		self.assertEqual([r.step for r in order.steps], STEPS)
		pay(order.name)
		return order, frappe.get_doc(filings.FILING, {"service_order": order.name})

	def submit(self, order: str, answers: dict, wrong: dict, field: str, error: str) -> None:
		errors = filings.submit_intake(order, {**answers, **wrong})
		self.assertEqual(errors, {field: error})
		self.assertEqual(
			frappe.db.get_value(filings.FILING, {"service_order": order}, "status"), "Awaiting Intake"
		)
		self.assertEqual(filings.submit_intake(order, answers), {})
		frappe.db.commit()  # nosemgrep
		engine.advance(order)

	def sign_and_file(self, filing_name: str, confirmation: str, wrong: str = "") -> None:
		"""The officer signs; staff cannot close the task without the evidence (nor with a malformed
		confirmation), then record the confirmation and the receipt."""
		filing = frappe.get_doc(filings.FILING, filing_name)
		request = frappe.get_doc("eSign Request", filing.esign_request)
		self.assertEqual(
			(request.signer_name, request.signer_email), ("Rhea Revenue", f"rhea-{RUN}@example.com")
		)
		sign(self, filing_name, "Rhea Revenue")
		row = next(r for r in frappe.get_doc("Service Order", filing.service_order).steps if r.step == "file")
		self.assertIn(
			"https://forms.universalservice.org/", frappe.db.get_value("ToDo", row.todo, "description")
		)
		file_with_evidence(self, filing_name, confirmation, wrong)
		orders.approve(filing.service_order)
		self.assertEqual(frappe.db.get_value("Service Order", filing.service_order, "status"), "Delivered")

	def test_form_499a_with_the_de_minimis_worksheet(self):
		with on_day(self):
			customer = self.carrier("Annual Filer")
			entry = frappe.db.get_value(
				entries.ENTRY, {"carrier_profile": customer, "obligation": "fcc-499a", "period": "CY2026"}
			)
			order, filing = self.order("fcc-499a", customer)
			self.assertEqual(
				(filing.filing_key, filing.compliance_entry), (f"{customer}::fcc-499a::CY2026", entry)
			)
			answers = {**self.answers(customer), **REVENUE, "filer_499_id": "834111"}
			self.submit(order.name, answers, {"rev_interstate": "-20"}, "rev_interstate", "Enter 0 or more.")
			filing.reload()
			self.assertEqual(filing.status, "Awaiting Signature")
			text = pdf_text(filing.document)
			for expected in (
				"Form 499-A Revenue Worksheet",
				f"{customer} LLC",
				"Form 499 Filer ID 834111",
				"Reporting period: calendar year 2026",
				"Line 423(d), interstate end-user revenue net of uncollectibles: $20,000",
				"Line 3. Line 1 plus Line 2: $25,000.00",
				"Line 6. Contribution factor: 0.376 (mean of 2027-Q1)",
				"Estimated annual contribution, Line 5 times Line 6: $9,400.00",
				"the filer is de minimis; estimated annual contribution $9,400.00",
				"I, Rhea Revenue, Chief Financial Officer of",
				"all statements of fact in it are true",
			):
				self.assertIn(expected, text)
			self.assertNotIn(
				"54.708)", text.replace("(47 CFR 54.708)", "")
			)  # citations: the template's rules
			self.assertIn(
				"54.706(c)", frappe.db.get_value("Document Template", "Form 499-A Revenue Worksheet", "rules")
			)
			self.sign_and_file(filing.name, "EFILE-2027-0401")
			profile = frappe.get_doc("Carrier Profile", customer)
			self.assertEqual(
				(profile.filer_499_id, profile.de_minimis, profile.usf_estimated_contribution),
				("834111", 1, 9400),
			)
			self.assertEqual(
				frappe.db.get_value(entries.ENTRY, entry, ["status", "confirmation_number"]),
				("Completed", "EFILE-2027-0401"),
			)

	def test_form_499a_and_499q_for_the_quarter(self):
		with on_day(self):
			customer = self.carrier("Quarterly Filer")
			frappe.db.set_value("Carrier Profile", customer, "filer_499_id", "834222")  # prefilled from here
			order, filing = self.order("fcc-499a-499q", customer)
			self.assertEqual(filing.obligation, "fcc-499q")
			entry = frappe.db.get_value(
				entries.ENTRY,
				{"carrier_profile": customer, "obligation": "fcc-499q", "period": filing.period},
			)
			self.assertEqual(filing.compliance_entry, entry)
			# revenue large enough to contribute: (40,000 + 5,000) x 0.376 = 16,920
			answers = {**self.answers(customer), **REVENUE, **QUARTER, "rev_interstate": "40000"}
			self.submit(
				order.name, answers, {"q_interstate": "lots"}, "q_interstate", "Enter a whole number."
			)
			filing.reload()
			text = pdf_text(filing.document)
			for expected in (
				"Form 499-A and 499-Q Revenue Worksheet",
				"Form 499 Filer ID 834222",
				"Reporting period: the first quarter of 2027",
				"not de minimis (a USF contributor); estimated annual contribution $16,920.00",
				"Quarterly revenue (Form 499-Q)",
				"Actual interstate end-user revenue: $5,200",
				"quarter after next: $1,200",
				"Rhea Revenue, Chief Financial Officer",
			):
				self.assertIn(expected, text)
			self.sign_and_file(filing.name, "EFILE-Q-2027-02")
			profile = frappe.get_doc("Carrier Profile", customer)
			self.assertEqual((profile.de_minimis, profile.usf_estimated_contribution), (0, 16920))
			self.assertEqual(frappe.db.get_value(entries.ENTRY, entry, "status"), "Completed")

	def test_initial_registration_gives_the_filer_id(self):
		with on_day(self):
			customer = self.carrier("New Filer")
			frappe.db.set_value("Carrier Profile", customer, "frn", "0035550123")
			order, filing = self.order("fcc-499-initial", customer)
			self.assertEqual(filing.filing_key, f"{customer}::fcc-499-initial::registration")
			answers = {
				**self.answers(customer),
				"ein": "88-1234567",
				"comm_type": "Interconnected VoIP",
				"service_start": "2027-03-01",
				"dc_agent": "Northwest Registered Agent, 1717 N St NW, Washington, DC 20036",
				"contact_name": "Nico",
				"contact_email": f"nico-{RUN}@example.com",
				"contact_phone": "+1 775 555 0142",
			}
			self.submit(
				order.name,
				answers,
				{"service_start": "March 1"},
				"service_start",
				"Enter a date as YYYY-MM-DD.",
			)
			filing.reload()
			text = pdf_text(filing.document)
			for expected in (
				"Form 499 Registration",
				f"Filer: {customer} LLC · FRN 0035550123 · EIN 881234567",
				"Principal communications type: Interconnected VoIP",
				"Began (or will begin) providing service on 2027-03-01.",
				"Northwest Registered Agent, 1717 N St NW",
				"I, Rhea Revenue, Chief Financial Officer of",
			):
				self.assertIn(expected, text)
			self.sign_and_file(filing.name, "834333", wrong="USAC-OK")
			self.assertEqual(frappe.db.get_value("Carrier Profile", customer, "filer_499_id"), "834333")
