"""Shared fixtures of the frappe_crypto tests: a generic ERPNext invoice with a Payment Request on
the SHKeeper gateway, SHKeeper's API answered by recorded responses, signed callbacks delivered
through the endpoint as the web server would call it."""

import json
import re
import time
from decimal import Decimal

import frappe
import responses
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from frappe_crypto.shkeeper import callbacks, gateway, paypage, signature

API = "https://shkeeper.test"
KEY = "shk-test-api-key-5c1b"
RUN = frappe.generate_hash(length=6).lower()


def configure(**extra) -> None:
	settings = frappe.get_single("SHKeeper Settings")
	settings.update(
		{
			"enabled": 1,
			"api_url": API,
			"api_key": KEY,
			"legacy_api_key_auth": 0,
			"payout_user": "payouts",
			"payout_password": "payout-secret",
			"shkeeper_timezone": frappe.utils.get_system_timezone(),
			"payment_window_minutes": 60,
			"enabled_coins": "BTC\nLTC\nDOGE\nETH\nBNB\nMATIC\nTRX",
			"fiat_currencies": "USD\nEUR",
			"callback_base_url": "",
			**extra,
		}
	)
	settings.save()
	frappe.clear_document_cache("SHKeeper Settings", "SHKeeper Settings")


def company() -> str:
	return frappe.defaults.get_global_default("company") or frappe.get_all("Company", pluck="name")[0]


def first(doctype: str, preferred: str) -> str:
	return (
		preferred
		if frappe.db.exists(doctype, preferred)
		else frappe.get_all(doctype, pluck="name", limit=1)[0]
	)


def customer() -> str:
	name = "_Crypto Test Customer"
	if not frappe.db.exists("Customer", name):
		frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": name,
				"customer_group": first("Customer Group", "All Customer Groups"),
				"territory": first("Territory", "All Territories"),
			}
		).insert(ignore_permissions=True)
	return name


def item() -> str:
	code = "_CRYPTO-TEST-SERVICE"
	if not frappe.db.exists("Item", code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": "Crypto test service",
				"item_group": first("Item Group", "All Item Groups"),
				"is_stock_item": 0,
				"stock_uom": first("UOM", "Nos"),
			}
		).insert(ignore_permissions=True)
	return code


def gateway_account() -> str:
	return frappe.db.get_value("Payment Gateway Account", {"payment_gateway": gateway.GATEWAY})


def invoice(amount: float) -> str:
	si = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"company": company(),
			"customer": customer(),
			"currency": "USD",
			"due_date": frappe.utils.today(),
			"items": [{"item_code": item(), "qty": 1, "rate": amount}],
		}
	)
	si.insert(ignore_permissions=True)
	si.submit()
	return si.name


def payment_request(amount: float) -> object:
	from erpnext.accounts.doctype.payment_request.payment_request import make_payment_request

	request = make_payment_request(
		dt="Sales Invoice",
		dn=invoice(amount),
		recipient_id=f"crypto-{RUN}@example.com",
		payment_gateway_account=gateway_account(),
		mute_email=1,
		submit_doc=1,
		return_doc=1,
	)
	request.set_payment_request_url()  # as a checkout does once the customer picks crypto
	return request


