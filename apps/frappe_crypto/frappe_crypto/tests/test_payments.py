"""SHKeeper payments on a real site: the pay page's quote, signed callbacks answered 202 only once
stored, and Payment Entries for the fiat actually received (exact, partial, overpaid, late,
duplicated and concurrent callbacks)."""

import threading
import time
from datetime import timedelta
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime

from frappe_crypto.shkeeper import callbacks, gateway, paypage, signature
from frappe_crypto.tests import utils as u


class CryptoCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		u.configure()
		frappe.db.commit()  # nosemgrep: callbacks commit; their fixtures must exist for them

	def setUp(self):
		self.shk = u.RecordedSHKeeper().__enter__()
		self.addCleanup(self.shk.__exit__)

	def quoted(self, amount: float = 150.0):
		pr = u.payment_request(amount)
		view = u.choose(pr.name)
		return pr, view

	def entries(self, pr) -> list[dict]:
		return frappe.get_all(
			"Payment Entry",
			filters={"party": u.customer(), "docstatus": 1, "reference_no": ("like", f"%{pr.name[-5:]}%")},
			fields=["name", "paid_amount", "unallocated_amount", "reference_no"],
			order_by="creation",
		)

	def txid(self, pr, n: int = 1) -> str:
		return f"{frappe.generate_hash(length=40)}{pr.name[-5:]}{n}"


class TestPayPage(CryptoCase):
	def test_the_gateway_gives_a_signed_pay_page_and_quotes_through_shkeeper(self):
		pr = u.payment_request(150)
		self.assertEqual(pr.status, "Initiated")
		self.assertEqual(pr.payment_url, gateway.pay_page_url(pr.name))
		self.assertIn("/crypto-pay?pr=", pr.payment_url)
		sig = gateway.link_signature(pr.name)
		self.assertRaises(frappe.PermissionError, paypage.coins, pr.name, "0" * 32)
		frappe.cache.delete_value("frappe_crypto:shkeeper_coins")
		coins = paypage.coins(pr.name, sig)
		self.assertEqual([c["name"] for c in coins], ["BTC", "LTC", "ETH"])  # in the settings' order
		view = paypage.choose(pr.name, sig, "BTC")
		self.assertEqual((view["coin"], view["amount_crypto"], view["status"]), ("BTC", "0.0025", "New"))
		self.assertTrue(view["address"].startswith("bc1q"))
		self.assertTrue(view["uri"].startswith(f"bitcoin:{view['address']}?amount=0.0025"))
		self.assertTrue(view["qr"].startswith("data:image/png;base64,"))
		self.assertTrue(3500 < view["expires_in"] <= 3600)
		# SHKeeper was asked with the request as external_id and this site's callback
		sent = __import__("json").loads(self.shk.mock.calls[-1].request.body)
		self.assertEqual((sent["external_id"], sent["fiat"], sent["amount"]), (pr.name, "USD", "150.0"))
		self.assertTrue(sent["callback_url"].endswith("/api/method/frappe_crypto.shkeeper.callbacks.payment"))
		self.assertTrue(
			frappe.db.exists(
				"Integration Request",
				{"integration_request_service": "SHKeeper", "reference_docname": pr.name},
			)
		)
		# asking again within the window reuses the quote; an unknown coin is refused
		calls = len(self.shk.mock.calls)
		self.assertEqual(paypage.choose(pr.name, sig, "BTC")["address"], view["address"])
		self.assertEqual(len(self.shk.mock.calls), calls, [c.request.url for c in self.shk.mock.calls])
		self.assertRaises(frappe.ValidationError, paypage.choose, pr.name, sig, "XMR")

	def test_a_currency_shkeeper_does_not_take_is_refused(self):
		settings = frappe.get_single("SHKeeper Settings")
		self.assertRaises(frappe.ValidationError, settings.validate_transaction_currency, "JPY")
		settings.validate_transaction_currency("EUR")

	def test_a_failed_calls_log_outlives_the_rollback_of_its_request(self):
		from frappe_crypto.shkeeper.client import SHKeeperClient

		task = frappe.generate_hash(length=12)
		self.assertRaises(frappe.ValidationError, SHKeeperClient().payout_task, "BTC", task)  # not recorded
		# the failed request (or job) rolls back, and the log written with the call goes with it; the
		# log written again after the rollback is committed, so the next rollback keeps it
		frappe.db.rollback()
		frappe.db.rollback()
		log = {"integration_request_service": "SHKeeper", "status": "Failed", "data": ("like", f"%{task}%")}
		self.assertEqual(frappe.db.count("Integration Request", log), 1)


