"""CALEA SSI plan, OCN registration and BDC filing orders from placement to Delivered on a site: intake with a
refused submission, the SSI plan rendered and checked, the officer's signature, staff filing that cannot be
closed without evidence, the profile and calendar updated, the intake summary in the binder."""

import json
from urllib.parse import parse_qs, urlparse

import frappe
from frappe.tests.utils import FrappeTestCase
from performancewest_erpnext.pw_documents import esign
from performancewest_erpnext.pw_orders import engine, orders
from performancewest_erpnext.pw_orders.customers import ensure_portal_customer, new_customer
from performancewest_erpnext.pw_orders.demo import pay, verify
from pw_test_support.books import fiscal_year

from pw_compliance.calendar import entries
from pw_compliance.fulfilment import filings
from pw_compliance.fulfilment.filings import EvidenceMissing
from pw_compliance.tests.test_fcc_filings import a_pdf, file_with_evidence, on_day, pdf_text, sign

RUN = frappe.generate_hash(length=6).lower()


STEPS_SIGNED = ["open_filing", "intake", "prepare", "ask_signature", "signed", "file", "record"]
STEPS_PLAIN = ["open_filing", "intake", "file", "record"]
CALEA_ANSWERS = {
	"legal_name": f"Calea Test {RUN} LLC",
	"frn": "0034567890",
	"address": "5 Wire Way, Reno, NV 89501",
	"officer_name": "Vera Officer",
	"officer_title": "Chief Executive Officer",
	"officer_email": f"vera-{RUN}@example.com",
	"calea_officer_name": "Sam Senior",
	"calea_officer_title": "VP Network Operations",
	"calea_officer_duties": "Runs the network operations center and approves every lawful intercept.",
	"calea_contact_name": "NOC on duty",
	"calea_contact_phone": "+1 775 555 0199",
	"calea_contact_email": f"noc-{RUN}@example.com",
	"calea_contact_24x7": True,
	"records_retention": "3 years",
	"intercept_solution": "A trusted third party (TTP)",
	"ttp_name": "Intercept Partners Inc.",
}
BDC_HEADERS = {
	"availability_file": "provider_id,brand_name,location_id,technology,max_advertised_download_speed,"
	"max_advertised_upload_speed,low_latency,business_residential_code\n,Acme,1000000121,50,1000,1000,1,X\n",
	"broadband_subscription_file": "tract,technology_code,max_advertised_download_speed,"
	"max_advertised_upload_speed,total_connections,consumer_connections\n32031001101,50,1000,1000,12,9\n",
	"voice_subscription_file": "tract,service_type,total_lines_or_subscriptions,"
	"consumer_lines_or_subscriptions\n32031001101,1,40,31\n",
}


def task_text(order: str, track: int = 1) -> str:
	row = next(
		r for r in frappe.get_doc("Service Order", order).steps if r.step == "file" and r.track == track
	)
	return frappe.db.get_value("ToDo", row.todo, "description")


