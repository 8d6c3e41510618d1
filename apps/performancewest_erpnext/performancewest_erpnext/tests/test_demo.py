import frappe
from frappe.tests.utils import FrappeTestCase

from performancewest_erpnext.setup.demo import CUSTOMER_USER, DEMO_CUSTOMER, STAFF_USER, setup_demo


class TestDemoSetup(FrappeTestCase):
	def test_setup_is_idempotent_and_links_the_portal_user(self):
		setup_demo()
		setup_demo()
		self.assertEqual(frappe.db.count("Customer", {"customer_name": DEMO_CUSTOMER}), 1)
		self.assertEqual(frappe.db.count("Contact", {"user": CUSTOMER_USER}), 1)
		contact = frappe.get_doc("Contact", {"user": CUSTOMER_USER})
		self.assertEqual(
			[(l.link_doctype, l.link_name) for l in contact.links], [("Customer", DEMO_CUSTOMER)]
		)

	def test_customer_is_a_portal_user_and_staff_is_a_desk_user(self):
		setup_demo()
		self.assertEqual(frappe.db.get_value("User", CUSTOMER_USER, "user_type"), "Website User")
		self.assertIn("Carrier Customer", frappe.get_roles(CUSTOMER_USER))
		self.assertEqual(frappe.db.get_value("User", STAFF_USER, "user_type"), "System User")
		self.assertIn("Fulfilment Manager", frappe.get_roles(STAFF_USER))

	def test_company_is_set_up_in_usd(self):
		setup_demo()
		company = frappe.db.get_single_value("Performance West Settings", "company")
		self.assertEqual(
			frappe.db.get_value("Company", company, ["country", "default_currency"]), ("United States", "USD")
		)

	def test_demo_has_the_catalog_and_orders_in_several_states(self):
		import json

		from performancewest_erpnext.pw_orders.catalog import CATALOG_FILE

		setup_demo()
		for service in json.loads(CATALOG_FILE.read_text())["services"]:
			self.assertEqual(
				frappe.db.get_value(
					"Item Price",
					{"item_code": service["slug"], "price_list": "Standard Selling"},
					"price_list_rate",
				),
				service["rate"],
			)
		states = set(frappe.get_all("Service Order", pluck="status"))
		self.assertTrue({"Awaiting Payment", "Waiting", "Review", "Delivered"} <= states, states)
		setup_demo()
		# 4 from pw_orders.demo + the document package waiting for a signature (pw_documents.demo) + the
		# orders the demo calendar's two paid entries (filing, completed) opened through their filing
		# handler (pw_compliance), once each
		self.assertEqual(frappe.db.count("Service Order", {"customer": DEMO_CUSTOMER}), 7)
