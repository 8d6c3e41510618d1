"""The renewals of what the CRTC pipeline provisioned (frappe_ca_registry.crtc.renewals) on a site: a Canadian
carrier's .ca domain renewal entry is invoiced by pw_compliance's calendar, paid, and renewed once through
Porkbun (the local fake of tests/fakes.py): a second run calls nobody, the entry is completed with Porkbun's
order id and next year's entry is made. The mailbox renewal, which Anytime Mailbox cannot take by API,
becomes a staff task saying what would be renewed and at what price, and is completed when staff record
the reference; with the live switch off, the number's renewal is such a task too."""

import frappe
from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from frappe.tests.utils import FrappeTestCase
from performancewest_erpnext.pw_orders.customers import new_customer
from pw_compliance.calendar import entries

from frappe_ca_registry.crtc import provisioning, renewals
from frappe_ca_registry.tests import fakes

RUN = frappe.generate_hash(length=6).lower()
SETTINGS = "CA Registry Settings"
ENTRY = "Compliance Entry"


class TestCaRenewals(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.server, cls.fake = fakes.start()
		base = f"http://127.0.0.1:{cls.server.server_address[1]}"
		conf = frappe.get_single(SETTINGS)
		cls.was_live = conf.live
		conf.update({"live": 1, "porkbun_api_url": f"{base}/porkbun", "porkbun_api_key": "pk1_test",
			"porkbun_secret_key": "sk1_test"})  # fmt: skip
		conf.save(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the renewal job commits its own work

	@classmethod
	def tearDownClass(cls):
		cls.server.shutdown()
		frappe.db.set_single_value(SETTINGS, "live", cls.was_live)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- settings restored for the next module
		super().tearDownClass()

	def carrier(self) -> tuple[str, object]:
		"""A Canadian carrier whose domain, number and mailbox were provisioned on 2026-04-02."""
		customer = new_customer(f"Maple Renewals {RUN}", f"maple-renewals-{RUN}@example.com")
		location = frappe.get_doc({"doctype": "AMB Location", "location_code": f"VAN-R-{RUN}",
			"location_name": "Vancouver Downtown", "address": "1055 W Georgia St, Vancouver BC V6E 3P3",
			"monthly_price": 20, "units": "Unit 101"}).insert(ignore_permissions=True)  # fmt: skip
		profile = frappe.get_doc({"doctype": "Carrier Profile", "customer": customer, "country": "CA",
			"status": "Active", "active_from": "2026-04-02", "formed_on": "2026-03-10"}).insert(ignore_permissions=True)  # fmt: skip
		reg = frappe.get_doc({"doctype": "CRTC Registration", "customer": customer, "carrier_profile": profile.name,
			"domain": f"maple{RUN}.ca", "did": "16045550177", "did_monthly_cost": 1.25,
			"mailbox_location": location.name, "mailbox_unit": "Unit 101",
			"provisioned_on": "2026-04-02"}).insert(ignore_permissions=True)  # fmt: skip
		entries.ensure_entries(profile.name, (2027,))
		self.fake.owned_domains.add(reg.domain)
		return profile.name, reg

	def invoice_and_pay(self, profile: str, obligation: str) -> str:
		"""The sweep's invoice for the entry, then the customer's payment (its hook hands the entry on)."""
		name = frappe.db.get_value(
			ENTRY, {"carrier_profile": profile, "obligation": obligation, "period": "2027"}
		)
		entry = frappe.get_doc(ENTRY, name)
		self.assertEqual((entry.billable, entry.service_slug), (1, obligation))
		self.assertEqual(entry.price, frappe.db.get_value("Catalog Service", obligation, "rate"))
		entries._set_status(name, "Due Soon")
		invoice = entries.create_invoice(name)
		payment = get_payment_entry("Sales Invoice", invoice)
		payment.update({"reference_no": f"RENEW-{RUN}-{obligation}", "reference_date": frappe.utils.today()})
		payment.insert(ignore_permissions=True)
		payment.submit()
		return name

	def test_paid_domain_renewed_once_mailbox_and_switched_off_number_left_to_staff(self):
		profile, reg = self.carrier()
		name = self.invoice_and_pay(profile, "ca-domain-renewal")

		# run again, as a second sweep would, and as a job retried after dying before the entry was
		# completed (the row of the period is Done): still one renewal
		entries.open_filing_task(name)
		frappe.db.set_value(ENTRY, name, {"status": "Filing", "confirmation_number": None})
		renewals.renew(name)
		self.assertEqual(self.fake.purchases[f"renewal:{reg.domain}"], 1)
		key = provisioning.purchase_key(reg, "Domain Renewal", reg.domain, "2027")
		row = frappe.get_doc(provisioning.ROW, key)
		self.assertEqual(
			(row.status, row.live, row.external_reference, row.compliance_entry), ("Done", 1, "9921", name)
		)
		self.assertEqual(frappe.db.count(provisioning.ROW, {"compliance_entry": name}), 1)
		self.assertEqual(
			frappe.db.count("Integration Request",
				{"reference_docname": name, "url": ("like", f"%/domain/renew/{reg.domain}")}), 1,
		)  # fmt: skip
		entry = frappe.get_doc(ENTRY, name)
		self.assertEqual((entry.status, entry.confirmation_number), ("Completed", "9921"))
		self.assertEqual(frappe.db.get_value(ENTRY, entry.next_entry, "period"), "2028")
		self.assertFalse(provisioning.pending(reg.name))  # the registration's own effects are not held back

		# the mailbox: no API, so a staff task with what would be renewed and the prices
		mailbox = self.invoice_and_pay(profile, "ca-mailbox-renewal")
		entry = frappe.get_doc(ENTRY, mailbox)
		self.assertEqual(entry.status, "Filing")
		task = frappe.db.get_value("ToDo", entry.todo, "description")
		for text in ("Anytime Mailbox has no API", "Unit 101", "Billed to the customer: 360", "240"):
			self.assertIn(text, task)
		row = frappe.get_doc(provisioning.ROW, {"compliance_entry": mailbox})
		row.status = "Done"
		self.assertRaises(frappe.ValidationError, row.save, ignore_permissions=True)  # no reference yet
		row.reload()
		row.update({"status": "Done", "external_reference": f"AMB-{RUN}"})
		row.save(ignore_permissions=True)
		entry.reload()
		self.assertEqual((entry.status, entry.confirmation_number), ("Completed", f"AMB-{RUN}"))
		self.assertEqual(frappe.db.get_value("ToDo", entry.todo, "status"), "Closed")

		# the live switch off: nothing is asked of Flowroute, a task says what would be renewed and the prices
		frappe.db.set_single_value(SETTINGS, "live", 0)
		number = self.invoice_and_pay(profile, "ca-did-renewal")
		row = frappe.get_doc(provisioning.ROW, {"compliance_entry": number})
		self.assertEqual((row.status, row.live, row.item), ("Staff", 0, "16045550177"))
		task = frappe.db.get_value("ToDo", frappe.db.get_value(ENTRY, number, "todo"), "description")
		for text in ("live switch off", "16045550177", "Billed to the customer: 60", "15.0 USD a year"):
			self.assertIn(text, task)
