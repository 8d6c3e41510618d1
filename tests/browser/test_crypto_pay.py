"""Crypto checkout in the browser against the served test site: the customer picks Crypto at
checkout, lands on the crypto pay page (ERPNext Payment Request → SHKeeper gateway), picks a coin and
gets the invoice with its QR code; SHKeeper is a local HTTP server answering with recorded SHKeeper
responses, and its signed callback turns the page to paid. Also: the ledger refuses REST PUT/DELETE."""

import hashlib
import hmac
import json
import os
import re
import threading
import time
import uuid
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from conftest import ROOT, SITE, RecordedAPI, frappe_cli, screenshot, serve

ADMIN_PASSWORD = os.environ.get("ADMIN_PASSWORD", "admin")
API_KEY = "shk-browser-test-key"
RATE = Decimal("60000.00")
QUOTES: list[dict] = []


class RecordedSHKeeper(RecordedAPI):
	"""SHKeeper's API as recorded (shkeeper/api_v1.py shapes): the crypto list and invoices."""

	def do_GET(self):
		if self.path == "/api/v1/crypto":
			return self._send(
				{
					"status": "success",
					"crypto": ["BTC", "LTC"],
					"crypto_list": [
						{"name": "BTC", "display_name": "Bitcoin"},
						{"name": "LTC", "display_name": "Litecoin"},
					],
				}
			)
		self._send({"status": "error", "message": "not found"})

	def do_POST(self):
		body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
		match = re.fullmatch(r"/api/v1/(\w+)/payment_request", self.path)
		if not match or self.headers.get("X-Shkeeper-Api-Key") != API_KEY:
			return self._send({"status": "error", "message": "Bad API key"})
		QUOTES.append({"crypto": match.group(1), **body})
		amount = (Decimal(body["amount"]) / RATE).quantize(Decimal("0.00000001"))
		self._send(
			{
				"status": "success",
				"id": len(QUOTES),
				"exchange_rate": str(RATE),
				"amount": str(amount),
				"wallet": "bc1qbrowsertest" + uuid.uuid4().hex[:20],
				"recalculate_after": 1,
				"display_name": "Bitcoin",
			}
		)


def set_shkeeper(values: dict) -> None:
	frappe_cli(
		"execute",
		"frappe.client.set_value",
		"--args",
		json.dumps(["SHKeeper Settings", "SHKeeper Settings", values]),
	)


@pytest.fixture(scope="module")
def shkeeper(base_url):
	server = serve(RecordedSHKeeper)
	set_shkeeper(
		{
			"enabled": 1,
			"api_url": f"http://127.0.0.1:{server.server_port}",
			"api_key": API_KEY,
			"enabled_coins": "BTC\nLTC",
			"legacy_api_key_auth": 0,
			"shkeeper_timezone": "UTC",
		}
	)
	frappe_cli("clear-cache")
	yield server
	server.shutdown()
	set_shkeeper({"enabled": 0})


def admin_session(base_url) -> requests.Session:
	admin = requests.Session()
	admin.post(
		f"{base_url}/api/method/login", data={"usr": "Administrator", "pwd": ADMIN_PASSWORD}, timeout=30
	)
	return admin


