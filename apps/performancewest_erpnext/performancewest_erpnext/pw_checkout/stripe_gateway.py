"""Stripe Checkout Sessions (stripe-python 10.x, the version the payments app pins)."""

import json
from functools import partial
from typing import Any

import frappe
import stripe
from frappe import _

from performancewest_erpnext.pw_checkout.gateways import log_call
from performancewest_erpnext.pw_checkout.surcharge import minor_units

GATEWAY = "Stripe Checkout"
SETTINGS = "Stripe Checkout Settings"
METHOD_TYPES = {"Card": ["card"], "ACH": ["us_bank_account"], "Klarna": ["klarna"]}


def settings() -> Any:
	doc = frappe.get_cached_doc(SETTINGS)
	if not doc.enabled:
		frappe.throw(_("Stripe payments are not enabled."))
	return doc


def client() -> stripe.StripeClient:
	# site config `stripe_api_base` points tests (and a staging proxy) at another API host
	base = {"api": frappe.conf.stripe_api_base} if frappe.conf.stripe_api_base else {}
	return stripe.StripeClient(
		settings().get_password("secret_key"),
		base_addresses=base,
		max_network_retries=2,
		http_client=stripe.RequestsClient(timeout=20),
	)


def call(action: str, reference: Any, fn, params: dict, idempotency_key: str | None = None) -> Any:
	"""A Stripe API call, logged; Stripe errors become a clear message."""
	options = {"idempotency_key": idempotency_key} if idempotency_key else {}
	try:
		result = fn(params=params, options=options)
	except stripe.StripeError as e:
		log_call(GATEWAY, action, params, error=str(e), reference=reference)
		frappe.throw(
			_("Stripe refused {0}: {1}").format(action, e.user_message or str(e)), title=_("Payment error")
		)
	log_call(
		GATEWAY,
		action,
		params,
		output={"id": result.get("id"), "status": result.get("status")},
		reference=reference,
	)
	return result


def create_checkout_session(payment_request: Any, success_url: str, cancel_url: str) -> Any:
	method = payment_request.mode_of_payment
	if method not in METHOD_TYPES:
		frappe.throw(_("Stripe does not take {0} payments.").format(method))
	metadata = {
		"payment_request": payment_request.name,
		"invoice": payment_request.reference_name,
		"payment_method": method,
	}
	params = {
		"mode": "payment",
		"payment_method_types": METHOD_TYPES[method],
		"line_items": [
			{
				"quantity": 1,
				"price_data": {
					"currency": payment_request.currency.lower(),
					"unit_amount": minor_units(payment_request.grand_total),
					"product_data": {"name": _("Invoice {0}").format(payment_request.reference_name)},
				},
			}
		],
		"customer_email": payment_request.email_to,
		"client_reference_id": payment_request.name,
		"metadata": metadata,
		"payment_intent_data": {"metadata": metadata, "description": payment_request.reference_name},
		"success_url": success_url,
		"cancel_url": cancel_url,
	}
	if method == "ACH":
		params["payment_method_options"] = {"us_bank_account": {"verification_method": "automatic"}}
	return call(
		"checkout.sessions.create",
		payment_request,
		client().checkout.sessions.create,
		params,
		idempotency_key=f"{payment_request.name}-{minor_units(payment_request.grand_total)}",
	)


def expire_sessions(payment_request: Any) -> list[str]:
	"""Expire the Checkout Sessions made for a cancelled Payment Request (their ids are in the logged
	`checkout.sessions.create` calls), so the customer's old tab can no longer pay. Stripe refuses
	to expire a session that is complete: a payment that still arrives is booked against the invoice
	that replaced the request's, or refunded (gateways.book_payment)."""
	expired = []
	for output in frappe.get_all(
		"Integration Request",
		filters={
			"integration_request_service": GATEWAY,
			"request_description": "checkout.sessions.create",
			"reference_doctype": "Payment Request",
			"reference_docname": payment_request.name,
			"status": "Completed",
		},
		pluck="output",
	):
		session = json.loads(output or "{}").get("id")
		if not session:
			continue
		try:
			call(
				"checkout.sessions.expire",
				payment_request,
				partial(client().checkout.sessions.expire, session),
				{},
			)
		except frappe.ValidationError as e:
			frappe.clear_messages()
			payment_request.add_comment(
				"Info", _("Stripe did not expire checkout session {0}: {1}").format(session, str(e)[:300])
			)
			continue
		expired.append(session)
	return expired


def construct_event(payload: bytes, signature: str | None) -> Any:
	"""The verified event, or ValueError / stripe.SignatureVerificationError."""
	secret = frappe.get_cached_doc(SETTINGS).get_password("webhook_secret", raise_exception=False)
	if not secret or not signature:
		raise ValueError("webhook secret or signature missing")
	if not signature.isascii() or len(signature) > 2048:  # stripe compares str with hmac.compare_digest
		raise ValueError("signature header is not valid")
	return stripe.Webhook.construct_event(payload, signature, secret)
