"""Checkout on a real site: surcharges on the invoice, Stripe Checkout Sessions through ERPNext Payment
Requests (Stripe's API answered by recorded responses), and signed Stripe webhooks booking payments once."""

import hashlib
import hmac
import json
import re
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import frappe
import responses
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, get_system_timezone
from freezegun import freeze_time
from pw_test_support.books import fiscal_year
from pw_test_support.clock import frozen
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from performancewest_erpnext.pw_checkout import checkout, surcharges, webhooks
from performancewest_erpnext.pw_orders import orders
from performancewest_erpnext.pw_orders.customers import ensure_portal_customer
from performancewest_erpnext.pw_orders.demo import verify
from performancewest_erpnext.pw_orders.status import add_business_days

RUN = frappe.generate_hash(length=6).lower()
SECRET = "whsec_test_secret"
SESSIONS = "https://api.stripe.com/v1/checkout/sessions"


def configure_stripe() -> None:
	settings = frappe.get_single("Stripe Checkout Settings")
	settings.update(
		{
			"enabled": 1,
			"test_mode": 1,
			"publishable_key": "pk_test_1",
			"secret_key": "sk_test_1",
			"webhook_secret": SECRET,
		}
	)
	settings.save()


def form(body: str) -> dict[str, str]:
	return {key: values[0] for key, values in parse_qs(body).items()}


def stripe_session(request):
	"""Stripe's answer to sessions.create (shape of a recorded test-mode response)."""
	body = form(request.body)
	session_id = f"cs_test_{frappe.generate_hash(length=10)}"
	return (
		200,
		{},
		json.dumps(
			{
				"id": session_id,
				"object": "checkout.session",
				"amount_total": int(body["line_items[0][price_data][unit_amount]"]),
				"currency": "usd",
				"status": "open",
				"payment_status": "unpaid",
				"url": f"https://checkout.stripe.com/c/pay/{session_id}",
			}
		),
	)


EXPIRE = re.compile(r"https://api\.stripe\.com/v1/checkout/sessions/([^/]+)/expire")


def session_expired(request):
	"""Stripe's answer to sessions.expire of an open session."""
	session_id = EXPIRE.match(request.url).group(1)
	return 200, {}, json.dumps({"id": session_id, "object": "checkout.session", "status": "expired"})


