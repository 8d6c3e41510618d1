"""Adyen on a real site: the gateway offered only when configured, the Checkout session for a Payment
Request (amount in minor units, reference), Standard webhooks (basic auth, HMAC of every item, a body
that is not JSON, stored once) and what each notification books: the payment once, refunds from the
desk and from Adyen, a refused refund, a cancellation, a chargeback."""

import json

import frappe
from frappe.tests.utils import FrappeTestCase

from frappe_adyen.adyen import gateway, paypage, refunds, webhooks
from frappe_adyen.tests import utils as u

NOTIFICATION = "Adyen Notification"


class AdyenCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		u.configure()
		cls.addClassCleanup(u.disable)
		frappe.db.commit()  # nosemgrep: notification jobs commit; their fixtures must exist for them

	def setUp(self):
		self.api = u.RecordedAdyen().__enter__()
		self.addCleanup(self.api.__exit__)

	def psp(self) -> str:
		return frappe.generate_hash(length=16).upper()

	def pay(self, amount: float = 150.0, surcharge: float = 0) -> tuple[object, str]:
		"""A Payment Request paid through an AUTHORISATION notification: (request, pspReference)."""
		pr = u.payment_request(amount, surcharge)
		psp = self.psp()
		minor = round((amount + surcharge) * 100)
		self.assertEqual(
			u.deliver(u.body_of(u.item_for("AUTHORISATION", psp, minor, pr.name))), (200, "[accepted]")
		)
		return pr, psp

	def receipts(self, psp: str) -> list[dict]:
		return frappe.get_all(
			"Payment Entry",
			filters={"reference_no": psp, "payment_type": "Receive", "docstatus": 1},
			fields=["name", "paid_amount", "unallocated_amount", "mode_of_payment", "paid_to"],
		)


class TestGateway(AdyenCase):
	def test_offered_only_when_enabled_and_complete(self):
		methods = [m["method"] for m in gateway.payment_methods()]
		self.assertEqual(methods, ["Card", "ACH", "Klarna", "Cash App Pay", "Amazon Pay"])
		self.assertTrue(all(m["gateway"] == "Adyen" for m in gateway.payment_methods()))
		settings = frappe.get_single("Adyen Settings")
		settings.enabled = 0
		settings.save()
		try:
			self.assertEqual(gateway.payment_methods(), [])
		finally:
			u.configure()
		self.assertRaises(frappe.ValidationError, u.configure, payment_methods="Card\nBitcoin")
		u.configure()

	def test_the_payment_request_gets_the_signed_pay_page(self):
		pr = u.payment_request(100)
		self.assertEqual(pr.payment_url, gateway.pay_page_url(pr.name))
		self.assertIn("/adyen-pay?pr=", pr.payment_url)
		self.assertRaises(frappe.PermissionError, paypage.session, pr.name, "0" * 32)
		self.assertRaises(frappe.PermissionError, paypage.session, pr.name, "é" * 32)
		self.assertRaises(frappe.PermissionError, paypage.session, None, None)


