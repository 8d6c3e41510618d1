"""Checkout in the browser against the served test site; Stripe's API is a local server answering
with a recorded test-mode Checkout Session, and webhooks arrive signed as Stripe signs them."""

import hashlib
import hmac
import json
import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs

import pytest
import requests
from conftest import SITE, RecordedAPI, frappe_cli, screenshot, serve

ADMIN_PASSWORD = __import__("os").environ.get("ADMIN_PASSWORD", "admin")
SECRET = "whsec_browser_test"
SESSIONS: list[dict] = []


class RecordedStripe(RecordedAPI):
	def do_POST(self):
		form = {
			k: v[0]
			for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()
		}
		SESSIONS.append(form)
		session = f"cs_test_{uuid.uuid4().hex[:16]}"
		body = {
			"id": session,
			"object": "checkout.session",
			"amount_total": int(form["line_items[0][price_data][unit_amount]"]),
			"currency": "usd",
			"payment_status": "unpaid",
			"status": "open",
			"url": f"http://127.0.0.1:{self.server.server_port}/c/pay/{session}",
		}
		self._send(body)

	def do_GET(self):
		self.send_response(200)
		self.send_header("Content-Type", "text/html")
		self.end_headers()
		self.wfile.write(b"<h1>Stripe Checkout (recorded)</h1>")


@pytest.fixture(scope="module")
def stripe_api(base_url):
	server = serve(RecordedStripe)
	frappe_cli("set-config", "stripe_api_base", f"http://127.0.0.1:{server.server_port}")
	settings = {
		"enabled": 1,
		"test_mode": 1,
		"publishable_key": "pk_test_b",
		"secret_key": "sk_test_b",
		"webhook_secret": SECRET,
	}
	frappe_cli(
		"execute",
		"frappe.client.set_value",
		"--args",
		json.dumps(["Stripe Checkout Settings", "Stripe Checkout Settings", settings]),
	)
	yield server
	server.shutdown()
	frappe_cli("set-config", "stripe_api_base", "None")  # removes the key


def test_a_customer_pays_by_card_and_the_webhook_books_it_once(page, base_url, stripe_api):
	page.goto("/order/fcc-compliance?services=rmd")
	page.wait_for_selector(".pw-total", timeout=30000)
	page.fill("input[name=company_name]", "Checkout Browser Telecom LLC")
	page.fill("input[name=full_name]", "Chet Checkout")
	page.fill("input[name=email]", f"pay-{uuid.uuid4().hex[:8]}@example.com")
	page.select_option("#pw-payment", "Card")
	page.click("#pw-place")
	page.click("#pw-pay-now", timeout=30000)

	page.wait_for_selector("h1:has-text('Pay order')", timeout=30000)
	page.wait_for_selector("#pw-pay:enabled", timeout=30000)  # the page's script has bound the form
	page.check("#pay-Card")
	assert page.locator("#pw-surcharge-label").inner_text() == "Card payment surcharge (3%)"
	assert page.locator("#pw-surcharge").inner_text() == "$6.57"
	assert page.locator("#pw-total").inner_text() == "$225.57"
	page.check("#pay-ACH")
	assert page.locator("#pw-total").inner_text() == "$219.00"
	page.check("#pay-Card")
	screenshot(page, "portal-checkout")
	page.click("#pw-pay")
	page.wait_for_url("**/c/pay/cs_test_*", timeout=30000)
	session = SESSIONS[-1]
	assert (session["line_items[0][price_data][unit_amount]"], session["payment_method_types[0]"]) == (
		"22557",
		"card",
	)

	# Stripe delivers checkout.session.completed, 20 times at once
	request_name = session["metadata[payment_request]"]
	payload = json.dumps(
		{
			"id": f"evt_{uuid.uuid4().hex[:16]}",
			"type": "checkout.session.completed",
			"data": {
				"object": {
					"id": "cs_b",
					"amount_total": 22557,
					"payment_intent": f"pi_{request_name}",
					"payment_status": "paid",
					"metadata": dict(
						payment_request=request_name,
						invoice=session["metadata[invoice]"],
						payment_method="Card",
					),
				}
			},
		}
	)
	t = int(time.time())
	signature = hmac.new(SECRET.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
	url = f"{base_url}/api/method/performancewest_erpnext.pw_checkout.webhooks.stripe"

	def deliver(_n):
		return requests.post(
			url,
			data=payload,
			headers={"Content-Type": "application/json", "Stripe-Signature": f"t={t},v1={signature}"},
			timeout=60,
		)

	with ThreadPoolExecutor(max_workers=20) as pool:
		answers = list(pool.map(deliver, range(20)))
	assert all(a.status_code == 200 for a in answers), [a.status_code for a in answers]
	assert sorted(a.json()["message"]["status"] for a in answers).count("queued") == 1

	forged = requests.post(
		url,
		data=payload.replace("22557", "1"),
		headers={"Stripe-Signature": f"t={t},v1={signature}"},
		timeout=30,
	)
	assert forged.status_code == 400

	admin = requests.Session()
	admin.post(
		f"{base_url}/api/method/login", data={"usr": "Administrator", "pwd": ADMIN_PASSWORD}, timeout=30
	)
	for _attempt in range(30):  # the event is processed by a job; the test site runs it inline
		entries = admin.get(
			f"{base_url}/api/resource/Payment Entry",
			params={
				"filters": json.dumps([["reference_no", "=", f"pi_{request_name}"], ["docstatus", "=", 1]]),
				"fields": '["paid_amount"]',
			},
			timeout=30,
		).json()["data"]
		if entries:
			break
		time.sleep(1)
	assert entries == [{"paid_amount": 225.57}]