def signed(payload: str, secret: str = SECRET, timestamp: int | None = None) -> str:
	t = timestamp or int(time.time())
	signature = hmac.new(secret.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
	return f"t={t},v1={signature}"


def post(endpoint, payload: str, headers: dict[str, str]) -> dict:
	"""A webhook delivery through the endpoint as the web server would call it."""
	frappe.local.request = Request(
		EnvironBuilder(
			method="POST", data=payload, headers={"Content-Type": "application/json", **headers}
		).get_environ()
	)
	frappe.local.request_ip = "127.0.0.1"
	frappe.local.response = frappe._dict()
	try:
		result = endpoint()
	finally:
		status = frappe.local.response.get("http_status_code", 200)
		frappe.local.request = None
	return {"http": status, **result}


def deliver(payload: str, signature: str | None) -> dict:
	return post(webhooks.stripe, payload, {"Stripe-Signature": signature} if signature else {})


def event(kind: str, request, payment_status: str = "paid", amount: int | None = None) -> str:
	invoice_total = Decimal(str(request.grand_total))
	return json.dumps(
		{
			"id": f"evt_{frappe.generate_hash(length=12)}",
			"object": "event",
			"type": kind,
			"data": {
				"object": {
					"id": f"cs_{request.name}",
					"object": "checkout.session",
					"amount_total": amount if amount is not None else int(invoice_total * 100),
					"payment_intent": f"pi_{request.name}",
					"payment_status": payment_status,
					"metadata": {
						"payment_request": request.name,
						"invoice": request.reference_name,
						"payment_method": request.mode_of_payment,
					},
				}
			},
		}
	)


class TestCheckout(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		configure_stripe()
		cls.customer = ensure_portal_customer(
			f"Checkout Test {RUN}", f"checkout-{RUN}@example.com", "Cora Checkout"
		)
		verify(cls.customer)
		frappe.db.commit()  # nosemgrep: the engine commits; the fixtures must exist for it

	def setUp(self):
		self.stripe = responses.RequestsMock(assert_all_requests_are_fired=False)
		self.stripe.start()
		self.addCleanup(self.stripe.stop)
		self.addCleanup(self.stripe.reset)
		self.stripe.add_callback(responses.POST, SESSIONS, callback=stripe_session)
		self.stripe.add_callback(responses.POST, EXPIRE, callback=session_expired)

	def order(self, method: str = "Card", services=None):
		return orders.place_order(services or [{"service": "rmd-filing"}], self.customer, method)

	def request_of(self, order) -> object:
		invoice = frappe.db.get_value("Service Order", order.name, "sales_invoice")
		name = frappe.db.get_value(
			"Payment Request", {"reference_name": invoice, "docstatus": 1}, order_by="creation desc"
		)
		return frappe.get_doc("Payment Request", name)

	def test_surcharge_is_a_labelled_line_and_every_total_agrees(self):
		checkout_types = {"Card": "card", "Klarna": "klarna", "ACH": "us_bank_account"}
		for method, percent in (("Card", 3), ("Klarna", 6), ("ACH", 0)):
			with self.subTest(method=method):
				order = self.order(
					method, [{"service": "cpni", "variant": "clec"}, {"service": "rmd"}, {"service": "499a"}]
				)
				base = Decimal("736.95")  # 867 less the 15% multi-service discount
				expected = (base * percent / 100).quantize(Decimal("0.01"))
				invoice = frappe.get_doc("Sales Invoice", order.sales_invoice)
				rows = [(t.description, t.tax_amount) for t in invoice.taxes]
				self.assertEqual(
					rows, [(f"{method} payment surcharge ({percent}%)", float(expected))] if percent else []
				)
				self.assertEqual(Decimal(str(invoice.grand_total)), base + expected)
				self.assertEqual(invoice.grand_total, invoice.outstanding_amount)
				self.assertEqual(float(order.grand_total), invoice.grand_total)
				url = checkout.start(method, order.name, order.checkout_key)
				self.assertTrue(url.startswith("https://checkout.stripe.com/"))
				request = self.request_of(order)
				sent = form(self.stripe.calls[-1].request.body)
				self.assertEqual(
					sent["line_items[0][price_data][unit_amount]"], str(int((base + expected) * 100))
				)
				self.assertEqual(sent["payment_method_types[0]"], checkout_types[method])
				self.assertEqual(
					(request.grand_total, request.mode_of_payment), (invoice.grand_total, method)
				)

	def test_switching_method_reissues_the_invoice_with_the_new_surcharge(self):
		order = self.order("Klarna")
		first_invoice = order.sales_invoice
		checkout.start("Klarna", order.name, order.checkout_key)
		first_request = self.request_of(order).name
		checkout.start("Card", order.name, order.checkout_key)
		order.reload()
		self.assertNotEqual(order.sales_invoice, first_invoice)
		self.assertEqual(frappe.db.get_value("Sales Invoice", first_invoice, "docstatus"), 2)
		self.assertEqual(frappe.db.get_value("Payment Request", first_request, "docstatus"), 2)
		invoice = frappe.get_doc("Sales Invoice", order.sales_invoice)
		self.assertEqual(invoice.amended_from, first_invoice)
		self.assertEqual([t.tax_amount for t in invoice.taxes], [6.57])  # 3% of 219
		self.assertEqual(
			(order.payment_method, order.grand_total, self.request_of(order).grand_total),
			("Card", 225.57, 225.57),
		)
		# the cancelled request's Checkout Session no longer takes payments
		first_session = json.loads(self.stripe.calls[0].response.text)["id"]
		self.assertEqual(
			[c.request.url.rsplit("/", 2)[1] for c in self.stripe.calls if c.request.url.endswith("/expire")],
			[first_session],
		)
		# clicking twice reuses the open request
		self.assertEqual(
			checkout.start("Card", order.name, order.checkout_key), self.request_of(order).payment_url
		)
		self.assertEqual(len(self.stripe.calls), 3)

	def test_a_payment_for_a_cancelled_request_is_booked_against_the_reissued_invoice(self):
		order = self.order("Klarna")
		checkout.start("Klarna", order.name, order.checkout_key)
		klarna = self.request_of(order)
		checkout.start("Card", order.name, order.checkout_key)  # Klarna's request cancelled, invoice reissued
		order.reload()
		self.assertEqual(frappe.db.get_value("Payment Request", klarna.name, "docstatus"), 2)
		# the customer still finishes the old Klarna tab (Stripe had already completed the session)
		payload = event("checkout.session.completed", klarna)
		deliver(payload, signed(payload))
		entry = frappe.get_doc("Payment Entry", {"reference_no": f"pi_{klarna.name}", "docstatus": 1})
		self.assertEqual(
			[(r.reference_name, r.allocated_amount, r.payment_request) for r in entry.references],
			[(order.sales_invoice, 225.57, None)],
		)
		self.assertEqual((entry.paid_amount, entry.unallocated_amount), (232.14, 6.57))  # Klarna's 6%
		self.assertEqual(frappe.db.get_value("Sales Invoice", order.sales_invoice, "outstanding_amount"), 0)
		self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Funds Pending")
		todo = frappe.get_doc("ToDo", {"reference_type": "Payment Entry", "reference_name": entry.name})
		self.assertIn(klarna.name, todo.description)
		self.assertEqual((todo.role, todo.status), ("Accounts Manager", "Open"))

	def test_a_payment_with_nothing_left_to_pay_is_refunded(self):
		self.stripe.add_callback(
			responses.POST,
			"https://api.stripe.com/v1/refunds",
			callback=lambda r: (
				200,
				{},
				json.dumps(
					{"id": f"re_{form(r.body)['payment_intent']}", "object": "refund", "status": "succeeded"}
				),
			),
		)
		order = self.order("Klarna")
		checkout.start("Klarna", order.name, order.checkout_key)
		klarna = self.request_of(order)
		checkout.start("Card", order.name, order.checkout_key)
		card = self.request_of(order)
		paid = event("checkout.session.completed", card)
		deliver(paid, signed(paid))
		late = event("checkout.session.completed", klarna)  # the old tab is paid too
		deliver(late, signed(late))
		advance = frappe.get_doc(
			"Payment Entry", {"reference_no": f"pi_{klarna.name}", "payment_type": "Receive"}
		)
		self.assertEqual((advance.docstatus, advance.references, advance.paid_amount), (1, [], 232.14))
		refund_call = next(c for c in self.stripe.calls if c.request.url.endswith("/v1/refunds"))
		self.assertEqual(
			(form(refund_call.request.body)["payment_intent"], form(refund_call.request.body)["amount"]),
			(f"pi_{klarna.name}", "23214"),
		)
		self.assertEqual(
			frappe.db.get_value(
				"Payment Entry",
				{"reference_no": f"re_pi_{klarna.name}", "docstatus": 1},
				["payment_type", "paid_amount"],
			),
			("Pay", 232.14),
		)
		self.assertTrue(
			frappe.db.exists("ToDo", {"reference_type": "Payment Entry", "reference_name": advance.name})
		)
		self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Funds Pending")

	def test_the_patch_records_earlier_bookings_and_reports_a_double_one(self):
		from performancewest_erpnext.patches.v1_0 import payment_effects
		from performancewest_erpnext.pw_checkout import effects
		from performancewest_erpnext.pw_checkout.gateways import book_payment

		order = self.order("Card")
		checkout.start("Card", order.name, order.checkout_key)
		request = self.request_of(order)
		intent, key = (
			f"pi_legacy_{request.name}",
			effects.key("Payment", "Stripe Checkout", f"pi_legacy_{request.name}"),
		)
		first = book_payment(request.reference_name, 100, intent, "Card", "Stripe Checkout", request.name)
		self.assertEqual(book_payment(request.reference_name, 100, intent, "Card", "Stripe Checkout"), first)
		# as before Payment Effects existed: nothing stopped a second booking of the same payment intent
		frappe.delete_doc("Payment Effect", key, force=True)
		second = book_payment(request.reference_name, 50, intent, "Card", "Stripe Checkout", request.name)
		self.assertNotEqual(first, second)
		frappe.delete_doc("Payment Effect", key, force=True)
		payment_effects.execute()
		self.assertEqual(frappe.db.get_value("Payment Effect", key, "reference_name"), first)
		doubles = frappe.get_all(
			"ToDo",
			{"description": ("like", "%booked more than once%"), "reference_name": ("in", (first, second))},
			pluck="reference_name",
		)
		self.assertEqual(doubles, [second])

	def test_checkout_needs_the_key_or_the_customer(self):
		order = self.order()
		frappe.set_user("Guest")
		try:
			self.assertRaises(frappe.PermissionError, checkout.start, "Card", order.name, "wrong-key")
			self.assertRaises(frappe.PermissionError, checkout.start, "Card", order.name, None)
		finally:
			frappe.set_user("Administrator")
		self.assertRaises(frappe.ValidationError, checkout.start, "Cheque", order.name, order.checkout_key)

	def test_a_signed_event_books_one_payment_however_often_it_arrives(self):
		order = self.order()
		checkout.start("Card", order.name, order.checkout_key)
		request = self.request_of(order)
		payload = event("checkout.session.completed", request)
		results = [deliver(payload, signed(payload)) for _i in range(20)]
		self.assertEqual((results[0]["http"], results[0]["status"]), (200, "queued"))
		self.assertEqual({(r["http"], r["status"]) for r in results[1:]}, {(200, "duplicate")})
		entries = frappe.get_all(
			"Payment Entry", {"reference_no": f"pi_{request.name}", "docstatus": 1}, ["paid_amount"]
		)
		self.assertEqual([e.paid_amount for e in entries], [request.grand_total])
		self.assertEqual(
			frappe.db.get_value("Sales Invoice", request.reference_name, "outstanding_amount"), 0
		)
		paid = frappe.db.get_value(
			"Service Order", order.name, ["status", "paid_on", "funds_expected_on"], as_dict=True
		)
		self.assertEqual(paid.status, "Funds Pending")  # card money is available T+2 business days
		self.assertEqual(paid.funds_expected_on, add_business_days(paid.paid_on, 2))
		name = f"Stripe Checkout:{json.loads(payload)['id']}"
		self.assertEqual(frappe.db.get_value("Integration Request", name, "status"), "Completed")

	def test_forged_stale_or_unsigned_events_are_refused_and_leave_no_record(self):
		order = self.order()
		checkout.start("Card", order.name, order.checkout_key)
		request = self.request_of(order)
		payload = event("checkout.session.completed", request)
		before = frappe.db.count("Integration Request", {"is_remote_request": 1})
		for body, signature in (
			(payload.replace('"paid"', '"paid" '), signed(payload)),  # altered body
			(payload, signed(payload, secret="whsec_wrong")),
			(
				payload,
				signed(payload, timestamp=int(time.time()) - 600),
			),  # older than Stripe's 300 s tolerance
			(payload, None),
			(payload, "t=1,v1=deadbeef"),
		):
			with self.subTest(signature=signature):
				self.assertEqual(deliver(body, signature)["http"], 400)
		self.assertEqual(frappe.db.count("Integration Request", {"is_remote_request": 1}), before)
		self.assertFalse(frappe.db.exists("Payment Entry", {"reference_no": f"pi_{request.name}"}))

	def test_ach_waits_for_the_bank_and_a_failure_reopens_the_invoice(self):
		order = self.order("ACH")
		checkout.start("ACH", order.name, order.checkout_key)
		request = self.request_of(order)
		completed = event("checkout.session.completed", request, payment_status="unpaid")
		deliver(completed, signed(completed))
		self.assertFalse(frappe.db.exists("Payment Entry", {"reference_no": f"pi_{request.name}"}))
		self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Awaiting Payment")
		failed = event("checkout.session.async_payment_failed", request, payment_status="unpaid")
		deliver(failed, signed(failed))
		self.assertEqual(frappe.db.get_value("Payment Request", request.name, "docstatus"), 2)
		self.assertEqual(frappe.db.get_value("Sales Invoice", order.sales_invoice, "outstanding_amount"), 219)
		# the customer tries again and the debit clears
		checkout.start("ACH", order.name, order.checkout_key)
		retry = self.request_of(order)
		succeeded = event("checkout.session.async_payment_succeeded", retry)
		deliver(succeeded, signed(succeeded))
		self.assertEqual(
			frappe.db.count("Payment Entry", {"reference_no": f"pi_{retry.name}", "docstatus": 1}), 1
		)
		self.assertEqual(
			frappe.db.get_value("Service Order", order.name, "status"), "Funds Pending"
		)  # ACH: T+4

	def test_a_partial_payment_books_what_was_paid(self):
		order = self.order("ACH")
		checkout.start("ACH", order.name, order.checkout_key)
		request = self.request_of(order)
		payload = event("checkout.session.completed", request, amount=10000)
		deliver(payload, signed(payload))
		self.assertEqual(frappe.db.get_value("Sales Invoice", order.sales_invoice, "outstanding_amount"), 119)
		self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Awaiting Payment")
		self.assertEqual(surcharges.for_method("Card", 100)[1], Decimal("3.00"))

	def test_a_renewal_invoice_is_paid_by_its_customer_with_the_surcharge(self):
		from performancewest_erpnext.pw_checkout.gateways import book_payment

		si = frappe.new_doc("Sales Invoice")
		si.update({"customer": self.customer, "due_date": frappe.utils.today(), "disable_rounded_total": 1})
		si.append("items", {"item_code": "rmd-filing", "qty": 1, "rate": 219})
		si.insert()
		si.submit()
		frappe.set_user(f"checkout-{RUN}@example.com")
		try:
			url = checkout.start("Card", invoice=si.name)
		finally:
			frappe.set_user("Administrator")
		self.assertTrue(url.startswith("https://checkout.stripe.com/"))
		amended = frappe.get_doc("Sales Invoice", {"amended_from": si.name})
		self.assertEqual(([t.tax_amount for t in amended.taxes], amended.grand_total), ([6.57], 225.57))
		request = frappe.get_doc("Payment Request", {"reference_name": amended.name, "docstatus": 1})
		self.assertEqual(request.grand_total, 225.57)
		book_payment(amended.name, 225.57, f"pi_{request.name}", "Card", "Stripe Checkout", request.name)
		self.assertEqual(frappe.db.get_value("Sales Invoice", amended.name, "outstanding_amount"), 0)
		other = ensure_portal_customer(f"Not Yours {RUN}", f"other-{RUN}@example.com", "Otto Other")
		self.assertTrue(other)
		frappe.set_user(f"other-{RUN}@example.com")
		try:
			self.assertRaises(frappe.PermissionError, checkout.start, "Card", None, None, amended.name)
		finally:
			frappe.set_user("Administrator")


PAYPAL = "https://api-m.sandbox.paypal.com"
PAYPAL_HEADERS = {
	"PAYPAL-AUTH-ALGO": "SHA256withRSA",
	"PAYPAL-CERT-URL": "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77",
	"PAYPAL-TRANSMISSION-ID": "103e3700-8b0c-11e9-afac-e1cda42d8b9f",
	"PAYPAL-TRANSMISSION-SIG": "t8o0Eqm3a+sig",
	"PAYPAL-TRANSMISSION-TIME": "2026-11-29T00:10:00Z",
}


def paypal_event(kind: str, resource: dict) -> str:
	return json.dumps(
		{"id": f"WH-{frappe.generate_hash(length=12)}", "event_type": kind, "resource": resource}
	)


def approved_order(order_id: str, unit: dict) -> dict:
	"""The resource of CHECKOUT.ORDER.APPROVED: the order with its purchase units."""
	return {
		"id": order_id,
		"status": "APPROVED",
		"intent": "CAPTURE",
		"purchase_units": [
			{"reference_id": unit["reference_id"], "custom_id": unit["custom_id"], "amount": unit["amount"]}
		],
	}


class TestPayPalCheckout(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		settings = frappe.get_single("PayPal Orders Settings")
		settings.update(
			{
				"enabled": 1,
				"sandbox": 1,
				"client_id": "AUv8rrc_test",
				"client_secret": "EPq_test",
				"webhook_id": "8PT597110X687430LKGECATA",
			}
		)
		settings.save()
		cls.customer = ensure_portal_customer(f"PayPal Test {RUN}", f"paypal-{RUN}@example.com", "Pia Pal")
		verify(cls.customer)
		frappe.db.commit()  # nosemgrep

	def setUp(self):
		self.api = responses.RequestsMock(assert_all_requests_are_fired=False)
		self.api.start()
		self.addCleanup(self.api.stop)
		self.api.add(
			responses.POST,
			f"{PAYPAL}/v1/oauth2/token",
			json={"access_token": "A21AA-test", "expires_in": 32400},
		)
		self.api.add_callback(responses.POST, f"{PAYPAL}/v2/checkout/orders", callback=self.created)
		self.api.add_callback(
			responses.POST, re.compile(rf"{PAYPAL}/v2/checkout/orders/[^/]+/capture"), callback=self.captured
		)
		self.verdict = "SUCCESS"
		self.api.add_callback(
			responses.POST,
			f"{PAYPAL}/v1/notifications/verify-webhook-signature",
			callback=lambda request: (200, {}, json.dumps({"verification_status": self.verdict})),
		)
		self.orders: dict[str, dict] = {}

	def created(self, request):
		body = json.loads(request.body)
		order_id = f"5O{frappe.generate_hash(length=14).upper()}"
		self.orders[order_id] = body["purchase_units"][0]
		links = [
			{
				"href": f"https://www.sandbox.paypal.com/checkoutnow?token={order_id}",
				"rel": "payer-action",
				"method": "GET",
			}
		]
		return 200, {}, json.dumps({"id": order_id, "status": "PAYER_ACTION_REQUIRED", "links": links})

	def captured(self, request):
		order_id = request.url.split("/")[-2]
		unit = self.orders[order_id]
		capture = {
			"id": f"CAP-{order_id}",
			"status": "COMPLETED",
			"amount": unit["amount"],
			"custom_id": unit["custom_id"],
		}
		purchase_unit = {"reference_id": unit["reference_id"], "payments": {"captures": [capture]}}
		return 201, {}, json.dumps({"id": order_id, "status": "COMPLETED", "purchase_units": [purchase_unit]})

	def test_paypal_order_is_captured_and_booked_once(self):
		order = orders.place_order([{"service": "rmd-filing"}], self.customer, "PayPal")
		url = checkout.start("PayPal", order.name, order.checkout_key)
		order_id = url.rsplit("=", 1)[1]
		sent = self.orders[order_id]
		self.assertEqual(sent["amount"], {"currency_code": "USD", "value": "225.57"})  # 219 + 3%
		create = next(c for c in self.api.calls if c.request.url.endswith("/v2/checkout/orders"))
		self.assertEqual(create.request.headers["PayPal-Request-Id"], f"{sent['custom_id']}-create")

		approved = paypal_event("CHECKOUT.ORDER.APPROVED", approved_order(order_id, sent))
		for _i in range(5):
			self.assertEqual(post(webhooks.paypal, approved, PAYPAL_HEADERS)["http"], 200)
		completed = paypal_event(
			"PAYMENT.CAPTURE.COMPLETED",
			{
				"id": f"CAP-{order_id}",
				"status": "COMPLETED",
				"amount": sent["amount"],
				"custom_id": sent["custom_id"],
			},
		)
		post(webhooks.paypal, completed, PAYPAL_HEADERS)
		self.assertEqual(
			frappe.db.count("Payment Entry", {"reference_no": f"CAP-{order_id}", "docstatus": 1}), 1
		)
		self.assertEqual(frappe.db.get_value("Sales Invoice", order.sales_invoice, "outstanding_amount"), 0)
		# PayPal funds are available at once: fulfilment starts (the RMD filing first asks the customer
		# for its intake answers)
		self.assertEqual(
			frappe.db.get_value("Service Order", order.name, ["status", "waiting_on"]),
			("Waiting", "Customer"),
		)

	def test_an_order_approved_after_its_request_was_cancelled_is_not_captured(self):
		order = orders.place_order([{"service": "rmd-filing"}], self.customer, "PayPal")
		order_id = checkout.start("PayPal", order.name, order.checkout_key).rsplit("=", 1)[1]
		configure_stripe()
		self.api.add_callback(responses.POST, SESSIONS, callback=stripe_session)
		checkout.start("Card", order.name, order.checkout_key)  # PayPal's request cancelled
		approved = paypal_event("CHECKOUT.ORDER.APPROVED", approved_order(order_id, self.orders[order_id]))
		post(webhooks.paypal, approved, PAYPAL_HEADERS)
		self.assertFalse([c for c in self.api.calls if c.request.url.endswith("/capture")])
		self.assertFalse(frappe.db.exists("Payment Entry", {"reference_no": f"CAP-{order_id}"}))
		self.assertIn(
			"not captured",
			frappe.db.get_value(
				"Integration Request", f"PayPal Orders:{json.loads(approved)['id']}", "output"
			),
		)
		self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Awaiting Payment")

	def test_unverified_paypal_events_are_refused(self):
		payload = paypal_event("PAYMENT.CAPTURE.COMPLETED", {"id": "CAP-X", "status": "COMPLETED"})
		before = frappe.db.count("Integration Request")  # nothing stored, not even the verification call
		self.verdict = "FAILURE"
		self.assertEqual(post(webhooks.paypal, payload, PAYPAL_HEADERS)["http"], 400)
		self.verdict = "SUCCESS"
		missing = {k: v for k, v in PAYPAL_HEADERS.items() if k != "PAYPAL-TRANSMISSION-SIG"}
		self.assertEqual(post(webhooks.paypal, payload, missing)["http"], 400)
		self.assertEqual(post(webhooks.paypal, "not json", PAYPAL_HEADERS)["http"], 400)
		self.assertEqual(post(webhooks.paypal, b"\xff\xfe", PAYPAL_HEADERS)["http"], 400)
		self.assertEqual(frappe.db.count("Integration Request"), before)

	def test_tracking_is_sent_to_the_order_of_the_capture(self):
		from performancewest_erpnext.pw_checkout import api

		order = orders.place_order([{"service": "rmd-filing"}], self.customer, "PayPal")
		order_id = checkout.start("PayPal", order.name, order.checkout_key).rsplit("=", 1)[1]
		approved = paypal_event("CHECKOUT.ORDER.APPROVED", approved_order(order_id, self.orders[order_id]))
		post(webhooks.paypal, approved, PAYPAL_HEADERS)
		payment = frappe.db.get_value("Payment Entry", {"reference_no": f"CAP-{order_id}", "docstatus": 1})
		self.api.add(
			responses.GET,
			f"{PAYPAL}/v2/payments/captures/CAP-{order_id}",
			json={
				"id": f"CAP-{order_id}",
				"status": "COMPLETED",
				"supplementary_data": {"related_ids": {"order_id": order_id}},
			},
		)
		self.api.add(
			responses.POST,
			f"{PAYPAL}/v2/checkout/orders/{order_id}/track",
			json={"id": order_id, "status": "COMPLETED"},
		)
		api.add_paypal_tracking(payment, "9400111899223856743453", "USPS")
		track = self.api.calls[-1].request
		self.assertEqual(
			json.loads(track.body),
			{
				"capture_id": f"CAP-{order_id}",
				"tracking_number": "9400111899223856743453",
				"carrier": "USPS",
				"notify_payer": True,
			},
		)
		self.assertEqual(track.headers["PayPal-Request-Id"], f"{order_id}-track-9400111899223856743453")
		self.assertRaises(frappe.ValidationError, api.add_paypal_tracking, payment, "x" * 65)


class TestFundsAndReminders(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.customer = ensure_portal_customer(f"Funds Test {RUN}", f"funds-{RUN}@example.com", "Fern Funds")
		verify(cls.customer)
		frappe.db.commit()  # nosemgrep

	def order_with_fees(self, method: str):
		fee_service = f"t-fees-{RUN}"
		if not frappe.db.exists("Catalog Service", fee_service):
			frappe.get_doc(
				{
					"doctype": "Catalog Service",
					"slug": fee_service,
					"service_name": "Fee Test",
					"rate": 100,
					"per_jurisdiction": 1,
					"government_fee_basis": "Fixed",
					"government_fees": [
						{"jurisdiction": "", "description": "State filing fee", "amount": 250}
					],
				}
			).insert()
		return orders.place_order([{"service": fee_service, "jurisdictions": ["WY"]}], self.customer, method)

	def test_cleared_funds_top_up_the_matching_card_once(self):
		order = self.order_with_fees("PayPal")
		orders.payment_received(order.name, reference="CAP-1")
		topup = frappe.get_doc("Filing Card Top-up", {"service_order": order.name})
		self.assertEqual(
			(topup.filing_card, topup.amount, topup.status), ("PayPal Mastercard", 250, "With Staff")
		)
		self.assertIn("PayPal Mastercard", frappe.db.get_value("ToDo", topup.todo, "description"))
		self.assertTrue(frappe.db.exists("Email Queue", {"reference_name": order.name}))
		from performancewest_erpnext.pw_checkout import funds

		self.assertIsNone(funds.on_funds_cleared(frappe.get_doc("Service Order", order.name)))  # redelivery
		self.assertEqual(frappe.db.count("Filing Card Top-up", {"service_order": order.name}), 1)

	def test_crypto_funds_clear_when_the_treasury_settles_without_a_second_topup(self):
		from performancewest_erpnext.pw_checkout import crypto_sizing

		order = self.order_with_fees("Crypto")
		orders.payment_received(order.name, reference="txid-1")
		self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Funds Pending")
		self.assertEqual(
			[r["kind"] for r in crypto_sizing.obligations("Sales Invoice", order.sales_invoice)],
			["filing_fee"],
		)
		job = frappe._dict(
			name="TJ-test", reference_doctype="Sales Invoice", reference_name=order.sales_invoice
		)
		crypto_sizing.job_settled(job)
		crypto_sizing.job_settled(job)  # a second settlement notice changes nothing
		self.assertNotEqual(frappe.db.get_value("Service Order", order.name, "status"), "Funds Pending")
		self.assertFalse(frappe.db.exists("Filing Card Top-up", {"service_order": order.name}))

	def test_an_order_placed_after_midnight_in_a_long_process_is_invoiced(self):
		# a process that made its first documents before midnight (the demo loader, a job) keeps Frappe's
		# templates of them, whose "Today" defaults are of the day before: the invoice of an order it places
		# after midnight is still dated today, and due on or after that date
		midnight = datetime(2026, 12, 4, tzinfo=ZoneInfo(get_system_timezone())).astimezone(UTC)
		midnight = midnight.replace(tzinfo=None)
		with frozen(midnight - timedelta(seconds=5)):
			fiscal_year(2026)
			frappe.new_doc("Sales Order")
			frappe.new_doc("Sales Invoice")
			with freeze_time(midnight + timedelta(seconds=1), tick=True):
				order = orders.place_order([{"service": "rmd-filing"}], self.customer, "Card")
				si = frappe.get_doc("Sales Invoice", order.sales_invoice)
				self.assertEqual((str(si.posting_date), si.docstatus), ("2026-12-04", 1))
				self.assertEqual([str(row.due_date) for row in si.payment_schedule], ["2026-12-04"])
				self.assertEqual(str(si.due_date), "2026-12-04")

	def test_card_funds_wait_two_business_days_then_clear(self):
		with frozen("2026-11-27 15:00:00") as clock:  # ordered and paid on a Friday
			fiscal_year(2026)  # a site made later has only its own year
			order = self.order_with_fees("Card")
			orders.payment_received(order.name, reference="pi_1")
			doc = frappe.get_doc("Service Order", order.name)
			self.assertEqual((doc.status, str(doc.funds_expected_on)), ("Funds Pending", "2026-12-01"))
			self.assertFalse(frappe.db.exists("Filing Card Top-up", {"service_order": order.name}))
			configure_stripe()
			clock.move_to("2026-12-01 09:00:00")  # the following Tuesday
			with responses.RequestsMock() as stripe_api:
				stripe_api.add(
					responses.POST,
					"https://api.stripe.com/v1/topups",
					json={"id": "tu_test_1", "object": "topup", "status": "pending"},
				)
				orders.clear_due_funds()
				sent = form(stripe_api.calls[0].request.body)
				key = stripe_api.calls[0].request.headers["Idempotency-Key"]
			self.assertEqual((sent["amount"], sent["destination_balance"]), ("25000", "issuing"))
			topup = frappe.get_doc("Filing Card Top-up", {"service_order": order.name})
			self.assertEqual(
				(topup.filing_card, topup.status, topup.provider_reference, key),
				("Stripe Issuing virtual card", "Done", "tu_test_1", topup.name),
			)
			self.assertNotEqual(frappe.db.get_value("Service Order", order.name, "status"), "Funds Pending")

	def test_reminders_go_out_once_each_and_stop_when_paid(self):
		order = orders.place_order([{"service": "rmd-filing"}], self.customer, "Card")
		placed = frappe.db.get_value("Service Order", order.name, "creation")

		def sent() -> int:
			return frappe.db.get_value("Service Order", order.name, "reminders_sent")

		for minutes, expected in ((10, 0), (16, 1), (20, 1), (24 * 60 + 1, 2), (24 * 60 + 5, 2)):
			checkout.send_reminders(add_to_date(placed, minutes=minutes))
			self.assertEqual(sent(), expected, minutes)
		self.assertEqual(frappe.db.count("Email Queue", {"reference_name": order.name}), 2)
		orders.payment_received(order.name, reference="pi_2")
		checkout.send_reminders(add_to_date(placed, days=3))
		self.assertEqual(sent(), 2)