class TestSession(AdyenCase):
	def test_session_for_the_invoice_total_with_its_surcharge_in_minor_units(self):
		pr = u.payment_request(219.00, surcharge=6.57)
		self.assertEqual(pr.grand_total, 225.57)
		answer = paypage.session(pr.name, gateway.link_signature(pr.name))
		call = self.api.calls[-1]
		self.assertEqual(call["url"], f"{u.API}/sessions")
		body = call["body"]
		self.assertEqual(body["amount"], {"value": 22557, "currency": "USD"})
		self.assertEqual(body["reference"], pr.name)
		self.assertEqual(body["merchantAccount"], u.MERCHANT)
		self.assertEqual(body["allowedPaymentMethods"], ["scheme"])
		self.assertEqual(body["metadata"]["reference_name"], pr.reference_name)
		self.assertTrue(body["returnUrl"].startswith(gateway.pay_page_url(pr.name)))
		self.assertTrue(call["headers"]["Idempotency-Key"].startswith(f"session-{pr.name}-"))
		self.assertEqual(answer["amount"], {"value": 22557, "currency": "USD"})
		self.assertEqual((answer["id"], answer["environment"]), ("CS6A2C8B6C4B0C4E2D", "test"))
		self.assertTrue(answer["sessionData"])
		log = frappe.get_last_doc("Integration Request", {"integration_request_service": "Adyen"})
		self.assertEqual(
			(log.request_description, log.status, log.reference_docname), ("sessions", "Completed", pr.name)
		)
		self.assertNotIn("AQEyhmfxK4", log.data)  # the API key is never logged

	def test_a_klarna_request_allows_klarna_only(self):
		pr = u.payment_request(80, method="Klarna")
		paypage.session(pr.name, gateway.link_signature(pr.name))
		self.assertEqual(
			self.api.calls[-1]["body"]["allowedPaymentMethods"], ["klarna", "klarna_account", "klarna_paynow"]
		)


class TestWebhook(AdyenCase):
	def test_authorisation_books_one_payment_entry_however_often_it_arrives(self):
		pr, psp = self.pay(219.00, surcharge=6.57)
		for _ in range(3):
			self.assertEqual(
				u.deliver(u.body_of(u.item_for("AUTHORISATION", psp, 22557, pr.name))), (200, "[accepted]")
			)
		self.assertEqual(frappe.db.count(NOTIFICATION, {"psp_reference": psp}), 1)
		notification = frappe.get_doc(NOTIFICATION, f"{psp}:AUTHORISATION")
		self.assertEqual(notification.status, "Completed")
		[receipt] = self.receipts(psp)
		self.assertEqual(
			(receipt.paid_amount, receipt.unallocated_amount, receipt.mode_of_payment), (225.57, 0, "Card")
		)
		self.assertEqual(receipt.paid_to, gateway.gateway_account())
		self.assertEqual(notification.payment_entry, receipt.name)
		self.assertEqual(frappe.db.get_value("Sales Invoice", pr.reference_name, "outstanding_amount"), 0)
		self.assertEqual(frappe.db.get_value("Payment Request", pr.name, "status"), "Paid")

	def test_forged_or_altered_hmac_is_refused_and_nothing_is_stored(self):
		pr = u.payment_request(150)
		psp = self.psp()
		good = u.item_for("AUTHORISATION", psp, 15000, pr.name)
		altered = json.loads(json.dumps(good))
		altered["amount"]["value"] = 1
		forged = u.item_for("AUTHORISATION", psp, 15000, pr.name, key="00" * 32)
		unsigned = json.loads(json.dumps(good))
		del unsigned["additionalData"]["hmacSignature"]
		second_bad = u.item_for("CAPTURE", self.psp(), 15000, pr.name, original=psp)
		second_bad["success"] = "false"  # altered after signing
		for body in (
			u.body_of(altered),
			u.body_of(forged),
			u.body_of(unsigned),
			u.body_of(good, second_bad),  # one bad item refuses the whole delivery
		):
			status, text = u.deliver(body)
			self.assertEqual(status, 401, text)
			self.assertIn("HMAC", text)
		self.assertFalse(frappe.db.exists(NOTIFICATION, {"psp_reference": psp}))
		self.assertEqual(self.receipts(psp), [])

	def test_basic_auth_and_malformed_bodies(self):
		pr = u.payment_request(150)
		psp = self.psp()
		body = u.body_of(u.item_for("AUTHORISATION", psp, 15000, pr.name))
		_user, key, _secret = u.webhook_user()
		self.assertEqual(u.deliver(body, auth=(key, "wrong-secret"))[0], 401)
		self.assertEqual(u.deliver(body, auth=("no-such-key", "x"))[0], 401)
		self.assertEqual(u.deliver(b"{not json", content_type="text/plain")[0], 400)
		self.assertEqual(u.deliver(b'{"live": "false"}', content_type="text/plain")[0], 400)
		self.assertEqual(u.deliver(b"[1, 2]", content_type="text/plain")[0], 400)
		self.assertEqual(
			u.deliver(u.body_of(u.item_for("AUTHORISATION", psp, 15000, pr.name), live="true"))[0], 400
		)
		self.assertFalse(frappe.db.exists(NOTIFICATION, {"psp_reference": psp}))
		self.assertEqual(u.deliver(body), (200, "[accepted]"))

	def test_a_refused_authorisation_books_nothing(self):
		pr = u.payment_request(150)
		psp = self.psp()
		item = u.item_for("AUTHORISATION", psp, 15000, pr.name, success=False, reason="Refused")
		self.assertEqual(u.deliver(u.body_of(item)), (200, "[accepted]"))
		self.assertEqual(self.receipts(psp), [])
		self.assertIn("refused", frappe.db.get_value(NOTIFICATION, f"{psp}:AUTHORISATION", "result"))
		self.assertGreater(frappe.db.get_value("Sales Invoice", pr.reference_name, "outstanding_amount"), 0)

	def test_the_job_processes_a_notification_once(self):
		pr = u.payment_request(150)
		psp = self.psp()
		name = webhooks.store(u.item_for("AUTHORISATION", psp, 15000, pr.name))
		self.assertEqual(name, f"{psp}:AUTHORISATION")
		webhooks.process(name)
		webhooks.process(name)
		self.assertEqual(len(self.receipts(psp)), 1)
		self.assertIsNone(webhooks.store(u.item_for("AUTHORISATION", psp, 15000, pr.name)))


