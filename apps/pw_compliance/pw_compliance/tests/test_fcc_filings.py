"""FCC filings end to end on a site: a CPNI certification order from placement to Delivered (intake with a
refused submission, documents rendered and checked, the officer's signature, staff filing that cannot
be closed without evidence, the calendar and profile updated), and a paid calendar renewal run through
the same handler."""

import io
import json
from contextlib import contextmanager
from urllib.parse import parse_qs, urlparse

import frappe
from frappe.tests.utils import FrappeTestCase
from performancewest_erpnext.pw_documents import esign, storage
from performancewest_erpnext.pw_orders import engine, orders
from performancewest_erpnext.pw_orders.customers import ensure_portal_customer, new_customer
from performancewest_erpnext.pw_orders.demo import pay, verify
from pw_test_support.clock import frozen

from pw_compliance.calendar import entries
from pw_compliance.fulfilment import filings
from pw_compliance.fulfilment.filings import EvidenceMissing

RUN = frappe.generate_hash(length=6).lower()
TODAY = "2027-02-10 10:00:00"  # the CPNI window: CY2026 is due March 1, 2027
OFFICER = {
	"officer_name": "Olga Officer",
	"officer_title": "President",
	"officer_email": f"olga-{RUN}@example.com",
}
ANSWERS = {
	"legal_name": f"Filing Test {RUN} LLC",
	"frn": "0031234567",
	"address": "1 Main St, Reno, NV 89501",
	**OFFICER,
	"complaints_employee_access": "2",
	"complaints_improper_disclosure": "0",
	"complaints_online_access": "1",
	"data_broker_actions": "No",
}


@contextmanager
def on_day(case: FrappeTestCase, when: str = TODAY):
	"""The site's clock at `when`. Frappe keeps a template of each new document with the date it was first
	made (posting date ...), so the templates are dropped on the way in and out."""
	with frozen(when):
		yield


def pdf_text(order_document: str) -> str:
	from pypdf import PdfReader

	doc = frappe.get_doc("Order Document", order_document)
	reader = PdfReader(io.BytesIO(storage.read(doc.storage, doc.file_key)))
	return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def sign(case: FrappeTestCase, filing_name: str, signer: str) -> None:
	filing = frappe.get_doc(filings.FILING, filing_name)
	token = parse_qs(urlparse(esign.link_for(filing.esign_request)).query)["token"][0]
	with case.set_user("Guest"):
		esign.sign(token, True, "Typed", typed_name=signer, ip="203.0.113.7")
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the engine commits
	engine.advance(filing.service_order)


def file_with_evidence(case: FrappeTestCase, filing_name: str, confirmation: str, wrong: str = "") -> None:
	"""Staff close the task without evidence (refused), try a malformed confirmation when given (refused),
	then record the confirmation and the receipt; the task closes itself and the order goes on."""
	filing = frappe.get_doc(filings.FILING, filing_name)
	case.assertEqual(filing.status, "Ready to File")
	row = next(
		r for r in frappe.get_doc("Service Order", filing.service_order).steps
		if r.step == "file" and r.track == filing.track
	)  # fmt: skip
	todo = frappe.get_doc("ToDo", row.todo)
	todo.status = "Closed"
	case.assertRaises(EvidenceMissing, todo.save, ignore_permissions=True)
	receipt = frappe.get_doc(
		{"doctype": "File", "file_name": f"receipt-{filing.obligation}-{RUN}.pdf", "is_private": 1,
			"content": a_pdf(), "attached_to_doctype": filings.FILING, "attached_to_name": filing.name}
	).insert(ignore_permissions=True)  # fmt: skip
	filing.receipt = receipt.file_url
	if wrong:
		filing.confirmation_number = wrong
		case.assertRaises(EvidenceMissing, filing.save, ignore_permissions=True)
		filing.reload()
		filing.receipt = receipt.file_url
	filing.confirmation_number = confirmation
	filing.save(ignore_permissions=True)
	frappe.db.commit()  # nosemgrep
	engine.advance(filing.service_order)
	case.assertEqual(frappe.db.get_value(filings.FILING, filing_name, "status"), "Filed")
	case.assertEqual(frappe.db.get_value("ToDo", todo.name, "status"), "Closed")


