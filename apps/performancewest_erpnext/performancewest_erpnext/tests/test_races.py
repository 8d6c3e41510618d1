"""Money and signature effects happen once under real concurrency: the same events sent from several
processes at once to the served site, processed by real RQ workers, with Stripe's, PayPal's and
SHKeeper's APIs answered by a local recorded server."""

import io
import json
import re
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlparse

import frappe
import responses
from frappe.tests.utils import FrappeTestCase
from pw_test_support.served import Call, ServedSite, api_token, free_port

from performancewest_erpnext.pw_checkout import checkout, refunds
from performancewest_erpnext.pw_orders import orders
from performancewest_erpnext.pw_orders.customers import ensure_portal_customer
from performancewest_erpnext.pw_orders.demo import verify
from performancewest_erpnext.tests.test_checkout import (
	PAYPAL,
	PAYPAL_HEADERS,
	RUN,
	SECRET,
	SESSIONS,
	approved_order,
	configure_stripe,
	deliver,
	event,
	paypal_event,
	signed,
	stripe_session,
)

WEBHOOK = "/api/method/performancewest_erpnext.pw_checkout.webhooks."
SHKEEPER_KEY = f"shk-race-key-{RUN}"


class Recorded(BaseHTTPRequestHandler):
	"""Stripe's and PayPal's APIs as recorded (test mode / sandbox) answers; `state` is the test's."""

	state: ClassVar[dict] = {"orders": {}, "refund_delay": 0.0}

	def _send(self, body: dict, status: int = 200) -> None:
		data = json.dumps(body).encode()
		self.send_response(status)
		self.send_header("Content-Type", "application/json")
		self.send_header("Content-Length", str(len(data)))
		self.end_headers()
		self.wfile.write(data)

	def log_message(self, *args):
		pass

	def _body(self) -> bytes:
		return self.rfile.read(int(self.headers.get("Content-Length") or 0))

	def do_POST(self):
		path, body = urlparse(self.path).path, self._body()
		if path == "/v1/oauth2/token":
			return self._send({"access_token": "A21AA-race", "expires_in": 32400})
		if path == "/v1/notifications/verify-webhook-signature":
			return self._send({"verification_status": "SUCCESS"})
		if match := re.fullmatch(r"/v2/checkout/orders/([^/]+)/capture", path):
			order_id = match.group(1)
			unit = self.state["orders"][order_id]
			capture = {
				"id": f"CAP-{order_id}",
				"status": "COMPLETED",
				"amount": unit["amount"],
				"custom_id": unit["custom_id"],
			}
			self.state.setdefault("captures", []).append((order_id, self.headers.get("PayPal-Request-Id")))
			units = [{"reference_id": unit["custom_id"], "payments": {"captures": [capture]}}]
			return self._send({"id": order_id, "status": "COMPLETED", "purchase_units": units}, 201)
		if path == "/v1/refunds":
			form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
			time.sleep(self.state["refund_delay"])  # Stripe's charge.refunded can overtake the answer
			return self._send(refund_of(form["payment_intent"], int(form["amount"])))
		if match := re.fullmatch(r"/v1/checkout/sessions/([^/]+)/expire", path):
			self.state.setdefault("expired", []).append(match.group(1))
			return self._send({"id": match.group(1), "object": "checkout.session", "status": "expired"})
		return self._send({"error": {"message": f"no recording for POST {path}"}}, 404)

	def do_GET(self):
		url = urlparse(self.path)
		if url.path == "/v1/refunds":
			intent = parse_qs(url.query)["payment_intent"][0]
			amount = self.state["refunds"][intent]
			return self._send({"object": "list", "has_more": False, "data": [refund_of(intent, amount)]})
		return self._send({"error": {"message": f"no recording for GET {url.path}"}}, 404)


def refund_of(intent: str, amount: int) -> dict:
	return {
		"id": f"re_{intent[3:]}",
		"object": "refund",
		"amount": amount,
		"payment_intent": intent,
		"status": "succeeded",
	}


