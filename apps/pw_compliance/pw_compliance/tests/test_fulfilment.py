"""The FCC handlers and state fees pw_compliance gives the fulfilment engine of performancewest_erpnext."""

import frappe
from frappe.tests.utils import FrappeTestCase
from performancewest_erpnext.pw_orders import engine, orders
from performancewest_erpnext.pw_orders.customers import ensure_portal_customer
from performancewest_erpnext.pw_orders.demo import close_staff_tasks, pay, verify

RUN = frappe.generate_hash(length=6).lower()


class TestFulfilment(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.customer = ensure_portal_customer(f"Fulfil Test {RUN}", f"fulfil-{RUN}@example.com", "Finn")
		verify(cls.customer)
		if not frappe.db.exists("Carrier Profile", cls.customer):
			frappe.get_doc(
				{"doctype": "Carrier Profile", "customer": cls.customer, "interconnected_voip": 1}
			).insert(ignore_permissions=True)
		cls.profile = cls.customer
		frappe.db.commit()  # nosemgrep: the engine commits

	def test_dc_agent_is_designated_by_staff_then_the_customer_is_told(self):
		order = orders.place_order([{"service": "dc-agent"}], self.customer, "PayPal")
		self.assertEqual([r.step for r in order.steps], ["designate_agent", "confirm_to_customer"])
		pay(order.name)
		order.reload()
		self.assertEqual((order.status, order.waiting_on), ("Waiting", "Staff"))
		todo = frappe.get_doc("ToDo", order.steps[0].todo)
		self.assertIn("Northwest Registered Agent", todo.description)
		self.assertIn(self.customer, todo.description)
		close_staff_tasks(order.name)
		order.reload()
		self.assertEqual(order.status, "Review")
		self.assertTrue(
			frappe.db.exists(
				"Email Queue", {"reference_name": order.name, "reference_doctype": "Service Order"}
			)
		)

	def test_bundle_tracks_use_the_registered_handlers(self):
		order = orders.place_order([{"service": "new-carrier-bundle"}], self.customer, "ACH")
		self.assertEqual(
			[t.service for t in order.tracks],
			[
				"cores-frn-registration",
				"dc-agent",
				"fcc-499-initial",
				"rmd-filing",
				"cpni-certification",
				"calea-ssi",
			],
		)
		self.assertEqual([t.after_track for t in order.tracks], [0, 1, 2, 3, 4, 5])
		self.assertEqual(order.grand_total, 1799)
		dc = [r.step for r in order.steps if r.service == "dc-agent"]
		self.assertEqual(dc, ["designate_agent", "confirm_to_customer"])
		self.assertEqual(next(r.step for r in order.steps if r.service == "calea-ssi"), "open_filing")
		self.assertEqual(engine.handler_for("ocn-registration").steps[0].name, "open_filing")

	def test_foreign_qualification_adds_each_states_fee_on_file(self):
		# NV's LLC foreign fee is confirmed from its source: billed; CO's is not: shown, not billed
		nv = frappe.db.get_value(
			"Jurisdiction Entity Rule",
			{"jurisdiction": "NV", "entity_type": "llc"},
			"foreign_qualification_fee",
		)
		q = orders.make_quote(
			orders.parse_items(
				[{"service": "foreign-qualification-multi", "variant": "llc", "jurisdictions": ["NV", "CO"]}]
			)
		)
		fees = [(line.description, line.amount) for line in q.lines if line.fee_of]
		self.assertEqual(fees[0][1], nv)
		self.assertEqual(fees[1][1], 0)
		self.assertIn("to be confirmed", fees[1][0])
		self.assertEqual(q.total, 2 * 99 + nv)
		self.assertRaises(
			frappe.ValidationError,
			orders.make_quote,
			orders.parse_items(
				[{"service": "us-state-formation", "variant": "llc", "jurisdictions": ["ZZ"]}]
			),
		)

	def test_a_reissued_invoice_stays_on_its_calendar_entry(self):
		from performancewest_erpnext.pw_checkout.surcharges import reissue

		si = frappe.new_doc("Sales Invoice")
		si.update({"customer": self.customer, "due_date": frappe.utils.today(), "disable_rounded_total": 1})
		si.append("items", {"item_code": "rmd-filing", "qty": 1, "rate": 219})
		si.insert()
		si.submit()
		entry = frappe.get_doc(
			{
				"doctype": "Compliance Entry",
				"carrier_profile": self.profile,
				"customer": self.customer,
				"obligation": f"test-{RUN}",
				"title": "Test renewal",
				"period": "2027",
				"due_date": "2027-03-02",
				"status": "Invoice Sent",
				"sales_invoice": si.name,
			}
		).insert(ignore_permissions=True)
		new = reissue(si.name, "Card")
		self.assertEqual(new.amended_from, si.name)
		self.assertEqual(frappe.db.get_value("Compliance Entry", entry.name, "sales_invoice"), new.name)