class RecordedSHKeeper:
	"""SHKeeper's API as recorded: its answers to /crypto, payment_request and payout."""

	def __init__(self, rate: str = "60000", recalculate_after: float = 1) -> None:
		self.rate, self.recalculate_after = Decimal(rate), recalculate_after
		self.mock = responses.RequestsMock(assert_all_requests_are_fired=False)
		self.payouts: list[dict] = []
		self.payout_status = 200

	def __enter__(self):
		self.mock.start()
		self.mock.add(
			responses.GET,
			f"{API}/api/v1/crypto",
			json={
				"status": "success",
				"crypto": ["BTC", "LTC", "ETH"],
				"crypto_list": [
					{"name": "BTC", "display_name": "Bitcoin"},
					{"name": "LTC", "display_name": "Litecoin"},
					{"name": "ETH", "display_name": "Ethereum"},
				],
			},
		)
		self.mock.add_callback(
			responses.POST,
			re.compile(rf"{API}/api/v1/\w+/payment_request"),
			callback=self.payment_request,
		)
		self.mock.add_callback(responses.POST, re.compile(rf"{API}/api/v1/\w+/payout"), callback=self.payout)
		return self

	def __exit__(self, *args):
		self.mock.stop()
		self.mock.reset()

	def payment_request(self, request):
		body = json.loads(request.body)
		if request.headers.get("X-Shkeeper-Api-Key") != KEY:
			return (200, {}, json.dumps({"status": "error", "message": "Bad API key"}))
		crypto = request.url.split("/api/v1/")[1].split("/")[0]
		amount = (Decimal(body["amount"]) / self.rate).quantize(Decimal("0.00000001"))
		return (
			200,
			{},
			json.dumps(
				{
					"status": "success",
					"id": 4242,
					"exchange_rate": str(self.rate),
					"amount": str(amount),
					"wallet": f"bc1q{frappe.generate_hash(length=30).lower()}",
					"recalculate_after": self.recalculate_after,
					"display_name": {"BTC": "Bitcoin"}.get(crypto, crypto),
				}
			),
		)

	def payout(self, request):
		body = json.loads(request.body)
		self.payouts.append({"body": body, "auth": request.headers.get("Authorization")})
		if self.payout_status != 200:
			return (self.payout_status, {}, json.dumps({"status": "error", "message": "wallet locked"}))
		return (
			200,
			{},
			json.dumps({"task_id": f"task-{len(self.payouts)}", "external_id": body.get("external_id")}),
		)


def choose(pr: str, coin: str = "BTC") -> dict:
	frappe.cache.delete_value("frappe_crypto:shkeeper_coins")
	return paypage.choose(pr, gateway.link_signature(pr), coin)


def tx(txid: str, amount_fiat: str, rate: str = "60000", date: str | None = None, fee: str = "0") -> dict:
	amount_crypto = (Decimal(amount_fiat) / Decimal(rate)).quantize(Decimal("0.00000001"))
	return {
		"txid": txid,
		"date": date or frappe.utils.now_datetime().strftime("%Y-%m-%d %H:%M:%S.%f"),
		"amount_crypto": str(amount_crypto),
		"amount_fiat": amount_fiat,
		"amount_fiat_without_fee": str(Decimal(amount_fiat) - Decimal(fee)),
		"fee_fiat": fee,
		"trigger": False,
		"crypto": "BTC",
	}


def event(pr: str, transactions: list[dict], status: str, address: str = "bc1qtest") -> bytes:
	"""A SHKeeper payment callback body as SHKeeper serialises it (compact, key-sorted JSON)."""
	if transactions:
		transactions[-1] = {**transactions[-1], "trigger": True}
	balance = sum(Decimal(t["amount_fiat"]) for t in transactions)
	body = {
		"external_id": pr,
		"crypto": "BTC",
		"addr": address,
		"fiat": "USD",
		"balance_fiat": str(balance),
		"balance_crypto": str(sum(Decimal(t["amount_crypto"]) for t in transactions)),
		"paid": status in ("PAID", "OVERPAID"),
		"status": status,
		"transactions": transactions,
		"fee_percent": "0",
		"overpaid_fiat": "0.00",
	}
	return json.dumps(body, separators=(",", ":"), sort_keys=True).encode()


def post(endpoint, body: bytes, headers: dict[str, str]) -> dict:
	"""A callback through the endpoint as the web server would call it: (HTTP status, answer)."""
	frappe.local.request = Request(
		EnvironBuilder(
			method="POST", data=body, headers={"Content-Type": "application/json", **headers}
		).get_environ()
	)
	frappe.local.request_ip = "127.0.0.1"
	frappe.local.response = frappe._dict()
	user = frappe.session.user
	frappe.set_user("Guest")
	try:
		result = endpoint()
	finally:
		status = frappe.local.response.get("http_status_code", 200)
		frappe.local.request = None
		frappe.set_user(user)
	return {"http": status, **result}


def deliver(body: bytes, key: str = KEY, timestamp: int | None = None, endpoint=None) -> dict:
	return post(
		endpoint or callbacks.payment,
		body,
		signature.signed_headers(key, body, timestamp or int(time.time())),
	)
