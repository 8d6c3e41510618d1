"""Checkout with a gateway app's methods (frappe_adyen, read through its `payment_gateway_methods` hook;
this app never imports it): offered only while Adyen Settings are complete, taking Card over from
Stripe, the Payment Request made on the Adyen gateway with the method's surcharge, and a method only
the gateway app offers (Cash App Pay) clearing funds and routed to a filing card as a card payment;
Stripe's desk refund refuses a payment booked to the Adyen account."""

import unittest

import frappe
from frappe.tests.utils import FrappeTestCase

from performancewest_erpnext.pw_checkout import checkout, funds, gateways, refunds
from performancewest_erpnext.pw_orders import orders
from performancewest_erpnext.pw_orders.demo import verify
from performancewest_erpnext.pw_orders.status import FUNDS_CLEARING_DAYS, add_business_days

RUN = frappe.generate_hash(length=6).lower()
ADYEN = {
	"enabled": 1,
	"environment": "Test",
	"merchant_account": "PerformanceWestECOM",
	"api_key": "AQE_pw_test_key",
	"client_key": "test_PWCLIENTKEY",
	"hmac_key": "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056",
	"payment_methods": "Card\nCash App Pay",
}


def set_adyen(values: dict) -> None:
	settings = frappe.get_single("Adyen Settings")
	settings.update(values)
	settings.save()
	frappe.clear_document_cache("Adyen Settings", "Adyen Settings")


def adyen_off() -> None:
	frappe.db.rollback()
	set_adyen({"enabled": 0})
	frappe.db.commit()  # nosemgrep: the other checkout tests expect Stripe to take cards


@unittest.skipUnless("frappe_adyen" in frappe.get_installed_apps(), "frappe_adyen is not installed")
class TestGatewayApps(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.customer = (
			frappe.get_doc(
				{
					"doctype": "Customer",
					"customer_name": f"Gateway Apps Test {RUN}",
					"customer_group": frappe.get_all(
						"Customer Group", {"is_group": 0}, pluck="name", limit=1
					)[0],
					"territory": frappe.get_all("Territory", pluck="name", limit=1)[0],
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		verify(cls.customer)
		set_adyen(ADYEN)
		frappe.db.commit()  # nosemgrep: the engine commits; the fixtures must exist for it
		cls.addClassCleanup(adyen_off)

	def test_adyen_methods_are_offered_only_while_adyen_is_configured(self):
		self.assertEqual(checkout.gateways()["Card"], "Adyen")
		self.assertEqual(checkout.gateways()["ACH"], "Stripe Checkout")
		self.assertIn("Cash App Pay", checkout.available_methods())
		set_adyen({"enabled": 0})
		try:
			self.assertNotIn("Cash App Pay", checkout.available_methods())
			self.assertEqual(checkout.gateways()["Card"], "Stripe Checkout")
		finally:
			set_adyen(ADYEN)

	def test_card_through_adyen_carries_the_surcharge_to_the_payment_request(self):
		order = orders.place_order([{"service": "rmd-filing"}], self.customer, "Card")
		url = checkout.start("Card", order.name, order.checkout_key)
		self.assertIn("/adyen-pay?pr=", url)
		invoice = frappe.get_doc(
			"Sales Invoice", frappe.db.get_value("Service Order", order.name, "sales_invoice")
		)
		request = frappe.get_doc("Payment Request", {"reference_name": invoice.name, "docstatus": 1})
		self.assertEqual((request.payment_gateway, request.mode_of_payment), ("Adyen", "Card"))
		self.assertEqual(request.grand_total, invoice.grand_total)
		surcharge = [t.tax_amount for t in invoice.taxes if "surcharge" in (t.description or "").lower()]
		self.assertEqual(surcharge, [6.57])
		self.assertEqual(invoice.grand_total, 225.57)

	def test_a_method_only_a_gateway_app_offers_clears_as_a_card_payment(self):
		order = orders.place_order([{"service": "rmd-filing"}], self.customer, "Card")
		checkout.start("Cash App Pay", order.name, order.checkout_key)
		order.reload()
		self.assertEqual(order.payment_method, "Cash App Pay")
		invoice = frappe.get_doc("Sales Invoice", order.sales_invoice)
		self.assertEqual(invoice.grand_total, 219.0)  # no Cash App Pay surcharge record
		request = frappe.db.get_value("Payment Request", {"reference_name": invoice.name, "docstatus": 1})
		payment = gateways.book_payment(
			invoice.name, 219.0, f"ADYEN{RUN.upper()}", "Cash App Pay", "Adyen", payment_request=request
		)
		paid = frappe.db.get_value(
			"Service Order", order.name, ["status", "paid_on", "funds_expected_on"], as_dict=True
		)
		self.assertEqual(paid.status, "Funds Pending")
		self.assertEqual(paid.funds_expected_on, add_business_days(paid.paid_on, FUNDS_CLEARING_DAYS["Card"]))
		self.assertEqual(funds.rules_of("Cash App Pay"), "Card")
		self.assertEqual(funds.card_for(funds.rules_of("Cash App Pay")), funds.card_for("Card"))
		self.assertRaises(frappe.ValidationError, refunds.refund, payment, 10)  # not through Stripe
