"""Refunds (desk and provider-initiated) and Stripe Identity, with Stripe's API answered by recorded
responses and webhooks signed as Stripe signs them."""

import json
from urllib.parse import parse_qs, urlparse

import frappe
import responses
from frappe.tests.utils import FrappeTestCase

from performancewest_erpnext.pw_checkout import checkout, identity, refunds
from performancewest_erpnext.pw_orders import orders
from performancewest_erpnext.pw_orders.customers import ensure_portal_customer
from performancewest_erpnext.pw_orders.demo import verify
from performancewest_erpnext.tests.test_checkout import (
	RUN,
	SESSIONS,
	configure_stripe,
	deliver,
	event,
	form,
	signed,
	stripe_session,
)


def stripe_event(kind: str, obj: dict) -> str:
	return json.dumps({"id": f"evt_{frappe.generate_hash(length=12)}", "type": kind, "data": {"object": obj}})


class TestRefundsAndIdentity(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		configure_stripe()
		cls.customer = ensure_portal_customer(
			f"Refund Test {RUN}", f"refund-{RUN}@example.com", "Rufus Refund"
		)
		verify(cls.customer)
		frappe.db.commit()  # nosemgrep

	def setUp(self):
		self.stripe = responses.RequestsMock(assert_all_requests_are_fired=False)
		self.stripe.start()
		self.addCleanup(self.stripe.stop)
		self.stripe.add_callback(responses.POST, SESSIONS, callback=stripe_session)
		self.refunds: dict[str, list[dict]] = {}  # Stripe's refunds by payment intent
		self.stripe.add_callback(
			responses.POST, "https://api.stripe.com/v1/refunds", callback=self.refund_made
		)
		self.stripe.add_callback(
			responses.GET, "https://api.stripe.com/v1/refunds", callback=self.refund_list
		)

	def refund_made(self, request):
		sent = form(request.body)
		refund = {
			"id": f"re_{frappe.generate_hash(length=10)}",
			"object": "refund",
			"amount": int(sent["amount"]),
			"payment_intent": sent["payment_intent"],
			"status": "succeeded",
		}
		self.refunds.setdefault(sent["payment_intent"], []).append(refund)
		return 200, {}, json.dumps(refund)

	def refund_list(self, request):
		intent = parse_qs(urlparse(request.url).query)["payment_intent"][0]
		return (
			200,
			{},
			json.dumps({"object": "list", "has_more": False, "data": self.refunds.get(intent, [])}),
		)

	def paid_order(self):
		order = orders.place_order([{"service": "rmd-filing"}], self.customer, "Card")
		checkout.start("Card", order.name, order.checkout_key)
		invoice = frappe.db.get_value("Service Order", order.name, "sales_invoice")
		request = frappe.get_doc("Payment Request", {"reference_name": invoice, "docstatus": 1})
		payload = event("checkout.session.completed", request)
		deliver(payload, signed(payload))
		payment = frappe.db.get_value("Payment Entry", {"reference_no": f"pi_{request.name}", "docstatus": 1})
		return order, payment

	def test_a_desk_refund_goes_to_stripe_and_is_booked_once(self):
		order, payment = self.paid_order()
		part = refunds.refund(payment, 25.57)
		self.assertEqual(
			frappe.db.get_value("Payment Entry", part, ["payment_type", "paid_amount"]), ("Pay", 25.57)
		)
		sent = self.stripe.calls[-1].request
		self.assertIn("amount=2557", sent.body)
		self.assertTrue(sent.headers["Idempotency-Key"].startswith(f"refund-{payment}-"))
		self.assertRaises(frappe.ValidationError, refunds.refund, payment, 500)  # more than is left
		rest = refunds.refund(payment)
		self.assertEqual(frappe.db.get_value("Payment Entry", rest, "paid_amount"), 200)
		self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Refunded")
		# Stripe then reports the charge refunded in full: nothing more is booked
		charge = stripe_event(
			"charge.refunded",
			{
				"id": f"ch_{RUN}_1",
				"payment_intent": frappe.db.get_value("Payment Entry", payment, "reference_no"),
				"amount_refunded": 22557,
			},
		)
		deliver(charge, signed(charge))
		self.assertEqual(refunds.refunded(payment), 225.57)

	def test_a_dashboard_refund_is_mirrored_from_the_webhook(self):
		_order, payment = self.paid_order()
		intent = frappe.db.get_value("Payment Entry", payment, "reference_no")
		dashboard = {"id": f"re_dash_{RUN}", "amount": 10000, "payment_intent": intent, "status": "succeeded"}
		self.refunds[intent] = [dashboard, {**dashboard, "id": f"re_failed_{RUN}", "status": "failed"}]
		charge = stripe_event(
			"charge.refunded", {"id": f"ch_{RUN}_2", "payment_intent": intent, "amount_refunded": 10000}
		)
		for _i in range(3):
			deliver(charge, signed(charge))
		again = stripe_event("charge.refunded", json.loads(charge)["data"]["object"])  # a new event id
		deliver(again, signed(again))
		self.assertEqual(refunds.refunded(payment), 100)
		self.assertEqual(
			frappe.db.get_value(
				"Payment Entry", {"reference_no": f"re_dash_{RUN}", "docstatus": 1}, "paid_amount"
			),
			100,
		)

	def test_a_refund_booked_under_the_charge_before_is_not_booked_again(self):
		_order, payment = self.paid_order()
		intent = frappe.db.get_value("Payment Entry", payment, "reference_no")
		charge_id = f"ch_{RUN}_3"
		refunds.mirror(
			frappe.get_doc("Payment Entry", payment), 100, f"{charge_id}:refunded:10000"
		)  # as before
		self.refunds[intent] = [
			{"id": f"re_old_{RUN}", "amount": 10000, "status": "succeeded", "created": 1},
			{"id": f"re_new_{RUN}", "amount": 2500, "status": "succeeded", "created": 2},
		]
		charge = stripe_event(
			"charge.refunded", {"id": charge_id, "payment_intent": intent, "amount_refunded": 12500}
		)
		deliver(charge, signed(charge))
		self.assertEqual(refunds.refunded(payment), 125)
		self.assertFalse(frappe.db.exists("Payment Entry", {"reference_no": f"re_old_{RUN}"}))

	def test_stripe_identity_passes_the_gate(self):
		customer = ensure_portal_customer(f"Identity Test {RUN}", f"identity-{RUN}@example.com", "Ida Dent")
		self.stripe.add(
			responses.POST,
			"https://api.stripe.com/v1/identity/verification_sessions",
			json={
				"id": f"vs_{RUN}",
				"object": "identity.verification_session",
				"status": "requires_input",
				"url": f"https://verify.stripe.com/start/{RUN}",
			},
		)
		order = orders.place_order([{"service": "rmd-filing"}], customer, "PayPal")
		orders.payment_received(order.name, reference="CAP-ID")
		self.assertEqual(frappe.db.get_value("Service Order", order.name, "waiting_on"), "Identity")
		self.assertEqual(identity.start(customer), f"https://verify.stripe.com/start/{RUN}")
		verified = stripe_event(
			"identity.verification_session.verified",
			{"id": f"vs_{RUN}", "status": "verified", "metadata": {"customer": customer}},
		)
		deliver(verified, signed(verified))
		self.assertEqual(
			frappe.db.get_value("Identity Verification", {"provider_reference": f"vs_{RUN}"}, "status"),
			"Verified",
		)
		self.assertNotEqual(frappe.db.get_value("Service Order", order.name, "waiting_on"), "Identity")
