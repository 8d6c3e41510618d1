"""PayPal Orders v2 over its REST API (create, capture, refund, tracking, webhook verification).

PayPal's `paypal-server-sdk` (2.4.0) needs apimatic-core, which requires python-dateutil >= 2.9 while
frappe 15 pins ~=2.8.2, so the documented endpoints are called with requests:
developer.paypal.com/docs/api/orders/v2, /payments/v2 and /webhooks/v1."""

from typing import Any

import frappe
import requests
from frappe import _
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from performancewest_erpnext.pw_checkout.gateways import log_call
from performancewest_erpnext.pw_checkout.surcharge import cents

GATEWAY = "PayPal Orders"
SETTINGS = "PayPal Orders Settings"
TIMEOUT = 20


def settings() -> Any:
	doc = frappe.get_cached_doc(SETTINGS)
	if not doc.enabled:
		frappe.throw(_("PayPal payments are not enabled."))
	return doc


def base_url() -> str:
	# site config `paypal_api_base` points tests (and a staging proxy) at another API host
	if frappe.conf.paypal_api_base:
		return frappe.conf.paypal_api_base
	return "https://api-m.sandbox.paypal.com" if settings().sandbox else "https://api-m.paypal.com"


def _session() -> requests.Session:
	session = requests.Session()
	retry = Retry(total=2, backoff_factor=0.5, status_forcelist=(500, 502, 503, 504), allowed_methods=None)
	session.mount("https://", HTTPAdapter(max_retries=retry))
	return session


def access_token() -> str:
	"""OAuth2 client-credentials token, cached until shortly before it expires."""
	key = f"pw_paypal_token:{base_url()}"
	if token := frappe.cache.get_value(key):
		return token
	doc = settings()
	response = _session().post(
		f"{base_url()}/v1/oauth2/token",
		auth=(doc.client_id, doc.get_password("client_secret")),
		data={"grant_type": "client_credentials"},
		timeout=TIMEOUT,
	)
	if not response.ok:
		log_call(GATEWAY, "oauth2/token", {}, error=f"{response.status_code} {response.text[:500]}")
		frappe.throw(
			_("PayPal refused our credentials ({0}).").format(response.status_code), title=_("Payment error")
		)
	body = response.json()
	frappe.cache.set_value(
		key, body["access_token"], expires_in_sec=max(int(body.get("expires_in", 600)) - 60, 60)
	)
	return body["access_token"]


def call(
	method: str,
	path: str,
	reference: Any = None,
	body: dict | None = None,
	request_id: str | None = None,
	log: bool = True,
) -> dict:
	"""One REST call, logged (unless `log` is off); PayPal-Request-Id makes retried POSTs idempotent."""
	headers = {"Authorization": f"Bearer {access_token()}", "Prefer": "return=representation"}
	if request_id:
		headers["PayPal-Request-Id"] = request_id
	response = _session().request(method, f"{base_url()}{path}", json=body, headers=headers, timeout=TIMEOUT)
	output = response.json() if response.content else {}
	if not response.ok:
		log and log_call(
			GATEWAY,
			f"{method} {path}",
			body,
			output=output,
			error=str(response.status_code),
			reference=reference,
		)
		detail = (
			(output.get("details") or [{}])[0].get("description")
			or output.get("message")
			or response.status_code
		)
		frappe.throw(_("PayPal refused {0}: {1}").format(path, detail), title=_("Payment error"))
	log and log_call(
		GATEWAY,
		f"{method} {path}",
		body,
		output={"id": output.get("id"), "status": output.get("status")},
		reference=reference,
	)
	return output


def create_order(payment_request: Any, success_url: str, cancel_url: str) -> dict:
	body = {
		"intent": "CAPTURE",
		"purchase_units": [
			{
				"reference_id": payment_request.name,
				"custom_id": payment_request.name,
				"invoice_id": payment_request.reference_name,
				"description": _("Invoice {0}").format(payment_request.reference_name)[:127],
				"amount": {
					"currency_code": payment_request.currency,
					"value": str(cents(payment_request.grand_total)),
				},
			}
		],
		"payment_source": {
			"paypal": {
				"experience_context": {
					"return_url": success_url,
					"cancel_url": cancel_url,
					"user_action": "PAY_NOW",
				}
			}
		},
	}
	return call(
		"POST", "/v2/checkout/orders", payment_request, body, request_id=f"{payment_request.name}-create"
	)


def approve_link(order: dict) -> str:
	for link in order.get("links") or []:
		if link.get("rel") in ("approve", "payer-action"):
			return link["href"]
	frappe.throw(_("PayPal gave no approval link."))


def capture(order_id: str) -> dict:
	return call("POST", f"/v2/checkout/orders/{order_id}/capture", request_id=f"{order_id}-capture")


def refund(capture_id: str, amount: float | None, currency: str, request_id: str) -> dict:
	body = {"amount": {"value": str(cents(amount)), "currency_code": currency}} if amount else {}
	return call("POST", f"/v2/payments/captures/{capture_id}/refund", body=body, request_id=request_id)


def add_tracking(capture_id: str, tracking_number: str, carrier: str, reference: Any = None) -> dict:
	"""Tracking for what a PayPal payment bought (the order is found from its capture)."""
	capture = call("GET", f"/v2/payments/captures/{capture_id}", reference)
	order_id = ((capture.get("supplementary_data") or {}).get("related_ids") or {}).get("order_id")
	if not order_id:
		frappe.throw(_("PayPal does not say which order capture {0} belongs to.").format(capture_id))
	body = {
		"capture_id": capture_id,
		"tracking_number": tracking_number,
		"carrier": carrier,
		"notify_payer": True,
	}
	return call(
		"POST",
		f"/v2/checkout/orders/{order_id}/track",
		reference,
		body,
		request_id=f"{order_id}-track-{tracking_number}",
	)


VERIFY_HEADERS = {
	"auth_algo": "PAYPAL-AUTH-ALGO",
	"cert_url": "PAYPAL-CERT-URL",
	"transmission_id": "PAYPAL-TRANSMISSION-ID",
	"transmission_sig": "PAYPAL-TRANSMISSION-SIG",
	"transmission_time": "PAYPAL-TRANSMISSION-TIME",
}


def verify_webhook(headers: dict[str, str | None], event: dict) -> bool:
	"""PayPal's verify-webhook-signature endpoint decides whether a delivery is genuine. The call is not
	logged: what a guest posted is stored only once PayPal has vouched for it."""
	doc = frappe.get_cached_doc(SETTINGS)
	if not doc.enabled or not doc.webhook_id or not all(headers.get(h) for h in VERIFY_HEADERS.values()):
		return False
	body = {field: headers[header] for field, header in VERIFY_HEADERS.items()}
	body.update({"webhook_id": doc.webhook_id, "webhook_event": event})
	result = call("POST", "/v1/notifications/verify-webhook-signature", body=body, log=False)
	return result.get("verification_status") == "SUCCESS"