def a_pdf() -> bytes:
	from pypdf import PdfWriter

	writer = PdfWriter()
	writer.add_blank_page(width=200, height=200)
	out = io.BytesIO()
	writer.write(out)
	return out.getvalue()


class TestFCCFilings(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.customer = new_customer(f"Filing Test {RUN}", f"filing-{RUN}@example.com")
		verify(cls.customer)
		frappe.db.commit()  # nosemgrep: the engine commits

	def make_profile(self) -> str:
		if not frappe.db.exists("Carrier Profile", self.customer):
			frappe.get_doc(
				{"doctype": "Carrier Profile", "customer": self.customer, "interconnected_voip": 1}
			).insert(ignore_permissions=True)
		return self.customer

	def filing_of(self, order: str) -> frappe.model.document.Document:
		return frappe.get_doc(filings.FILING, {"service_order": order})

	def sign_and_file(self, order: str, confirmation: str) -> frappe.model.document.Document:
		"""The officer signs the document; staff try to close the task without evidence (refused), then
		record the confirmation and the receipt."""
		filing = self.filing_of(order)
		request = frappe.get_doc("eSign Request", filing.esign_request)
		self.assertEqual(request.signer_email, OFFICER["officer_email"])
		self.assertEqual(request.signer_name, OFFICER["officer_name"])
		token = parse_qs(urlparse(esign.link_for(request.name)).query)["token"][0]
		with self.set_user("Guest"):
			esign.sign(token, True, "Typed", typed_name=OFFICER["officer_name"], ip="203.0.113.9")
		frappe.db.commit()  # nosemgrep
		filing.reload()
		self.assertEqual(filing.status, "Ready to File")
		self.assertTrue(filing.signed_document)
		step = frappe.get_doc("Service Order", order).steps
		task = next(r for r in step if r.step == "file" and r.track == filing.track)
		self.assertEqual(task.status, "Waiting")
		todo = frappe.get_doc("ToDo", task.todo)
		# closing the task without evidence is refused, and so is a confirmation without the receipt
		todo.status = "Closed"
		self.assertRaises(EvidenceMissing, todo.save, ignore_permissions=True)
		filing.confirmation_number = confirmation
		filing.save(ignore_permissions=True)
		self.assertEqual(filing.status, "Ready to File")
		todo.reload()
		todo.status = "Closed"
		self.assertRaises(EvidenceMissing, todo.save, ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("ToDo", todo.name, "status"), "Open")
		receipt = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"receipt-{RUN}.pdf",
				"is_private": 1,
				"content": a_pdf(),
				"attached_to_doctype": filings.FILING,
				"attached_to_name": filing.name,
			}
		).insert(ignore_permissions=True)
		filing.reload()
		filing.receipt = receipt.file_url
		filing.save(ignore_permissions=True)  # filed: the task closes itself and the order goes on
		frappe.db.commit()  # nosemgrep
		engine.advance(order)
		filing.reload()
		self.assertEqual(filing.status, "Filed")
		self.assertEqual(frappe.db.get_value("ToDo", todo.name, "status"), "Closed")
		return filing

	def test_cpni_order_from_placement_to_delivered(self):
		with on_day(self):
			profile = self.make_profile()
			entry = frappe.get_value(
				entries.ENTRY, {"carrier_profile": profile, "obligation": "cpni", "period": "CY2026"}
			)
			self.assertTrue(entry, "the calendar has the CPNI entry of CY2026")
			order = orders.place_order(
				[{"service": "cpni-certification", "variant": "ivoip"}], self.customer, "PayPal"
			)
			self.assertEqual(
				[r.step for r in order.steps],
				["open_filing", "intake", "prepare", "ask_signature", "signed", "file", "record"],
			)
			pay(order.name)
			order.reload()
			self.assertEqual((order.status, order.waiting_on), ("Waiting", "Customer"))
			filing = self.filing_of(order.name)
			self.assertEqual(filing.filing_key, f"{profile}::cpni::CY2026")
			self.assertEqual((filing.status, filing.compliance_entry), ("Awaiting Intake", entry))
			self.assertEqual(order.tracks[0].filing, filing.name)
			self.assertEqual(frappe.db.get_value(entries.ENTRY, entry, "fcc_filing"), filing.name)
			self.assertIn("officer_email", filing.intake_missing.replace("Officer's e-mail", "officer_email"))

			# a second filing for the same carrier, obligation and period is refused by the database
			duplicate = frappe.copy_doc(filing)
			duplicate.service_order = None
			self.assertRaises(frappe.UniqueValidationError, duplicate.insert, ignore_permissions=True)

			# one submission refused with a field error, nothing written
			errors = filings.submit_intake(order.name, {**ANSWERS, "officer_email": "olga at example"})
			self.assertEqual(list(errors), ["officer_email"])
			self.assertIn("e-mail address", errors["officer_email"])
			self.assertEqual(frappe.db.get_value(filings.FILING, filing.name, "status"), "Awaiting Intake")
			self.assertEqual(filings.submit_intake(order.name, ANSWERS), {})
			frappe.db.commit()  # nosemgrep
			engine.advance(order.name)
			order.reload()
			self.assertEqual((order.status, order.waiting_on), ("Waiting", "Customer"))
			self.assertEqual(order.hold_reason, "Waiting: Officer signs")

			filing.reload()
			self.assertEqual(filing.status, "Awaiting Signature")
			text = pdf_text(filing.document)
			for expected in (
				ANSWERS["legal_name"],
				"Olga Officer",
				"President",
				"calendar year 2026",
				"Interconnected VoIP",
				"EB Docket No. 06-36",
				"personal knowledge that the company has established operating procedures",
				"Accompanying Statement",
				"training, recordkeeping and supervisory review",
				"no actions against data brokers",
				"received 3 customer complaints",
				"2 about improper access by employees",
			):
				self.assertIn(expected, text)
			self.assertNotIn("64.2009", text)  # the citations are the template's metadata
			template = frappe.get_doc("Document Template", "CPNI Certification (Interconnected VoIP)")
			self.assertIn("64.2009(e)", template.rules)
			self.assertEqual(
				frappe.db.get_value("Order Document", filing.document, "template"), template.name
			)

			filing = self.sign_and_file(order.name, "1020312345678")
			order.reload()
			self.assertEqual(order.status, "Review")
			self.assertTrue(filing.recorded_on)
			done = frappe.get_doc(entries.ENTRY, entry)
			self.assertEqual(
				(done.status, done.confirmation_number, done.evidence),
				("Completed", "1020312345678", filing.receipt),
			)
			self.assertTrue(done.next_entry)
			# the portal calendar says so from our own records
			from pw_compliance.www.compliance_calendar import FIELDS, present, status_words

			shown = present(frappe.get_all(entries.ENTRY, {"name": entry}, FIELDS)[0], status_words())
			self.assertEqual(shown["filed"], "Filed on February 10, 2027, confirmation 1020312345678")
			self.assertEqual(frappe.db.get_value(entries.ENTRY, done.next_entry, "period"), "CY2027")
			self.assertEqual(frappe.db.get_value("Carrier Profile", profile, "frn"), "0031234567")
			row = frappe.db.get_value(
				"Carrier Profile Filing",
				{"parent": profile, "fcc_filing": filing.name},
				["status", "confirmation_number"],
				as_dict=True,
			)
			self.assertEqual((row.status, row.confirmation_number), ("Filed", "1020312345678"))
			binder = frappe.db.get_value(
				"Order Document", {"service_order": order.name, "kind": "Binder"}, "page_count"
			)
			self.assertGreaterEqual(binder, 4)  # cover, contents, signed certificate, receipt
			self.assertTrue(
				frappe.db.exists(
					"Email Queue",
					{"reference_name": order.name, "message": ("like", "%Confirmation: 1020312345678%")},
				)
			)
			orders.approve(order.name)
			self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Delivered")

			# the paid renewal of the next period runs the same handler
			self.renewal(done.next_entry)

	def renewal(self, entry_name: str) -> None:
		from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

		frappe.db.set_value(
			entries.ENTRY, entry_name, "price", 149
		)  # the catalog price, whatever the site has
		invoice = entries.create_invoice(entry_name)
		frappe.db.set_value(entries.ENTRY, entry_name, "status", "Invoice Sent")
		payment = get_payment_entry("Sales Invoice", invoice)
		payment.update({"reference_no": f"RENEW-{RUN}", "reference_date": frappe.utils.today()})
		payment.insert(ignore_permissions=True)
		payment.submit()  # the calendar marks the entry paid and starts its filing
		frappe.db.commit()  # nosemgrep
		entry = frappe.get_doc(entries.ENTRY, entry_name)
		self.assertEqual(entry.status, "Filing")
		self.assertFalse(entry.todo)  # no hand-made task: the handler fulfils it
		filing = frappe.get_doc(filings.FILING, entry.fcc_filing)
		self.assertEqual(
			(filing.period, filing.variant, filing.compliance_entry), ("CY2027", "ivoip", entry.name)
		)
		order = frappe.get_doc("Service Order", filing.service_order)
		self.assertEqual((order.sales_invoice, order.tracks[0].period), (invoice, "CY2027"))
		self.assertEqual(
			[r.step for r in order.steps],
			["open_filing", "intake", "prepare", "ask_signature", "signed", "file", "record"],
		)
		# the officer and the company come from the earlier filing; the year's complaints are asked
		answers = json.loads(filing.intake)
		self.assertEqual(answers["officer_name"], "Olga Officer")
		self.assertEqual(answers["frn"], "0031234567")
		self.assertNotIn("complaints_employee_access", answers)
		errors = filings.submit_intake(order.name, {"complaints_employee_access": "-1"})
		self.assertEqual(
			set(errors),
			{"complaints_employee_access", "complaints_improper_disclosure", "complaints_online_access",
				"data_broker_actions"},
		)  # fmt: skip
		self.assertEqual(
			filings.submit_intake(
				order.name,
				{
					"complaints_employee_access": "0",
					"complaints_improper_disclosure": "0",
					"complaints_online_access": "0",
					"data_broker_actions": "No",
				},
			),
			{},
		)
		frappe.db.commit()  # nosemgrep
		engine.advance(order.name)
		self.assertIn(
			"calendar year 2027", pdf_text(frappe.db.get_value(filings.FILING, filing.name, "document"))
		)
		self.sign_and_file(order.name, "1020412345678")
		entry.reload()
		self.assertEqual((entry.status, entry.confirmation_number), ("Completed", "1020412345678"))
		self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Review")
		# the calendar sweep passes the entry by: one filing, one order
		self.assertEqual(entries.open_filing_task(entry.name), filing.name)
		self.assertEqual(
			frappe.db.count(filings.FILING, {"carrier_profile": entry.carrier_profile, "period": "CY2027"}), 1
		)