class TestCallbackAuthentication(CryptoCase):
	def test_only_genuine_callbacks_are_stored_and_answered_202(self):
		pr, _view = self.quoted()
		body = u.event(pr.name, [u.tx(self.txid(pr), "150.00")], "PAID")
		now = int(time.time())
		refused = {
			"altered body": u.post(
				callbacks.payment,
				body.replace(b"150.00", b"1.00"),
				signature.signed_headers(u.KEY, body, now),
			),
			"wrong key": u.deliver(body, key="not-the-key"),
			"stale": u.deliver(body, timestamp=now - 301),
			"future": u.deliver(body, timestamp=now + 301),
			"no headers": u.post(callbacks.payment, body, {}),
			"legacy header on a signed installation": u.post(
				callbacks.payment, body, {"X-Shkeeper-Api-Key": u.KEY}
			),
		}
		for case, answer in refused.items():
			self.assertEqual(answer["http"], 401, case)
		self.assertFalse(frappe.db.exists("Crypto Transaction", {"crypto_invoice": pr.name}))
		self.assertEqual(u.deliver(b"not json")["http"], 400)
		self.assertEqual(u.deliver(u.event("ACC-PRQ-NOPE", [], "PAID"))["http"], 404)

		answer = u.deliver(body)
		self.assertEqual(answer["http"], 202)
		self.assertEqual(answer["new_transactions"], 1)
		self.assertTrue(frappe.db.exists("Crypto Transaction", {"crypto_invoice": pr.name}))

	def test_a_legacy_installation_may_use_the_api_key_header(self):
		u.configure(legacy_api_key_auth=1)
		self.addCleanup(u.configure)
		pr, _view = self.quoted()
		body = u.event(pr.name, [u.tx(self.txid(pr), "150.00")], "PAID")
		self.assertEqual(u.post(callbacks.payment, body, {"X-Shkeeper-Api-Key": "wrong"})["http"], 401)
		self.assertEqual(u.post(callbacks.payment, body, {"X-Shkeeper-Api-Key": u.KEY})["http"], 202)

	def test_an_event_that_cannot_be_stored_is_not_acknowledged(self):
		pr, _view = self.quoted()
		body = u.event(pr.name, [u.tx(self.txid(pr), "150.00")], "PAID")
		with patch.object(callbacks, "add_transaction", side_effect=RuntimeError("disk full")):
			answer = u.deliver(body)
		self.assertEqual(answer["http"], 503)
		self.assertFalse(frappe.db.exists("Crypto Transaction", {"crypto_invoice": pr.name}))
		self.assertEqual(u.deliver(body)["http"], 202)  # SHKeeper's retry is stored