class TestCarrierFilings(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		fiscal_year(2027)  # the orders of the frozen day (2027-02-10) are invoiced in it
		cls.customer = new_customer(f"Calea Test {RUN}", f"calea-{RUN}@example.com")
		verify(cls.customer)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the engine commits

	def deliver(self, order: str) -> None:
		self.assertEqual(frappe.db.get_value("Service Order", order, "status"), "Review")
		orders.approve(order)
		self.assertEqual(frappe.db.get_value("Service Order", order, "status"), "Delivered")

	def test_calea_ssi_plan_from_placement_to_delivered(self):
		with on_day(self):
			frappe.get_doc(
				{"doctype": "Carrier Profile", "customer": self.customer, "interconnected_voip": 1}
			).insert(ignore_permissions=True)
			order = orders.place_order(
				[{"service": "calea-ssi", "variant": "ivoip"}], self.customer, "PayPal"
			)
			self.assertEqual([r.step for r in order.steps], STEPS_SIGNED)
			pay(order.name)
			filing = frappe.get_doc(filings.FILING, {"service_order": order.name})
			self.assertEqual(
				(filing.filing_key, filing.status), (f"{self.customer}::calea::SSI2027", "Awaiting Intake")
			)

			# refused: the law enforcement contact must be reachable around the clock; nothing written
			errors = filings.submit_intake(order.name, {**CALEA_ANSWERS, "calea_contact_24x7": False})
			self.assertEqual(list(errors), ["calea_contact_24x7"])
			self.assertIn("24 hours a day, 7 days a week", errors["calea_contact_24x7"])
			self.assertEqual(frappe.db.get_value(filings.FILING, filing.name, "status"), "Awaiting Intake")
			self.assertEqual(filings.submit_intake(order.name, CALEA_ANSWERS), {})
			frappe.db.commit()  # nosemgrep
			engine.advance(order.name)

			filing.reload()
			self.assertEqual(filing.status, "Awaiting Signature")
			text = pdf_text(filing.document)
			for expected in (
				"System Security and Integrity Policies and Procedures",
				CALEA_ANSWERS["legal_name"],
				"Interconnected VoIP",
				"the SSI plan of 2027",
				"Vera Officer, Chief Executive Officer",
				"appointed Sam Senior, VP Network Operations, as the senior officer or employee responsible",
				"appropriate legal authorization and appropriate carrier authorization",
				"affirmative intervention of an individual officer or employee",
				"single certification",
				"kept for 3 years",
				"any act of unlawful electronic surveillance",
				"ATIS-1000678",
				"Intercept Partners Inc., a trusted third party",
				"Appendix: CALEA contacts",
				"Runs the network operations center",
				"answered 24 hours a day, 7 days a week): +1 775 555 0199",
			):
				self.assertIn(expected, text)
			self.assertNotIn("1.20003", text)  # the citations are the template's metadata
			self.assertIn(
				"1.20003(b)(4)",
				frappe.db.get_value("Document Template", "CALEA SSI Plan (Interconnected VoIP)", "rules"),
			)

			request = frappe.get_doc("eSign Request", filing.esign_request)
			self.assertEqual(
				(request.signer_name, request.signer_email), ("Vera Officer", CALEA_ANSWERS["officer_email"])
			)
			sign(self, filing.name, "Vera Officer")
			description = task_text(order.name)
			for expected in (
				"CEFS",
				"1.20005(c)",
				"https://www.fcc.gov/cefs",
				"24/7 CALEA point of contact: NOC on duty",
			):
				self.assertIn(expected, description)
			file_with_evidence(self, filing.name, "CEFS-2027-000123")

			self.assertEqual(frappe.db.get_value("Carrier Profile", self.customer, "calea_applicable"), "Yes")
			summary = frappe.db.get_value(
				"Order Document", {"service_order": order.name, "title": ("like", "%intake summary%")}, "name"
			)
			summary_text = pdf_text(summary)
			self.assertIn("Senior officer or employee responsible for CALEA (full name)", summary_text)
			self.assertIn("Sam Senior", summary_text)
			binder = frappe.db.get_value(
				"Order Document", {"service_order": order.name, "kind": "Binder"}, "page_count"
			)
			self.assertGreaterEqual(binder, 6)  # cover, contents, signed plan and appendix, summary, receipt
			self.deliver(order.name)

	def test_ocn_registration_staff_task_holds_every_value_and_the_profile_learns_the_ocn(self):
		customer = new_customer(f"Ocn Test {RUN}", f"ocn-{RUN}@example.com")
		verify(customer)
		frappe.db.commit()  # nosemgrep
		order = orders.place_order([{"service": "ocn-registration"}], customer, "PayPal")
		self.assertEqual([r.step for r in order.steps], STEPS_PLAIN)
		pay(order.name)
		answers = {
			"legal_name": f"Ocn Test {RUN} Inc",
			"address": "7 Switch St, Las Vegas, NV 89101",
			"ocn_category": "IPES - Internet Protocol enabled services",
			"operating_state": "Nevada",
			"contact_name": "Olly",
			"contact_email": f"olly-{RUN}@example.com",
			"contact_phone": "+1 702 555 0100",
		}
		self.assertEqual(
			filings.submit_intake(order.name, answers),
			{"operating_state": "Enter the state's two-letter code, e.g. NV."},
		)
		self.assertEqual(filings.submit_intake(order.name, {**answers, "operating_state": "NV"}), {})
		frappe.db.commit()  # nosemgrep
		engine.advance(order.name)
		filing = frappe.get_doc(filings.FILING, {"service_order": order.name})
		self.assertEqual(filing.filing_key, f"{customer}::ocn::registration")
		description = task_text(order.name)
		for expected in (
			"https://www.neca.org/business-solutions/company-codes",
			f"Legal name: Ocn Test {RUN} Inc",
			"Category: IPES - Internet Protocol enabled services",
			"Operating state: NV",
			f"Contact: Olly, olly-{RUN}@example.com, +1 702 555 0100",
		):
			self.assertIn(expected, description)
		file_with_evidence(self, filing.name, "9z1a", wrong="OCN-12345")
		self.assertEqual(frappe.db.get_value("Carrier Profile", customer, "ocn"), "9Z1A")
		self.deliver(order.name)


class TestBDCFiling(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		fiscal_year(2027)  # the orders of the frozen day (2027-02-10) are invoiced in it
		cls.email = f"bdc-{RUN}@example.com"
		cls.customer = ensure_portal_customer(f"Bdc Test {RUN}", cls.email, "Bea")
		verify(cls.customer)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the engine commits

	def upload(self, key: str, content: str) -> str:
		return (
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"{key}-{RUN}.csv",
					"is_private": 1,
					"content": content.encode(),
				}
			)
			.insert(ignore_permissions=True)
			.file_url
		)

	def test_bdc_files_are_checked_and_filed_with_evidence(self):
		with on_day(self):
			frappe.get_doc(
				{"doctype": "Carrier Profile", "customer": self.customer, "bdc_broadband": 1, "bdc_voice": 1,
					"broadband_provider": 1, "frn": "0035550001"}
			).insert(ignore_permissions=True)  # fmt: skip
			entry = frappe.db.get_value(
				entries.ENTRY, {"carrier_profile": self.customer, "obligation": "bdc", "period": "2026-12-31"}
			)
			self.assertTrue(entry, "the calendar has the BDC entry of December 31 data")
			order = orders.place_order([{"service": "bdc-filing"}], self.customer, "PayPal")
			pay(order.name)
			filing = frappe.get_doc(filings.FILING, {"service_order": order.name})
			self.assertEqual((filing.period, filing.compliance_entry), ("2026-12-31", entry))
			base = {
				"legal_name": f"Bdc Test {RUN} LLC",
				"officer_name": "Bea Boss",
				"officer_title": "President",
				"officer_email": f"bea-{RUN}@example.com",
			}
			someone_elses = self.upload(
				"staff-only", BDC_HEADERS["availability_file"] + f",Other,{RUN},0,1,1,0,X\n"
			)
			with self.set_user(self.email):
				from pw_compliance.www import filing_intake

				context = frappe._dict()
				frappe.form_dict.order = order.name
				filing_intake.get_context(context)  # the portal form: an upload field per file, CSV only
				frappe.form_dict.order = None
				field = {f["key"]: f for f in context.fields}["voice_subscription_file"]
				self.assertEqual((field["type"], field["accept"]), ("file", ".csv"))
				files = {key: self.upload(key, content) for key, content in BDC_HEADERS.items()}
				self.assertEqual(
					filings.submit_intake(order.name, {**base, **files, "availability_file": someone_elses}),
					{"availability_file": "Upload the file again: we cannot find it on your account."},
				)
				wrong = self.upload("voice-bad", "tract,lines\n32031001101,40\n")
				errors = filings.submit_intake(
					order.name, {**base, **files, "voice_subscription_file": wrong}
				)
				self.assertEqual(
					errors,
					{"voice_subscription_file": "The header row lacks: service_type, total_lines_or_subscriptions, "
						"consumer_lines_or_subscriptions."},
				)  # fmt: skip
				self.assertEqual(
					filings.submit_intake(order.name, {**base, **files, "availability_file": "/files/x.pdf"}),
					{"availability_file": "Upload a .csv file."},
				)
				self.assertEqual(filings.submit_intake(order.name, {**base, **files}), {})
			frappe.db.commit()  # nosemgrep
			engine.advance(order.name)
			description = task_text(order.name)
			for expected in ("https://bdc.fcc.gov", "Data as of: 2026-12-31", "FRN: 0035550001",
				"Certifying official: Bea Boss, President", "Upload: Fixed voice subscription: http"):  # fmt: skip
				self.assertIn(expected, description)
			self.assertIn(files["voice_subscription_file"], description)
			file_with_evidence(self, filing.name, "BDC-2027-77")
			done = frappe.get_doc(entries.ENTRY, entry)
			self.assertEqual((done.status, done.confirmation_number), ("Completed", "BDC-2027-77"))
			self.assertEqual(frappe.db.get_value(entries.ENTRY, done.next_entry, "period"), "2027-06-30")
			# the public check says we filed, and when, never the confirmation; the portal calendar shows it
			from pw_compliance.pw_fcc import lookup
			from pw_compliance.www.compliance_calendar import FIELDS, present, status_words

			checked = lookup.run("0035550001", frappe.utils.getdate("2027-02-10"))
			area = {a["area"]: a for a in checked["areas"]}
			self.assertEqual(area["bdc"]["filed_by_us"], "Filed on February 10, 2027 (Performance West)")
			self.assertIsNone(area["cpni"]["filed_by_us"])
			self.assertNotIn("BDC-2027-77", json.dumps(lookup.public(checked), default=str))
			shown = present(frappe.get_all(entries.ENTRY, {"name": entry}, FIELDS)[0], status_words())
			self.assertEqual(shown["filed"], "Filed on February 10, 2027, confirmation BDC-2027-77")
			self.assertEqual(
				json.loads(frappe.db.get_value(filings.FILING, filing.name, "intake"))["frn"], "0035550001"
			)
			orders.approve(order.name)
			self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Delivered")

	def test_full_compliance_from_placement_to_delivered(self):
		"""The bundle asks everything its five filings need in one form, then each member is signed where
		it must be and filed by staff with evidence; the calendar and the profile learn every one."""
		from pw_compliance.tests.test_fcc_filings import ANSWERS
		from pw_compliance.tests.test_form499 import QUARTER, REVENUE

		with on_day(self):
			customer = new_customer(f"Full Test {RUN}", f"full-{RUN}@example.com")
			verify(customer)
			frappe.get_doc(
				{"doctype": "Carrier Profile", "customer": customer, "interconnected_voip": 1}
			).insert(ignore_permissions=True)
			frappe.db.commit()  # nosemgrep
			order = orders.place_order([{"service": "fcc-full-compliance"}], customer, "PayPal")
			pay(order.name)
			by_service = {f.service: f.name for f in filings.open_filings(order.name)}
			self.assertEqual(
				set(by_service),
				{"fcc-499a-499q", "cpni-certification", "rmd-filing", "calea-ssi", "bdc-filing"},
			)
			declaration, _known = filings.form_for(order.name)
			keys = declaration.keys
			self.assertEqual(len(keys), len(set(keys)))  # each fact asked once
			for key in ("complaints_online_access", "stir_shaken", "calea_contact_24x7", "availability_file",
				"voice_subscription_file", "officer_email", "frn", "q_interstate"):  # fmt: skip
				self.assertIn(key, keys)
			errors = filings.submit_intake(order.name, {"frn": "123", "availability_file": "/files/a.txt"})
			self.assertEqual(errors["frn"], "Enter exactly 10 digits.")
			self.assertEqual(errors["availability_file"], "Upload a .csv file.")
			self.assertEqual(errors["calea_officer_name"], "This is required.")
			self.assertEqual(len(filings.open_filings(order.name)), 5)  # nothing written

			answers = {
				**CALEA_ANSWERS,
				**ANSWERS,
				**REVENUE,
				**QUARTER,
				**{key: self.upload(key, content) for key, content in BDC_HEADERS.items()},
				"legal_name": f"Full Test {RUN} LLC",
				"frn": "0035550077",
				"filer_499_id": "834777",
				"provider_role": "Voice service provider",
				"stir_shaken": "Complete STIR/SHAKEN implementation",
				"mitigation_steps": "Call analytics and blocking of numbers on the DNO list.",
				"kyc_procedures": "Identity and business checks for every new account.",
				"contact_name": "Fay Contact",
				"contact_email": f"fay-{RUN}@example.com",
				"contact_phone": "+1 775 555 0177",
			}
			self.assertEqual(filings.submit_intake(order.name, answers), {})
			frappe.db.commit()  # nosemgrep
			engine.advance(order.name)
			self.assertEqual(filings.open_filings(order.name), [])

			confirmations = {
				"fcc-499a-499q": "EFILE-Q-2027-77",
				"cpni-certification": "1020377777777",
				"rmd-filing": "RMD0077777",
				"calea-ssi": "CEFS-2027-000778",
				"bdc-filing": "BDC-2027-78",
			}
			for service, name in by_service.items():  # the order's tracks, in turn
				filing = frappe.get_doc(filings.FILING, name)
				if service == "bdc-filing":  # its certifying official certifies in the BDC system
					self.assertFalse(filing.esign_request)
				else:
					self.assertIn("Olga Officer", pdf_text(filing.document))
					self.assertEqual(
						frappe.db.get_value("eSign Request", filing.esign_request, "signer_email"),
						ANSWERS["officer_email"],
					)
					sign(self, name, "Olga Officer")
				file_with_evidence(self, name, confirmations[service])

			# the calendar: each dated obligation completed with its evidence (the SSI plan has no date), the
			# BDC entry too, though the profile learned the BDC obligation from this very filing
			for service, name in by_service.items():
				filing = frappe.db.get_value(filings.FILING, name, ["obligation", "period"], as_dict=True)
				entry = frappe.db.get_value(
					entries.ENTRY,
					{"carrier_profile": customer, "obligation": filing.obligation, "period": filing.period},
					["status", "confirmation_number", "fcc_filing", "sales_invoice"],
					as_dict=True,
				)
				if service == "calea-ssi":
					self.assertIsNone(entry)
					continue
				self.assertEqual(
					(entry.status, entry.confirmation_number, entry.fcc_filing),
					("Completed", confirmations[service], name),
					service,
				)
				self.assertIn(entry.sales_invoice, (None, "", order.sales_invoice))  # never invoiced again
			profile = frappe.get_doc("Carrier Profile", customer)
			self.assertEqual(
				(profile.frn, profile.filer_499_id, profile.rmd_status, profile.calea_applicable,
					profile.bdc_voice),
				("0035550077", "834777", "Filed", "Yes", 1),
			)  # fmt: skip
			self.assertEqual(
				{r.fcc_filing for r in profile.get("filings") or [] if r.status == "Filed"},
				set(by_service.values()),
			)
			orders.approve(order.name)
			self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Delivered")