def configure_paypal() -> None:
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


def accounts_user() -> str:
	email = f"race-accounts-{RUN}@example.com"
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": "Race", "user_type": "System User"}
		)
		user.append("roles", {"role": "Accounts Manager"})
		user.insert(ignore_permissions=True)
	return email


class RaceCase(FrappeTestCase):
	"""A served site with two workers; the recorded API on its own port."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		configure_stripe()
		configure_paypal()
		cls.customer = ensure_portal_customer(f"Race Test {RUN}", f"race-{RUN}@example.com", "Rae Race")
		verify(cls.customer)
		frappe.db.commit()  # nosemgrep: the served site and the workers read committed data only
		cls.api = ThreadingHTTPServer(("127.0.0.1", free_port()), Recorded)
		threading.Thread(target=cls.api.serve_forever, daemon=True).start()
		cls.addClassCleanup(cls.api.server_close)
		cls.addClassCleanup(cls.api.shutdown)
		base = f"http://127.0.0.1:{cls.api.server_port}"
		cls.served = ServedSite(
			workers=[("short",), ("short",)], conf={"stripe_api_base": base, "paypal_api_base": base}
		)
		cls.served.start()
		cls.addClassCleanup(cls.served.stop)

	def setUp(self):
		self.mock = responses.RequestsMock(assert_all_requests_are_fired=False)
		self.mock.start()
		self.addCleanup(self.mock.stop)
		self.mock.add_passthru(self.served.url)
		self.mock.add_callback(responses.POST, SESSIONS, callback=stripe_session)
		self.mock.add(
			responses.POST, f"{PAYPAL}/v1/oauth2/token", json={"access_token": "A21AA-t", "expires_in": 3600}
		)
		self.mock.add_callback(responses.POST, f"{PAYPAL}/v2/checkout/orders", callback=self.paypal_created)

	def paypal_created(self, request):
		unit = json.loads(request.body)["purchase_units"][0]
		order_id = f"5R{frappe.generate_hash(length=14).upper()}"
		Recorded.state["orders"][order_id] = unit
		links = [
			{"href": f"https://www.sandbox.paypal.com/checkoutnow?token={order_id}", "rel": "payer-action"}
		]
		return 200, {}, json.dumps({"id": order_id, "status": "PAYER_ACTION_REQUIRED", "links": links})

	def settle(self) -> None:
		self.served.wait_for_jobs(("performancewest_erpnext.pw_checkout",))
		frappe.db.rollback()  # a fresh read of what the served site committed

	def events_done(self, ids: list[str], service: str) -> None:
		for event_id in ids:
			self.assertEqual(
				frappe.db.get_value("Integration Request", f"{service}:{event_id}", "status"),
				"Completed",
				self.served.log(),
			)


class TestPaymentRaces(RaceCase):
	def test_paypal_approved_and_capture_completed_together_book_one_payment(self):
		for _round in range(3):
			order = orders.place_order([{"service": "rmd-filing"}], self.customer, "PayPal")
			order_id = checkout.start("PayPal", order.name, order.checkout_key).rsplit("=", 1)[1]
			unit = Recorded.state["orders"][order_id]
			frappe.db.commit()  # nosemgrep
			approved = paypal_event("CHECKOUT.ORDER.APPROVED", approved_order(order_id, unit))
			completed = paypal_event(
				"PAYMENT.CAPTURE.COMPLETED",
				{
					"id": f"CAP-{order_id}",
					"status": "COMPLETED",
					"amount": unit["amount"],
					"custom_id": unit["custom_id"],
				},
			)
			answers = self.served.race(
				[
					Call("POST", WEBHOOK + "paypal", data=body, headers=PAYPAL_HEADERS)
					for body in (approved, completed)
				]
			)
			self.assertEqual([a.status for a in answers], [200, 200], answers)
			self.settle()
			self.assertEqual(
				frappe.db.count("Payment Entry", {"reference_no": f"CAP-{order_id}", "docstatus": 1}), 1
			)
			self.events_done([json.loads(approved)["id"], json.loads(completed)["id"]], "PayPal Orders")
			self.assertEqual(
				frappe.db.get_value("Sales Invoice", order.sales_invoice, "outstanding_amount"), 0
			)
			# captured by the APPROVED job (again if the job was retried: the request id makes it one capture)
			self.assertEqual(
				{key for captured, key in Recorded.state["captures"] if captured == order_id},
				{f"{order_id}-capture"},
			)

	def test_one_stripe_event_delivered_four_times_at_once_books_once(self):
		order = orders.place_order([{"service": "rmd-filing"}], self.customer, "Card")
		checkout.start("Card", order.name, order.checkout_key)
		invoice = frappe.db.get_value("Service Order", order.name, "sales_invoice")
		request = frappe.get_doc("Payment Request", {"reference_name": invoice, "docstatus": 1})
		frappe.db.commit()  # nosemgrep
		payload = event("checkout.session.completed", request)
		answers = self.served.race(
			[
				Call("POST", WEBHOOK + "stripe", data=payload, headers={"Stripe-Signature": signed(payload)})
				for _i in range(4)
			]
		)
		self.assertEqual(sorted(a.body["message"]["status"] for a in answers), ["duplicate"] * 3 + ["queued"])
		self.settle()
		self.events_done([json.loads(payload)["id"]], "Stripe Checkout")
		self.assertEqual(
			frappe.db.count("Payment Entry", {"reference_no": f"pi_{request.name}", "docstatus": 1}), 1
		)

	def test_a_desk_refund_racing_charge_refunded_is_booked_once(self):
		order = orders.place_order([{"service": "rmd-filing"}], self.customer, "Card")
		checkout.start("Card", order.name, order.checkout_key)
		invoice = frappe.db.get_value("Service Order", order.name, "sales_invoice")
		request = frappe.get_doc("Payment Request", {"reference_name": invoice, "docstatus": 1})
		paid = event("checkout.session.completed", request)
		deliver(paid, signed(paid))  # booked in this process (jobs run inline in tests)
		intent = f"pi_{request.name}"
		payment = frappe.db.get_value("Payment Entry", {"reference_no": intent, "docstatus": 1})
		total = int(Decimal(str(request.grand_total)) * 100)
		Recorded.state["refunds"] = {intent: total}
		Recorded.state["refund_delay"] = 10
		self.addCleanup(Recorded.state.update, {"refund_delay": 0.0})
		headers = api_token(accounts_user())  # commits the payment too
		charge = json.dumps(
			{
				"id": f"evt_{frappe.generate_hash(length=12)}",
				"type": "charge.refunded",
				"data": {
					"object": {"id": f"ch_{request.name}", "payment_intent": intent, "amount_refunded": total}
				},
			}
		)
		answers = self.served.race(
			[
				Call(
					"POST",
					"/api/method/performancewest_erpnext.pw_checkout.api.refund",
					data={"payment_entry": payment},
					headers=headers,
				),
				Call("POST", WEBHOOK + "stripe", data=charge, headers={"Stripe-Signature": signed(charge)}),
			]
		)
		self.assertEqual([a.status for a in answers], [200, 200], answers)
		self.settle()
		self.events_done([json.loads(charge)["id"]], "Stripe Checkout")
		refund_entries = frappe.get_all(
			"Payment Entry",
			{"payment_type": "Pay", "docstatus": 1, "remarks": ("like", f"%refund of {payment}%")},
			["name", "paid_amount", "reference_no"],
		)
		self.assertEqual(
			[(r.paid_amount, r.reference_no) for r in refund_entries],
			[(request.grand_total, f"re_{intent[3:]}")],
		)
		self.assertEqual(answers[0].body["message"], refund_entries[0].name)
		self.assertEqual(refunds.refunded(payment), request.grand_total)


class TestPayoutAndSignatureRaces(RaceCase):
	def test_two_payout_callbacks_at_once_write_one_sweep_row(self):
		if "frappe_crypto" not in frappe.get_installed_apps():
			self.skipTest("frappe_crypto is not installed")
		import hashlib
		import hmac

		settings = frappe.get_single("SHKeeper Settings")
		settings.update(
			{
				"enabled": 1,
				"api_url": "https://shkeeper.test",
				"api_key": SHKEEPER_KEY,
				"legacy_api_key_auth": 0,
				"enabled_coins": settings.enabled_coins or "BTC",
				"fiat_currencies": settings.fiat_currencies or "USD",
			}
		)
		settings.save()
		# the hot wallet holds what is swept: the append-only ledger stays balanced for later suites
		frappe.get_attr("frappe_crypto.ledger.ledger.append")(
			"Received",
			coin="BTC",
			account="Hot Wallet",
			counter_account="Customer",
			amount_crypto=0.01,
			amount_fiat=650,
			rate=65000,
			txid=frappe.generate_hash(length=64),
			remarks="Received for the payout race test",
		)
		payout = frappe.get_doc(
			{
				"doctype": "Crypto Payout",
				"purpose": "Sweep",
				"coin": "BTC",
				"destination": f"bc1qrace{RUN}",
				"amount_crypto": 0.01,
				"fee": "10",
				"status": "Requested",
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep
		body = json.dumps(
			{
				"external_id": payout.name,
				"status": "SUCCESS",
				"crypto": "BTC",
				"tx_hash": f"0xrace{RUN}",
				"amount_fiat": "650.00",
			}
		).encode()
		stamp = str(int(time.time()))
		signature = hmac.new(SHKEEPER_KEY.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
		headers = {
			"Content-Type": "application/json",
			"X-Shkeeper-Timestamp": stamp,
			"X-Shkeeper-Signature": signature,
		}
		answers = self.served.race(
			[Call("POST", "/api/method/frappe_crypto.shkeeper.callbacks.payout", data=body, headers=headers)]
			* 3
		)
		self.assertEqual([a.status for a in answers], [202] * 3, answers)
		frappe.db.rollback()
		rows = frappe.get_all(
			"Crypto Ledger Entry",
			{"reference_doctype": "Crypto Payout", "reference_name": payout.name},
			["entry_type"],
		)
		self.assertEqual([r.entry_type for r in rows], ["Sweep"])
		self.assertEqual(frappe.db.get_value("Crypto Payout", payout.name, "status"), "Sent")

	def test_two_submissions_of_one_signing_link_sign_once(self):
		from reportlab.pdfgen import canvas

		from performancewest_erpnext.pw_documents import esign
		from performancewest_erpnext.pw_documents.convert import store_pdf

		buffer = io.BytesIO()
		page = canvas.Canvas(buffer)
		page.drawString(72, 720, f"Engagement letter {RUN}")
		page.save()
		doc = frappe.get_doc(
			{"doctype": "Order Document", "title": f"Race letter {RUN}", "customer": self.customer}
		).insert(ignore_permissions=True)
		store_pdf(doc, buffer.getvalue())
		request = esign.request_signature(doc.name, "Rae Race", f"race-{RUN}@example.com", send=False)
		token = parse_qs(urlparse(esign.link_for(request.name)).query)["token"][0]  # commits
		submit = Call(
			"POST",
			"/api/method/performancewest_erpnext.pw_documents.api.esign_submit",
			data={"token": token, "consent": 1, "signature_type": "Typed", "typed_name": "Rae Race"},
		)
		answers = self.served.race([submit] * 3)
		self.assertEqual(sorted(a.status for a in answers), [200, 410, 410], answers)
		frappe.db.rollback()
		self.assertEqual(
			frappe.db.count("Order Document", {"signed_from": doc.name, "kind": "Signed Document"}), 1
		)
		self.assertEqual(frappe.db.get_value("eSign Request", request.name, "status"), "Signed")
