"""The pay page's endpoint (guest-callable with the Payment Request's signed link): an Adyen Checkout
session for the request (Sessions flow: the Drop-in is mounted with it)."""

from typing import Any

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from frappe_adyen.adyen import gateway, signature
from frappe_adyen.adyen.client import AdyenClient

OPEN = ("Initiated", "Requested", "Partially Paid")


def payment_request_for(pr: Any, sig: Any) -> Any:
	if not gateway.check_link(pr, sig):
		raise frappe.PermissionError(_("This payment link is not valid."))
	if not frappe.db.exists("Payment Request", {"name": pr, "docstatus": 1}):
		raise frappe.DoesNotExistError(_("This payment request is no longer open."))
	return frappe.get_doc("Payment Request", pr)


def session_request(request: Any) -> dict:
	"""The POST /sessions body for a Payment Request: its total in minor units, its name as the
	reference, the Adyen method types of its mode of payment."""
	settings = frappe.get_cached_doc(gateway.SETTINGS)
	body = {
		"merchantAccount": settings.merchant_account,
		"amount": {
			"value": signature.minor_units(request.grand_total, request.currency),
			"currency": request.currency,
		},
		"reference": request.name,
		"returnUrl": gateway.pay_page_url(request.name) + "&returned=1",
		"countryCode": settings.country_code or "US",
		"metadata": {
			"payment_request": request.name,
			"reference_doctype": request.reference_doctype[:80],
			"reference_name": request.reference_name[:80],
		},
	}
	if request.email_to:
		body["shopperEmail"] = request.email_to
	if request.party_type == "Customer" and request.party:
		body["shopperReference"] = request.party[:256]
	if types := gateway.METHOD_TYPES.get(request.mode_of_payment or ""):
		body["allowedPaymentMethods"] = types
	return body


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=60, seconds=60 * 60)
def session(pr: str | None = None, sig: str | None = None) -> dict:
	"""A new Checkout session for the Drop-in (sessions hold no money: one per page load)."""
	request = payment_request_for(pr, sig)
	if request.status not in OPEN:
		frappe.throw(_("This payment request is {0}.").format(_(request.status)))
	if not gateway.configured():
		frappe.throw(_("Adyen payments are not available."))
	body = session_request(request)
	result = AdyenClient().session(
		body, idempotency_key=f"session-{request.name}-{frappe.generate_hash(length=10)}", reference=request
	)
	if not result.get("id") or not result.get("sessionData"):
		frappe.throw(_("Adyen gave no session; please try again."))
	settings = frappe.get_cached_doc(gateway.SETTINGS)
	return {
		"id": result["id"],
		"sessionData": result["sessionData"],
		"clientKey": settings.get_password("client_key"),
		"environment": "live" if settings.environment == "Live" else "test",
		"amount": body["amount"],
		"countryCode": body["countryCode"],
	}