class TestRefundsAndDisputes(AdyenCase):
	def test_refund_from_the_desk_is_asked_of_adyen_and_mirrored_once(self):
		pr, psp = self.pay(200)
		[receipt] = self.receipts(psp)
		mirror = refunds.refund(receipt.name, 50)
		call = self.api.calls[-1]
		self.assertEqual(call["url"], f"{u.API}/payments/{psp}/refunds")
		self.assertEqual(call["body"]["amount"], {"value": 5000, "currency": "USD"})
		self.assertEqual(call["body"]["merchantAccount"], u.MERCHANT)
		refund_psp = frappe.db.get_value("Payment Entry", mirror, "reference_no")
		self.assertEqual(
			frappe.db.get_value(
				"Payment Entry", mirror, ["payment_type", "paid_amount", "paid_from", "docstatus"]
			),
			("Pay", 50, gateway.gateway_account(), 1),
		)
		# Adyen confirms the refund: already in the books
		self.assertEqual(
			u.deliver(u.body_of(u.item_for("REFUND", refund_psp, 5000, pr.name, original=psp))),
			(200, "[accepted]"),
		)
		self.assertEqual(frappe.db.count("Payment Entry", {"reference_no": refund_psp, "docstatus": 1}), 1)
		# more than what is left is refused before Adyen is asked
		calls = len(self.api.calls)
		self.assertRaises(frappe.ValidationError, refunds.refund, receipt.name, 150.01)
		self.assertEqual(len(self.api.calls), calls)
		refunds.refund(receipt.name)  # the rest
		self.assertEqual(self.api.calls[-1]["body"]["amount"]["value"], 15000)
		self.assertRaises(frappe.ValidationError, refunds.refund, receipt.name)

	def test_a_refund_adyen_refuses_changes_nothing(self):
		_pr, psp = self.pay(120)
		[receipt] = self.receipts(psp)
		self.api.refund_status = 422
		self.assertRaises(frappe.ValidationError, refunds.refund, receipt.name, 20)
		self.assertFalse(
			frappe.db.exists(
				"Payment Entry", {"payment_type": "Pay", "remarks": ("like", f"%refund of {receipt.name}%")}
			)
		)

	def test_a_refused_calls_log_outlives_the_rollback_of_its_request(self):
		_pr, psp = self.pay(120)
		[receipt] = self.receipts(psp)
		self.api.refund_status = 422
		self.assertRaises(frappe.ValidationError, refunds.refund, receipt.name, 20)
		# the failed request (or job) rolls back, and the log written with the call goes with it; the
		# log written again after the rollback is committed, so the next rollback keeps it, and the
		# callbacks queued after it (Frappe's file and cache clean-ups) still run
		ran = []
		frappe.db.after_rollback.add(lambda: ran.append("later callback"))
		frappe.db.rollback()
		frappe.db.rollback()
		log = {"integration_request_service": "Adyen", "status": "Failed", "data": ("like", f"%{psp}%")}
		self.assertEqual(frappe.db.count("Integration Request", log), 1)
		self.assertEqual(ran, ["later callback"])

	def test_refund_made_in_adyen_is_mirrored_and_a_failed_one_undone(self):
		pr, psp = self.pay(300)
		[receipt] = self.receipts(psp)
		refund_psp = self.psp()
		u.deliver(u.body_of(u.item_for("REFUND", refund_psp, 7550, pr.name, original=psp)))
		mirror = frappe.db.get_value(
			"Payment Entry",
			{"reference_no": refund_psp, "docstatus": 1},
			["name", "paid_amount", "party"],
			as_dict=True,
		)
		self.assertEqual((mirror.paid_amount, mirror.party), (75.5, u.customer()))
		# the bank sends it back
		u.deliver(u.body_of(u.item_for("REFUNDED_REVERSED", refund_psp, 7550, pr.name, original=psp)))
		self.assertEqual(frappe.db.get_value("Payment Entry", mirror.name, "docstatus"), 2)
		todo = frappe.db.get_value(NOTIFICATION, f"{refund_psp}:REFUNDED_REVERSED", "todo")
		self.assertEqual(
			frappe.db.get_value("ToDo", todo, ["role", "reference_name"]), ("Accounts Manager", receipt.name)
		)

	def test_chargeback_becomes_an_accounts_manager_todo(self):
		pr, psp = self.pay(180)
		[receipt] = self.receipts(psp)
		dispute = self.psp()
		u.deliver(
			u.body_of(u.item_for("CHARGEBACK", dispute, 18000, pr.name, original=psp, reason="Fraudulent"))
		)
		todo = frappe.get_doc("ToDo", frappe.db.get_value(NOTIFICATION, f"{dispute}:CHARGEBACK", "todo"))
		self.assertEqual(
			(todo.role, todo.priority, todo.reference_type, todo.reference_name),
			("Accounts Manager", "High", "Payment Entry", receipt.name),
		)
		self.assertIn("Fraudulent", todo.description)
		self.assertEqual(len(self.receipts(psp)), 1)  # the books wait for the outcome

	def test_cancellation_cancels_the_booked_payment(self):
		pr, psp = self.pay(90)
		[receipt] = self.receipts(psp)
		u.deliver(u.body_of(u.item_for("CANCELLATION", self.psp(), 9000, pr.name, original=psp)))
		self.assertEqual(frappe.db.get_value("Payment Entry", receipt.name, "docstatus"), 2)
		self.assertEqual(frappe.db.get_value("Sales Invoice", pr.reference_name, "outstanding_amount"), 90)

	def test_capture_is_noted_on_the_payment(self):
		pr, psp = self.pay(60)
		[receipt] = self.receipts(psp)
		capture = self.psp()
		u.deliver(u.body_of(u.item_for("CAPTURE", capture, 6000, pr.name, original=psp)))
		self.assertEqual(
			frappe.db.get_value(NOTIFICATION, f"{capture}:CAPTURE", "payment_entry"), receipt.name
		)
		self.assertTrue(
			frappe.db.exists(
				"Comment", {"reference_name": receipt.name, "content": ("like", f"%captured%{capture}%")}
			)
		)
