"""What a newcomer sees first: the order page's title from the catalog group's own name, and a checkout
page that shows the order's lines, surcharge and total and says what to do when no gateway is on."""

import uuid
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import set_request
from frappe.website.serve import get_response

from performancewest_erpnext.pw_orders import orders
from performancewest_erpnext.pw_orders.customers import ensure_portal_customer
from performancewest_erpnext.pw_orders.demo import verify

RUN = uuid.uuid4().hex[:6]
NO_GATEWAY = "performancewest_erpnext.pw_checkout.checkout.available_methods"


def page(path: str, **form) -> str:
	frappe.local.form_dict = frappe._dict(form)
	set_request(method="GET", path=path)
	response = get_response()
	return response.get_data(as_text=True)


class TestFirstHour(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.customer = ensure_portal_customer(f"First Hour {RUN}", f"first-{RUN}@example.com", "Fay First")
		verify(cls.customer)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.form_dict = frappe._dict()
		if getattr(frappe.local, "request", None) is not None:
			del frappe.local.request  # set_request's: later tests run outside a request again

	def test_order_page_title_is_the_catalog_groups_own_name(self):
		frappe.set_user("Guest")
		html = page("/order/fcc-compliance", key="fcc-compliance")
		self.assertIn("<h1>Order: FCC Compliance</h1>", html)
		self.assertNotIn("Fcc Compliance", html)
		self.assertIn(
			"<h1>Order: Entity Services</h1>", page("/order/entity-services", key="entity-services")
		)

	def checkout(self, instructions: str | None, user: str = "Guest") -> str:
		order = orders.place_order([{"service": "rmd-filing"}], self.customer, "Card")
		settings = frappe.get_single("Performance West Settings")
		settings.db_set("bank_transfer_instructions", instructions)
		frappe.clear_document_cache("Performance West Settings", "Performance West Settings")
		frappe.set_user(user)
		with patch(NO_GATEWAY, return_value=[]):
			return page("/checkout", order=order.name, key=order.checkout_key), order

	def test_checkout_without_a_gateway_shows_the_total_and_the_bank_details(self):
		html, order = self.checkout("Bank: First Demo Bank\nAccount: 000123 <b>")
		invoice = frappe.get_doc("Sales Invoice", order.sales_invoice)
		total = frappe.format_value(invoice.outstanding_amount, {"fieldtype": "Currency"})
		self.assertTrue(total.strip("$ 0.,"))
		self.assertIn(f'id="pw-total">{frappe.utils.escape_html(total)}</th>', html)
		self.assertNotIn('id="pw-total"></th>', html)
		self.assertIn("Online payment is not set up on this site yet", html)
		self.assertIn("Account: 000123 &lt;b&gt;", html)  # escaped
		self.assertIn(f"quote {order.name} as the reference", html)
		self.assertIn("Payment method surcharge", html)  # the card's 3% the invoice carries
		self.assertNotIn("pw-surcharge-row d-none", html)
		self.assertNotIn("pw-staff-gateway-note", html)  # staff only

	def test_checkout_without_bank_details_promises_an_email_and_tells_staff_what_to_fill(self):
		html, _order = self.checkout(None, user="Administrator")
		self.assertIn("We will e-mail you payment instructions", html)
		self.assertIn("pw-staff-gateway-note", html)
		self.assertIn("Stripe Checkout Settings, PayPal Orders Settings or SHKeeper Settings", html)

	def test_settings_form_names_the_gateway_settings_to_fill(self):
		from performancewest_erpnext.performance_west.doctype.performance_west_settings.performance_west_settings import (
			payment_setup,
		)

		with patch(NO_GATEWAY, return_value=[]):
			status = payment_setup()
		self.assertEqual(status["methods"], [])
		self.assertIn("Stripe Checkout Settings", status["settings"])
		self.assertIn("PayPal Orders Settings", status["settings"])
		frappe.set_user("Guest")
		self.assertRaises(frappe.PermissionError, payment_setup)