class TestBooking(CryptoCase):
	def invoice_state(self, pr):
		return frappe.db.get_value(
			"Crypto Invoice",
			pr.name,
			["status", "additional_status", "received_fiat", "remaining_fiat", "excess_fiat"],
			as_dict=True,
		)

	def test_an_exact_payment_books_the_received_fiat_once(self):
		pr, _view = self.quoted(150)
		txid = self.txid(pr)
		self.assertEqual(u.deliver(u.event(pr.name, [u.tx(txid, "150.00")], "PAID"))["http"], 202)
		entries = frappe.get_all(
			"Payment Entry", {"reference_no": txid, "docstatus": 1}, ["paid_amount", "unallocated_amount"]
		)
		self.assertEqual([(e.paid_amount, e.unallocated_amount) for e in entries], [(150.0, 0.0)])
		self.assertEqual(frappe.db.get_value("Sales Invoice", pr.reference_name, "outstanding_amount"), 0)
		self.assertEqual(frappe.db.get_value("Payment Request", pr.name, "status"), "Paid")
		state = self.invoice_state(pr)
		self.assertEqual((state.status, state.additional_status), ("Settled", "None"))
		row = frappe.get_doc("Crypto Ledger Entry", {"txid": txid})
		self.assertEqual(
			(row.entry_type, row.account, row.coin, row.amount_fiat), ("Received", "Hot Wallet", "BTC", 150)
		)
		self.assertAlmostEqual(row.amount_crypto, 0.0025)
		self.assertEqual(row.rate, 60000)
		self.assertTrue(frappe.db.exists("Treasury Job", {"crypto_invoice": pr.name, "status": "received"}))

	def test_partial_then_completed(self):
		pr, _view = self.quoted(150)
		first, second = u.tx(self.txid(pr, 1), "60.00"), u.tx(self.txid(pr, 2), "90.00")
		self.assertEqual(u.deliver(u.event(pr.name, [first], "PARTIAL"))["http"], 202)
		state = self.invoice_state(pr)
		self.assertEqual(
			(state.status, state.additional_status, state.remaining_fiat), ("New", "PaidPartial", 90)
		)
		self.assertEqual(frappe.db.get_value("Sales Invoice", pr.reference_name, "outstanding_amount"), 90)
		self.assertEqual(frappe.db.get_value("Payment Request", pr.name, "status"), "Partially Paid")
		self.assertFalse(frappe.db.exists("Treasury Job", {"crypto_invoice": pr.name}))
		# SHKeeper's next callback lists both transactions; the first is not booked again
		self.assertEqual(u.deliver(u.event(pr.name, [first, second], "PAID"))["new_transactions"], 1)
		amounts = [
			frappe.db.get_value("Payment Entry", {"reference_no": t["txid"], "docstatus": 1}, "paid_amount")
			for t in (first, second)
		]
		self.assertEqual(amounts, [60, 90])
		self.assertEqual(frappe.db.get_value("Sales Invoice", pr.reference_name, "outstanding_amount"), 0)
		self.assertEqual(self.invoice_state(pr).status, "Settled")

	def test_an_overpayment_is_customer_credit_and_a_refund_task(self):
		pr, _view = self.quoted(150)
		txid = self.txid(pr)
		u.deliver(u.event(pr.name, [u.tx(txid, "200.00")], "OVERPAID"))
		pe = frappe.get_doc("Payment Entry", {"reference_no": txid, "docstatus": 1})
		self.assertEqual((pe.paid_amount, pe.unallocated_amount), (200, 50))
		self.assertEqual(
			[(r.reference_name, r.allocated_amount) for r in pe.references], [(pr.reference_name, 150)]
		)
		self.assertEqual(frappe.db.get_value("Sales Invoice", pr.reference_name, "outstanding_amount"), 0)
		state = self.invoice_state(pr)
		self.assertEqual(
			(state.status, state.additional_status, state.excess_fiat), ("Settled", "PaidOver", 50)
		)
		todo = frappe.get_doc("ToDo", frappe.db.get_value("Crypto Invoice", pr.name, "refund_todo"))
		self.assertIn("50.00", todo.description)
		self.assertEqual(todo.status, "Open")
		# SHKeeper calls back once per transaction, also after PAID: a later payment is all credit
		later = u.tx(self.txid(pr, 2), "10.00")
		u.deliver(u.event(pr.name, [u.tx(txid, "200.00"), later], "OVERPAID"))
		extra = frappe.get_doc("Payment Entry", {"reference_no": later["txid"], "docstatus": 1})
		self.assertEqual((extra.paid_amount, extra.unallocated_amount, extra.references), (10, 10, []))
		self.assertEqual(self.invoice_state(pr).excess_fiat, 60)
		self.assertEqual(
			frappe.db.count("ToDo", {"reference_name": pr.name, "reference_type": "Crypto Invoice"}), 1
		)

	def test_a_payment_after_the_rate_expired_is_paid_late_and_booked(self):
		pr, _view = self.quoted(150)
		frappe.db.set_value("Crypto Invoice", pr.name, "expires_at", add_to_date(now_datetime(), minutes=-5))
		txid = self.txid(pr)
		u.deliver(u.event(pr.name, [u.tx(txid, "150.00")], "PAID"))
		state = self.invoice_state(pr)
		self.assertEqual((state.status, state.additional_status), ("Expired", "PaidLate"))
		self.assertTrue(frappe.db.get_value("Crypto Transaction", {"txid": txid}, "after_expiry"))
		self.assertTrue(frappe.db.exists("Payment Entry", {"reference_no": txid, "docstatus": 1}))
		self.assertTrue(frappe.db.exists("Treasury Job", {"crypto_invoice": pr.name}))

	def test_unconfirmed_then_expired_notices(self):
		pr, view = self.quoted(150)
		notice = frappe.as_json(
			{
				"status": "unconfirmed",
				"external_id": pr.name,
				"crypto": "BTC",
				"addr": view["address"],
				"txid": "u1",
				"amount": "0.0025",
			},
			indent=None,
		).encode()
		self.assertEqual(u.deliver(notice)["http"], 202)
		self.assertEqual(self.invoice_state(pr).status, "Processing")
		self.assertFalse(frappe.db.exists("Payment Entry", {"reference_no": "u1"}))
		pr2, view2 = self.quoted(150)
		expired = frappe.as_json(
			{"external_id": pr2.name, "crypto": "BTC", "addr": view2["address"], "status": "EXPIRED"},
			indent=None,
		)
		self.assertEqual(u.deliver(expired.encode())["http"], 202)
		self.assertEqual(self.invoice_state(pr2).status, "Expired")

	def test_the_same_callback_ten_times_books_once(self):
		pr, _view = self.quoted(150)
		body = u.event(pr.name, [u.tx(self.txid(pr), "150.00")], "PAID")
		answers = [u.deliver(body) for _ in range(10)]
		self.assertEqual({a["http"] for a in answers}, {202})
		self.assertEqual(sum(a["new_transactions"] for a in answers), 1)
		txid = frappe.parse_json(body.decode())["transactions"][0]["txid"]
		self.assertEqual(frappe.db.count("Payment Entry", {"reference_no": txid, "docstatus": 1}), 1)
		self.assertEqual(frappe.db.count("Crypto Ledger Entry", {"txid": txid, "entry_type": "Received"}), 1)

	def test_ten_concurrent_callbacks_book_once(self):
		pr, _view = self.quoted(150)
		first, second = u.tx(self.txid(pr, 1), "100.00"), u.tx(self.txid(pr, 2), "50.00")
		bodies = [u.event(pr.name, [first], "PARTIAL")] * 5 + [u.event(pr.name, [first, second], "PAID")] * 5
		frappe.db.commit()  # nosemgrep: the other connections must see the quote
		site, answers, errors = frappe.local.site, [], []

		def deliver(body):
			frappe.init(site=site)
			frappe.connect()
			try:
				answers.append(u.deliver(body))
			except Exception as e:
				errors.append(e)
			finally:
				frappe.destroy()

		threads = [threading.Thread(target=deliver, args=(b,)) for b in bodies]
		for t in threads:
			t.start()
		for t in threads:
			t.join(120)
		self.assertEqual(errors, [])
		self.assertEqual(sorted(a["http"] for a in answers), [202] * 10)
		self.assertEqual(sum(a["new_transactions"] for a in answers), 2)
		for t, amount in ((first, 100), (second, 50)):
			self.assertEqual(
				frappe.get_all(
					"Payment Entry", {"reference_no": t["txid"], "docstatus": 1}, pluck="paid_amount"
				),
				[amount],
			)
		self.assertEqual(frappe.db.get_value("Sales Invoice", pr.reference_name, "outstanding_amount"), 0)
		self.assertEqual(frappe.db.count("Treasury Job", {"crypto_invoice": pr.name}), 1)
		from frappe_crypto.ledger import ledger

		self.assertTrue(ledger.verify().ok)