class TestNewCarrierBundle(FrappeTestCase):
	"""CORES → DC agent → initial 499 → RMD → CPNI → CALEA: one form for the FCC filings, each member using
	what the previous one produced (the FRN from CORES, the 499 Filer ID from the initial 499)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.customer = new_customer(f"Bundle Test {RUN}", f"bundle-{RUN}@example.com")
		verify(cls.customer)
		frappe.db.commit()  # nosemgrep: the engine commits

	def close_plain_tasks(self, order: str) -> list[str]:
		"""Staff close the order's open tasks of services without a filing handler."""
		closed = []
		for row in frappe.get_doc("Service Order", order).steps:
			if row.status == "Waiting" and row.todo and row.step != "file":
				todo = frappe.get_doc("ToDo", row.todo)
				todo.status = "Closed"
				todo.save(ignore_permissions=True)
				closed.append(row.service)
		frappe.db.commit()  # nosemgrep
		engine.advance(order)
		return closed

	def file(self, filing_name: str, confirmation: str) -> None:
		filing = frappe.get_doc(filings.FILING, filing_name)
		if filing.esign_request:
			token = parse_qs(urlparse(esign.link_for(filing.esign_request)).query)["token"][0]
			with self.set_user("Guest"):
				esign.sign(token, True, "Typed", typed_name=OFFICER["officer_name"])
			frappe.db.commit()  # nosemgrep
			engine.advance(filing.service_order)
			filing.reload()
		self.assertEqual(filing.status, "Ready to File")
		receipt = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"receipt-{filing.obligation}-{RUN}.pdf",
				"is_private": 1,
				"content": a_pdf(),
			}
		).insert(ignore_permissions=True)
		filing.confirmation_number = confirmation
		filing.receipt = receipt.file_url
		filing.save(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep
		engine.advance(filing.service_order)
		self.assertEqual(frappe.db.get_value(filings.FILING, filing_name, "status"), "Filed")

	def test_bundle_asks_once_and_carries_the_frn_from_cores_to_rmd_and_cpni(self):
		from pw_compliance.tests.test_carrier_filings import CALEA_ANSWERS

		with on_day(self):
			frappe.get_doc(
				{"doctype": "Carrier Profile", "customer": self.customer, "interconnected_voip": 1}
			).insert(ignore_permissions=True)
			order = orders.place_order([{"service": "new-carrier-bundle"}], self.customer, "PayPal")
			pay(order.name)
			by_service = dict(
				frappe.get_all(
					filings.FILING, {"service_order": order.name}, ["service", "name"], as_list=True
				)
			)
			self.assertEqual(
				set(by_service),
				{
					"cores-frn-registration",
					"fcc-499-initial",
					"rmd-filing",
					"cpni-certification",
					"calea-ssi",
				},
			)
			self.assertEqual(frappe.db.get_value(filings.FILING, by_service["rmd-filing"], "period"), "2027")
			declaration, _known = filings.form_for(order.name)
			keys = set(declaration.keys)
			self.assertTrue(
				{"ein", "stir_shaken", "complaints_online_access", "officer_email", "calea_contact_phone"}
				<= keys
			)
			self.assertNotIn("frn", keys)  # CORES produces it

			answers = {
				**CALEA_ANSWERS,
				**ANSWERS,
				"frn": "",
				"ein": "12-3456789",
				"entity_type": "Limited liability company",
				"contact_name": "Bo Contact",
				"contact_email": f"bo-{RUN}@example.com",
				"contact_phone": "+1 775 555 0100",
				"provider_role": "Voice service provider",
				"stir_shaken": "Complete STIR/SHAKEN implementation",
				"mitigation_steps": "Real-time call analytics and blocking of numbers on the DNO list.",
				"kyc_procedures": "Business registration and identity checks for every new account.",
				"comm_type": "Interconnected VoIP",
				"service_start": "2027-03-01",
				"dc_agent": "Northwest Registered Agent, Washington, DC",
			}
			self.assertEqual(
				filings.submit_intake(order.name, {**answers, "ein": "12345"}),
				{"ein": "Enter exactly 9 digits."},
			)
			self.assertEqual(filings.submit_intake(order.name, answers), {})
			frappe.db.commit()  # nosemgrep
			engine.advance(order.name)
			self.assertEqual(filings.open_filings(order.name), [])

			# CORES: the confirmation must be the new FRN
			cores = frappe.get_doc(filings.FILING, by_service["cores-frn-registration"])
			self.assertEqual(cores.status, "Ready to File")
			todo = next(r for r in frappe.get_doc("Service Order", order.name).steps if r.step == "file").todo
			description = frappe.db.get_value("ToDo", todo, "description")
			self.assertIn("EIN: 123456789", description)
			self.assertIn("https://apps.fcc.gov/cores/", description)
			cores.confirmation_number = "CORES-OK"
			cores.receipt = "/private/files/nothing.pdf"
			self.assertRaises(EvidenceMissing, cores.save, ignore_permissions=True)
			self.file(cores.name, "0039876543")
			self.assertEqual(frappe.db.get_value("Carrier Profile", self.customer, "frn"), "0039876543")

			self.assertEqual(self.close_plain_tasks(order.name), ["dc-agent"])
			self.file(by_service["fcc-499-initial"], "812345")  # the initial 499 gives the Filer ID
			self.assertEqual(frappe.db.get_value("Carrier Profile", self.customer, "filer_499_id"), "812345")
			rmd = frappe.get_doc(filings.FILING, by_service["rmd-filing"])
			self.assertEqual(json.loads(rmd.intake)["frn"], "0039876543")
			text = pdf_text(rmd.document)
			for expected in (
				"Robocall Mitigation Program",
				"FRN 0039876543",
				"Complete STIR/SHAKEN implementation",
				"DNO list",
				"Business registration and identity checks",
				"within 24 hours to every traceback request",
				"Olga Officer",
			):
				self.assertIn(expected, text)
			self.assertNotIn("64.6305", text)
			self.file(rmd.name, "RMD0012345")
			self.assertEqual(frappe.db.get_value("Carrier Profile", self.customer, "rmd_status"), "Filed")
			self.assertEqual(
				frappe.db.get_value(
					entries.ENTRY,
					{"carrier_profile": self.customer, "obligation": "rmd", "period": "2027"},
					["status", "confirmation_number"],
				),
				("Completed", "RMD0012345"),
			)
			cpni = frappe.get_doc(filings.FILING, by_service["cpni-certification"])
			self.assertIn("FRN 0039876543", pdf_text(cpni.document))
			self.file(cpni.name, "1020399999999")
			# CALEA last: its SSI plan names the FRN CORES produced, signed by the same officer
			calea = frappe.get_doc(filings.FILING, by_service["calea-ssi"])
			text = pdf_text(calea.document)
			self.assertIn("FRN: 0039876543", text)
			self.assertIn("appointed Sam Senior", text)
			# the category comes from the carrier profile (a bundle's member has no variant)
			self.assertIn("Interconnected VoIP", text)
			self.file(calea.name, "CEFS-2027-000777")
			self.assertEqual(frappe.db.get_value("Carrier Profile", self.customer, "calea_applicable"), "Yes")
			self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Review")


class TestRecordingIsOnce(FrappeTestCase):
	"""A worker dying while the filing is recorded: the retry records it once (one next-period entry,
	one e-mail), and the portal form refuses another customer and reports bad answers field by field."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.customer = ensure_portal_customer(f"Cores Test {RUN}", f"cores-{RUN}@example.com", "Cy")
		verify(cls.customer)
		frappe.db.commit()  # nosemgrep: the engine commits

	def test_a_failed_recording_is_retried_once_and_the_portal_form(self):
		from unittest.mock import patch

		from pw_compliance.fulfilment import after, api
		from pw_compliance.www import filing_intake

		with on_day(self):
			order = orders.place_order([{"service": "cores-frn-registration"}], self.customer, "PayPal")
			pay(order.name)
			filing = self.filing_of(order.name)
			self.assertEqual(filing.filing_key, f"{self.customer}::cores::registration")

			stranger = new_customer(f"Stranger {RUN}", f"stranger-{RUN}@example.com")
			other = orders.place_order([{"service": "dc-agent"}], stranger, "PayPal")
			# the portal: the form of this order, rendered for its customer only, errors by field
			with self.set_user(f"cores-{RUN}@example.com"):
				context = frappe._dict()
				frappe.form_dict.order = order.name
				filing_intake.get_context(context)
				self.assertEqual(
					[f["key"] for f in context.fields],
					[
						"legal_name",
						"ein",
						"entity_type",
						"address",
						"contact_name",
						"contact_email",
						"contact_phone",
					],
				)
				self.assertEqual(context.fields[0]["value"], f"Cores Test {RUN}")  # prefilled
				result = api.submit_intake(order.name, json.dumps({"ein": "1", "contact_email": "x"}))
				self.assertEqual(frappe.local.response.pop("http_status_code", None), 422)
				self.assertEqual(
					set(result["errors"]),
					{"ein", "entity_type", "address", "contact_name", "contact_email", "contact_phone"},
				)
				self.assertRaises(frappe.DoesNotExistError, api.submit_intake, other.name, "{}")
				frappe.form_dict.order = other.name
				self.assertRaises(frappe.PageDoesNotExistError, filing_intake.get_context, frappe._dict())
				frappe.form_dict.order = None
				listing = frappe._dict()
				filing_intake.get_context(listing)
				self.assertEqual([o["name"] for o in listing.waiting], [order.name])
				card = filing_intake.dashboard_cards(self.customer)[0]
				self.assertEqual(card["items"][0]["route"], f"/portal/intake/{order.name}")
				self.assertEqual(
					api.submit_intake(
						order.name,
						{
							"ein": "987654321",
							"entity_type": "Corporation",
							"address": "2 Side St, Reno, NV",
							"contact_name": "Cy",
							"contact_email": f"cy-{RUN}@example.com",
							"contact_phone": "+1 775 555 0101",
						},
					),
					{"ok": True},
				)
			frappe.db.commit()  # nosemgrep
			engine.advance(order.name)

			calls = {"n": 0}
			original = after.tell_customer

			def dies_once(doc):
				calls["n"] += 1
				if calls["n"] == 1:
					raise RuntimeError("worker killed")
				return original(doc)

			filing.reload()
			receipt = frappe.get_doc(
				{"doctype": "File", "file_name": f"cores-{RUN}.pdf", "is_private": 1, "content": a_pdf()}
			).insert(ignore_permissions=True)
			filing.confirmation_number = "0041112223"
			filing.receipt = receipt.file_url
			with patch.object(after, "tell_customer", dies_once):
				filing.save(ignore_permissions=True)
				frappe.db.commit()  # nosemgrep
				engine.advance(order.name)
				row = next(r for r in frappe.get_doc("Service Order", order.name).steps if r.step == "record")
				self.assertEqual((row.status, row.attempts), ("Pending", 1))
				self.assertFalse(frappe.db.get_value(filings.FILING, filing.name, "recorded_on"))
				frappe.db.set_value("Service Order Step", row.name, "retry_at", "2027-02-10 00:00:00")
				frappe.db.commit()  # nosemgrep
				engine.advance(order.name)
			row = next(r for r in frappe.get_doc("Service Order", order.name).steps if r.step == "record")
			self.assertEqual((row.status, row.attempts), ("Done", 2))
			self.assertEqual(frappe.db.get_value("Carrier Profile", self.customer, "frn"), "0041112223")
			self.assertEqual(
				frappe.db.count(
					"Email Queue",
					{"reference_name": order.name, "message": ("like", "%Confirmation: 0041112223%")},
				),
				1,
			)
			self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Review")
			self.assertEqual(filing_intake.dashboard_cards(self.customer), [])

	def filing_of(self, order: str):
		return frappe.get_doc(filings.FILING, {"service_order": order})


class TestDemoAndOldPlans(FrappeTestCase):
	def test_demo_cores_order_is_filed_and_delivered(self):
		from pw_compliance.demo import file_demo_cores

		customer = new_customer(f"Demo Cores {RUN}", f"demo-cores-{RUN}@example.com")
		verify(customer)
		frappe.db.commit()  # nosemgrep
		order = orders.place_order([{"service": "cores-frn-registration"}], customer, "PayPal")
		pay(order.name)
		self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Waiting")
		file_demo_cores(customer)
		file_demo_cores(customer)  # once
		self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Delivered")
		filing = frappe.get_doc(filings.FILING, {"service_order": order.name})
		self.assertEqual((filing.status, filing.confirmation_number), ("Filed", "0012345678"))
		self.assertEqual(frappe.db.get_value("Carrier Profile", customer, "frn"), "0012345678")

	def test_an_order_planned_before_the_handler_keeps_its_staff_task(self):
		customer = new_customer(f"Old Plan {RUN}", f"old-plan-{RUN}@example.com")
		verify(customer)
		frappe.db.commit()  # nosemgrep
		order = orders.place_order([{"service": "rmd-filing"}], customer, "PayPal")
		# as the engine planned it when the RMD had no handler: one "fulfil" staff task
		frappe.db.delete("Service Order Step", {"parent": order.name, "step": ("!=", "open_filing")})
		frappe.db.set_value(
			"Service Order Step",
			{"parent": order.name},
			{"step": "fulfil", "kind": "Staff Task", "title": "Fulfil RMD"},
		)
		frappe.db.commit()  # nosemgrep
		pay(order.name)
		row = frappe.get_doc("Service Order", order.name).steps[0]
		self.assertEqual((row.step, row.status), ("fulfil", "Waiting"))
		todo = frappe.get_doc("ToDo", row.todo)
		todo.status = "Closed"
		todo.save(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep
		engine.advance(order.name)
		self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Review")


class TestStaffIntake(FrappeTestCase):
	def test_staff_fill_the_intake_in_the_desk_and_the_order_goes_on(self):
		customer = new_customer(f"Desk Intake {RUN}", f"desk-intake-{RUN}@example.com")
		verify(customer)
		frappe.db.commit()  # nosemgrep
		order = orders.place_order([{"service": "cores-frn-registration"}], customer, "PayPal")
		pay(order.name)
		filing = frappe.get_doc(filings.FILING, {"service_order": order.name})
		answers = {
			**json.loads(filing.intake),
			"ein": "12-34",
			"entity_type": "Corporation",
			"address": "3 Desk Rd, Reno, NV",
			"contact_name": "Dee",
			"contact_email": f"dee-{RUN}@example.com",
			"contact_phone": "+1 775 555 0103",
		}
		filing.intake = json.dumps(answers)
		with self.assertRaises(frappe.ValidationError) as refused:
			filing.save()
		self.assertIn("Employer Identification Number (EIN): Enter exactly 9 digits.", str(refused.exception))
		filing.reload()
		filing.intake = json.dumps({**answers, "ein": "123456789", "contact_phone": ""})
		filing.save()  # a blank answer is kept as missing, not refused
		self.assertEqual((filing.status, filing.intake_missing), ("Awaiting Intake", "Contact phone"))
		filing.intake = json.dumps({**answers, "ein": "123456789"})
		filing.save()
		frappe.db.commit()  # nosemgrep
		engine.advance(order.name)
		order.reload()
		self.assertEqual(filing.status, "Ready to File")
		self.assertEqual((order.status, order.waiting_on), ("Waiting", "Staff"))
		self.assertEqual(order.hold_reason, "Waiting: File CORES registration (FRN) and record the evidence")

	def test_an_entry_with_its_own_open_invoice_is_left_to_staff(self):
		from pw_compliance.fulfilment import after

		customer = new_customer(f"Open Invoice {RUN}", f"open-invoice-{RUN}@example.com")
		frappe.get_doc({"doctype": "Carrier Profile", "customer": customer}).insert(ignore_permissions=True)
		entry = frappe.get_doc(
			{
				"doctype": entries.ENTRY,
				"carrier_profile": customer,
				"customer": customer,
				"obligation": "rmd",
				"title": "RMD",
				"period": "2027",
				"due_date": "2027-03-01",
				"status": "Invoice Sent",
				"billable": 1,
				"sales_invoice": None,
			}
		).insert(ignore_permissions=True)
		filing = frappe._dict(
			compliance_entry=entry.name, service_order="PWO-X", name="FIL-X", confirmation_number="RMD1"
		)
		after.complete_entry(filing)  # not completed, no error: the order's record step goes on
		self.assertEqual(frappe.db.get_value(entries.ENTRY, entry.name, "status"), "Invoice Sent")
		self.assertTrue(
			frappe.db.exists(
				"Comment",
				{
					"reference_name": entry.name,
					"content": ("like", "%Filed through PWO-X (FIL-X, confirmation RMD1)%"),
				},
			)
		)