def signed_callback(base_url, body: bytes) -> requests.Response:
	ts = int(time.time())
	signature = hmac.new(API_KEY.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
	return requests.post(
		f"{base_url}/api/method/frappe_crypto.shkeeper.callbacks.payment",
		data=body,
		headers={
			"Content-Type": "application/json",
			"X-Shkeeper-Timestamp": str(ts),
			"X-Shkeeper-Signature": signature,
			"X-Shkeeper-Api-Key": API_KEY,
		},
		timeout=60,
	)


WEB_BUNDLE = "**/frappe-web.bundle.*.js"


def run_late_on_checkout(route) -> None:
	"""Frappe's web bundle (which runs the pages' frappe.ready scripts) on the checkout page, run 2 s
	after it arrived, as on a busy machine."""
	if "/checkout?" not in (route.request.headers.get("referer") or ""):
		return route.continue_()
	bundle = (ROOT / "sites" / urlparse(route.request.url).path.lstrip("/")).read_text()
	route.fulfill(content_type="text/javascript", body=f"setTimeout(() => {{\n{bundle}\n}}, 2000);")


def test_a_customer_pays_with_bitcoin_and_the_page_turns_paid(page, base_url, shkeeper):
	page.route(WEB_BUNDLE, run_late_on_checkout)
	# a Nevada LLC formation: the order carries the state's confirmed fee, which the treasury sets aside
	page.goto("/order/us-state-formation")
	row = "tr[data-service='us-state-formation']"
	page.wait_for_selector(f"{row} .pw-jurisdictions", timeout=30000)
	page.select_option(f"{row} .pw-variant", "llc")
	page.fill(f"{row} .pw-jurisdictions", "NV")
	page.locator(f"{row} .pw-jurisdictions").dispatch_event("change")
	page.wait_for_selector(".pw-total", timeout=30000)
	page.fill("input[name=company_name]", "Crypto Browser Telecom LLC")
	page.fill("input[name=full_name]", "Sam Satoshi")
	page.fill("input[name=email]", f"crypto-{uuid.uuid4().hex[:8]}@example.com")
	page.select_option("#pw-payment", "Crypto")
	page.click("#pw-place")
	page.click("#pw-pay-now", timeout=30000)
	# the checkout page's script runs late (run_late_on_checkout): a click on the pay button before it
	# has bound the form must not submit the form natively (GET /checkout?method=Crypto)
	page.check("#pay-Crypto", timeout=30000)
	page.click("#pw-pay")

	# ERPNext's Payment Request sent the customer to the SHKeeper gateway's signed pay page
	page.wait_for_url("**/crypto-pay?pr=*", timeout=30000)
	query = parse_qs(urlparse(page.url).query)
	request_name = query["pr"][0]
	page.wait_for_selector("#coin-BTC", timeout=30000)
	assert page.locator("#cp-coin-list button").all_inner_texts() == ["Bitcoin", "Litecoin"]
	page.click("#coin-BTC")
	page.wait_for_selector("#cp-invoice:not(.d-none)", timeout=30000)
	quote = QUOTES[-1]
	assert quote["external_id"] == request_name and quote["crypto"] == "BTC"
	due = Decimal(quote["amount"])
	amount = (due / RATE).quantize(Decimal("0.00000001"))
	assert Decimal(page.locator("#cp-amount").inner_text()) == amount
	address = page.locator("#cp-address").inner_text()
	assert address.startswith("bc1qbrowsertest")
	assert page.locator("#cp-qr").get_attribute("src").startswith("data:image/png;base64,")
	assert re.fullmatch(r"(59|60):\d\d", page.locator("#cp-expires").inner_text())
	assert page.locator("#cp-status").inner_text() == "New"
	screenshot(page, "crypto-pay")

	# a forged callback is refused; SHKeeper's signed one is stored and answered 202
	txid = uuid.uuid4().hex + uuid.uuid4().hex
	body = json.dumps(
		{
			"external_id": request_name,
			"crypto": "BTC",
			"addr": address,
			"fiat": "USD",
			"balance_fiat": str(due),
			"balance_crypto": str(amount),
			"paid": True,
			"status": "PAID",
			"transactions": [
				{
					"txid": txid,
					"date": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
					"amount_crypto": str(amount),
					"amount_fiat": str(due),
					"amount_fiat_without_fee": str(due),
					"fee_fiat": "0",
					"trigger": True,
					"crypto": "BTC",
				}
			],
			"fee_percent": "0",
			"overpaid_fiat": "0.00",
		},
		separators=(",", ":"),
		sort_keys=True,
	).encode()
	forged = requests.post(
		f"{base_url}/api/method/frappe_crypto.shkeeper.callbacks.payment",
		data=body,
		headers={"Content-Type": "application/json", "X-Shkeeper-Api-Key": API_KEY},
		timeout=30,
	)
	assert forged.status_code == 401
	answers = [signed_callback(base_url, body) for _ in range(3)]
	assert [a.status_code for a in answers] == [202, 202, 202]

	page.wait_for_selector("#cp-status.badge-success", timeout=30000)
	assert page.locator("#cp-status").inner_text() == "Paid"
	assert page.locator("body").get_attribute("data-payment-status") == "paid"
	screenshot(page, "crypto-pay-paid")

	admin = admin_session(base_url)
	entries = admin.get(
		f"{base_url}/api/resource/Payment Entry",
		params={
			"filters": json.dumps([["reference_no", "=", txid], ["docstatus", "=", 1]]),
			"fields": '["paid_amount"]',
		},
		timeout=30,
	).json()["data"]
	assert entries == [{"paid_amount": float(due)}]
	request = admin.get(f"{base_url}/api/resource/Payment Request/{request_name}", timeout=30).json()["data"]
	assert request["status"] == "Paid"

	# the paid invoice became a treasury job, sized by performancewest_erpnext's crypto_obligations hook
	job = admin.get(
		f"{base_url}/api/resource/Treasury Job",
		params={"filters": json.dumps([["crypto_invoice", "=", request_name]]), "fields": '["name"]'},
		timeout=30,
	).json()["data"][0]["name"]
	frappe_cli("execute", "frappe_crypto.treasury.jobs.advance", "--kwargs", json.dumps({"name": job}))
	job = admin.get(f"{base_url}/api/resource/Treasury Job/{job}", timeout=30).json()["data"]
	order = admin.get(
		f"{base_url}/api/resource/Service Order",
		params={
			"filters": json.dumps([["sales_invoice", "=", request["reference_name"]]]),
			"fields": '["government_fees", "status"]',
		},
		timeout=30,
	).json()["data"][0]
	assert order["status"] != "Awaiting Payment"  # the Payment Entry moved the order on
	assert order["government_fees"] > 0  # Nevada's formation fee, passed through
	assert (job["filing_fees"], job["status"]) == (order["government_fees"], "sizing")
	assert job["offramp_fiat"] >= job["filing_fees"]  # the fee is off-ramped for the filing card


def test_the_ledger_refuses_rest_updates_and_deletes(base_url):
	admin = admin_session(base_url)
	# the newest row, whichever test wrote it (at least the genesis row is there); compared whole, as
	# REST answers it (fields without a value are left out of the answer)
	rows = admin.get(
		f"{base_url}/api/resource/Crypto Ledger Entry",
		params={"fields": '["name"]', "order_by": "seq desc", "limit_page_length": 1},
		timeout=30,
	).json()["data"]
	assert rows, "the ledger has at least its first row"
	url = f"{base_url}/api/resource/Crypto Ledger Entry/{rows[0]['name']}"
	before = admin.get(url, timeout=30).json()["data"]
	edit = {"remarks": "edited over REST", "amount_fiat": 1}
	assert {k: before.get(k) for k in edit} != edit  # the edit would change the row
	put = admin.put(url, json=edit, timeout=30)
	assert 400 <= put.status_code < 500, put.text
	delete = admin.delete(url, timeout=30)
	assert 400 <= delete.status_code < 500, delete.text
	assert admin.get(url, timeout=30).json()["data"] == before
