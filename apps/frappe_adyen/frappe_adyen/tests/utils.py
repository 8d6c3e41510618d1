"""Shared fixtures of the frappe_adyen tests: a generic ERPNext invoice with a Payment Request on the
Adyen gateway, Adyen's Checkout API answered by recorded responses, Standard webhook notifications
signed as Adyen signs them and delivered through the endpoint as the web server calls it."""

import base64
import copy
import json
import re
from pathlib import Path

import frappe
import responses
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from frappe_adyen.adyen import gateway, signature, webhooks

HMAC_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056"
MERCHANT = "PerformanceWestECOM"
API = "https://checkout-test.adyen.com/v71"
DATA = Path(__file__).parent / "data"
RUN = frappe.generate_hash(length=6).upper()


def recorded(name: str) -> dict:
	return json.loads((DATA / f"{name}.json").read_text())


def webhook_user() -> tuple[str, str, str]:
	"""(user, api key, api secret) of the webhook's basic auth, made once per test run."""
	email = f"adyen-webhook@{frappe.local.site}"
	settings = frappe.get_single("Adyen Settings")
	if not getattr(frappe.flags, "adyen_test_credentials", None) or settings.webhook_user != email:
		frappe.flags.adyen_test_credentials = settings.generate_webhook_credentials()
	c = frappe.flags.adyen_test_credentials
	return email, c["username"], c["password"]


def configure(**extra) -> None:
	settings = frappe.get_single("Adyen Settings")
	settings.update(
		{
			"enabled": 1,
			"environment": "Test",
			"merchant_account": MERCHANT,
			"api_key": "AQEyhmfxK4_test_api_key",
			"client_key": "test_CLIENTKEY4TESTS0000000000000",
			"hmac_key": HMAC_KEY,
			"country_code": "US",
			"payment_methods": "Card\nACH\nKlarna\nCash App Pay\nAmazon Pay",
			"drop_in_script_url": "",
			"drop_in_style_url": "",
			**extra,
		}
	)
	settings.save()
	frappe.clear_document_cache("Adyen Settings", "Adyen Settings")
	webhook_user()


def disable() -> None:
	"""Adyen off again (committed): other apps' tests on the same site expect their own gateways."""
	frappe.db.rollback()
	settings = frappe.get_single("Adyen Settings")
	settings.enabled = 0
	settings.save()
	frappe.db.commit()  # nosemgrep: undo what setUpClass committed


def company() -> str:
	return frappe.defaults.get_global_default("company") or frappe.get_all("Company", pluck="name")[0]


def first(doctype: str, preferred: str) -> str:
	return (
		preferred
		if frappe.db.exists(doctype, preferred)
		else frappe.get_all(doctype, pluck="name", limit=1)[0]
	)


def customer() -> str:
	name = "_Adyen Test Customer"
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
	code = "_ADYEN-TEST-SERVICE"
	if not frappe.db.exists("Item", code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": "Adyen test service",
				"item_group": first("Item Group", "All Item Groups"),
				"is_stock_item": 0,
				"stock_uom": first("UOM", "Nos"),
			}
		).insert(ignore_permissions=True)
	return code


def charge_account() -> str:
	"""An income account for a surcharge line (the way a checkout adds a payment-method surcharge)."""
	return frappe.db.get_value(
		"Account", {"company": company(), "root_type": "Income", "is_group": 0}, "name", order_by="lft"
	)


def invoice(amount: float, surcharge: float = 0) -> str:
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
	if surcharge:
		si.append(
			"taxes",
			{
				"charge_type": "Actual",
				"account_head": charge_account(),
				"description": "Card payment surcharge (3%)",
				"tax_amount": surcharge,
				"cost_center": frappe.get_cached_value("Company", company(), "cost_center"),
			},
		)
	si.insert(ignore_permissions=True)
	si.submit()
	return si.name


def payment_request(amount: float, surcharge: float = 0, method: str = "Card") -> object:
	from erpnext.accounts.doctype.payment_request.payment_request import make_payment_request

	request = make_payment_request(
		dt="Sales Invoice",
		dn=invoice(amount, surcharge),
		recipient_id=f"adyen-{RUN.lower()}@example.com",
		payment_gateway_account=frappe.db.get_value(
			"Payment Gateway Account", {"payment_gateway": gateway.GATEWAY}
		),
		mode_of_payment=method,
		mute_email=1,
		submit_doc=1,
		return_doc=1,
	)
	request.set_payment_request_url()  # as a checkout does once the customer picks the method
	return request


