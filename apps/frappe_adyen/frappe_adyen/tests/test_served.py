"""Adyen's webhook over HTTP against the served site and real RQ workers: the same AUTHORISATION
delivered 20 times at once is stored once and books one Payment Entry; Frappe's basic-auth check,
a forged HMAC and a body that does not parse (sent as JSON or as text) are refused before anything is stored."""

import time
from concurrent.futures import ThreadPoolExecutor

import frappe
import requests
from frappe.tests.utils import FrappeTestCase
from pw_test_support.served import ServedSite

from frappe_adyen.adyen import webhooks
from frappe_adyen.tests import utils as u

NOTIFICATION = "Adyen Notification"


class TestServedWebhook(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		u.configure()
		cls.addClassCleanup(u.disable)
		cls.pr = u.payment_request(219.00, surcharge=6.57)
		frappe.db.commit()  # nosemgrep: the served site and its workers read committed data only
		_user, key, secret = u.webhook_user()
		cls.credentials = (key, secret)
		cls.served = ServedSite(workers=2).start()
		cls.addClassCleanup(cls.served.stop)

	def post(self, body: bytes, auth: tuple[str, str] | None = None, content_type: str = "application/json"):
		return requests.post(
			f"{self.served.url}{webhooks.PATH}",
			data=body,
			auth=auth or self.credentials,
			headers={"Content-Type": content_type},
			timeout=60,
		)

	def wait_for(self, name: str, timeout: float = 90) -> str | None:
		deadline = time.monotonic() + timeout
		while time.monotonic() < deadline:
			frappe.db.rollback()  # a fresh read view
			status = frappe.db.get_value(NOTIFICATION, name, "status")
			if status in ("Completed", "Failed"):
				return status
			time.sleep(0.5)
		self.fail(f"{name} not processed; {self.served.log()}")

	def test_twenty_concurrent_deliveries_book_one_payment(self):
		psp = frappe.generate_hash(length=16).upper()
		body = u.body_of(u.item_for("AUTHORISATION", psp, 22557, self.pr.name))
		with ThreadPoolExecutor(max_workers=20) as pool:
			answers = list(pool.map(lambda _n: self.post(body), range(20)))
		self.assertEqual(
			[(a.status_code, a.text) for a in answers], [(200, "[accepted]")] * 20, self.served.log()
		)
		self.assertEqual(self.wait_for(f"{psp}:AUTHORISATION"), "Completed")
		time.sleep(2)  # any second job would have run by now
		frappe.db.rollback()
		self.assertEqual(frappe.db.count(NOTIFICATION, {"psp_reference": psp}), 1)
		entries = frappe.get_all(
			"Payment Entry", {"reference_no": psp, "docstatus": 1}, ["paid_amount", "payment_type"]
		)
		self.assertEqual(entries, [{"paid_amount": 225.57, "payment_type": "Receive"}])
		self.assertEqual(
			frappe.db.get_value("Sales Invoice", self.pr.reference_name, "outstanding_amount"), 0
		)

	def test_refusals_over_http_store_nothing(self):
		psp = frappe.generate_hash(length=16).upper()
		item = u.item_for("AUTHORISATION", psp, 22557, self.pr.name)
		self.assertEqual(
			self.post(u.body_of(item), auth=(self.credentials[0], "not-the-secret")).status_code, 401
		)
		no_auth = requests.post(
			f"{self.served.url}{webhooks.PATH}",
			data=u.body_of(item),
			headers={"Content-Type": "application/json"},
			timeout=30,
		)
		self.assertEqual(no_auth.status_code, 401)
		forged = u.item_for("AUTHORISATION", psp, 22557, self.pr.name, key="11" * 32)
		self.assertEqual(self.post(u.body_of(forged)).status_code, 401)
		altered = {**item, "amount": {"currency": "USD", "value": 1}}
		self.assertEqual(self.post(u.body_of(altered)).status_code, 401)
		bad = self.post(b'{"live": "false", "notificationItems": [', content_type="application/json")
		# 400 from this app's after_request hook, or earlier where another app's request guard refuses it
		self.assertEqual(bad.status_code, 400, bad.text)
		self.assertEqual(self.post(b"\xff\xfe{", content_type="text/plain").status_code, 400)
		frappe.db.rollback()
		self.assertFalse(frappe.db.exists(NOTIFICATION, {"psp_reference": psp}))