class RecordedAdyen:
	"""Adyen's Checkout API as recorded: /sessions and /payments/{psp}/refunds (amount and reference
	echoed from the request); the requests are kept in `calls`."""

	def __init__(self, refund_status: int = 201) -> None:
		self.mock = responses.RequestsMock(assert_all_requests_are_fired=False)
		self.calls: list[dict] = []
		self.refund_status = refund_status

	def __enter__(self):
		self.mock.start()
		self.mock.add_callback(responses.POST, f"{API}/sessions", callback=self.session)
		self.mock.add_callback(
			responses.POST, re.compile(rf"{API}/payments/\w+/refunds"), callback=self.refund
		)
		return self

	def __exit__(self, *args):
		self.mock.stop()
		self.mock.reset()

	def _keep(self, request) -> dict:
		body = json.loads(request.body)
		self.calls.append({"url": request.url, "body": body, "headers": dict(request.headers)})
		return body

	def session(self, request):
		body = self._keep(request)
		if request.headers.get("X-API-Key") != "AQEyhmfxK4_test_api_key":
			return (
				401,
				{},
				json.dumps(
					{"status": 401, "errorCode": "000", "message": "HTTP Status Response - Unauthorized"}
				),
			)
		answer = recorded("session") | {
			"amount": body["amount"],
			"reference": body["reference"],
			"returnUrl": body["returnUrl"],
			"merchantAccount": body["merchantAccount"],
		}
		return (201, {}, json.dumps(answer))

	def refund(self, request):
		body = self._keep(request)
		if self.refund_status >= 400:
			return (
				self.refund_status,
				{},
				json.dumps(
					{
						"status": self.refund_status,
						"errorCode": "167",
						"message": "Original pspReference required for this operation",
						"errorType": "validation",
					}
				),
			)
		psp = request.url.rsplit("/payments/", 1)[1].split("/")[0]
		answer = recorded("refund") | {
			"paymentPspReference": psp,
			"pspReference": f"R{frappe.generate_hash(length=15).upper()}",
			"reference": body["reference"],
			"amount": body["amount"],
		}
		return (201, {}, json.dumps(answer))


def item_for(
	event: str,
	psp: str,
	amount_minor: int,
	reference: str = "",
	original: str = "",
	success: bool = True,
	method: str = "visa",
	reason: str = "",
	key: str = HMAC_KEY,
	**extra_data,
) -> dict:
	"""One NotificationRequestItem, signed with `key`."""
	item = {
		"additionalData": {**extra_data},
		"amount": {"currency": "USD", "value": amount_minor},
		"eventCode": event,
		"eventDate": "2026-12-03T10:15:00+01:00",
		"merchantAccountCode": MERCHANT,
		"merchantReference": reference,
		"originalReference": original,
		"paymentMethod": method,
		"pspReference": psp,
		"reason": reason,
		"success": "true" if success else "false",
	}
	if not original:
		del item["originalReference"]
	item["additionalData"]["hmacSignature"] = signature.sign(item, key)
	return item


def body_of(*items: dict, live: str = "false") -> bytes:
	return json.dumps(
		{"live": live, "notificationItems": [{"NotificationRequestItem": copy.deepcopy(i)} for i in items]}
	).encode()


def basic(username: str, password: str) -> str:
	return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def deliver(
	body: bytes, auth: tuple[str, str] | None = None, content_type: str = "application/json"
) -> tuple[int, str]:
	"""A notification through the endpoint as the web server calls it, Frappe's basic-auth check
	included: (HTTP status, body)."""
	from frappe.auth import validate_auth

	if auth is None:
		_user, key, secret = webhook_user()
		auth = (key, secret)
	frappe.local.request = Request(
		EnvironBuilder(
			method="POST", data=body, headers={"Content-Type": content_type, "Authorization": basic(*auth)}
		).get_environ()
	)
	frappe.local.request_ip = "127.0.0.1"
	frappe.local.response = frappe._dict()
	frappe.local.form_dict = frappe._dict()
	user, manager = frappe.session.user, getattr(frappe.local, "login_manager", None)
	frappe.set_user("Guest")
	frappe.local.login_manager = frappe._dict(user="Guest")  # a request's, before it authenticates
	try:
		try:
			validate_auth()
		except frappe.AuthenticationError:
			return 401, "authentication failed"
		response = webhooks.notifications()
	finally:
		frappe.local.request = None
		frappe.local.login_manager = manager
		frappe.set_user(user)
	return response.status_code, response.get_data(as_text=True)
