"""Stripe Identity for the identity gate: a verification session started from the portal; Stripe's
`identity.verification_session.*` events record the result on the customer's Identity Verification."""

import frappe
from frappe import _
from frappe.utils import get_url

from performancewest_erpnext.pw_checkout import stripe_gateway

PROVIDER = "Stripe Identity"
STATUSES = {
	"verified": "Verified",
	"requires_input": "Requires Input",
	"processing": "Processing",
	"canceled": "Canceled",
}


def start(customer: str) -> str:
	"""A hosted Stripe Identity page for the customer's representative; returns its URL."""
	from performancewest_erpnext.pw_orders.doctype.identity_verification.identity_verification import (
		record_provider_result,
	)

	if frappe.db.exists("Identity Verification", {"customer": customer, "status": "Verified"}):
		frappe.throw(_("{0} is already verified.").format(customer))
	params = {
		"type": "document",
		"metadata": {"customer": customer},
		"return_url": get_url("/verify-identity?done=1"),
	}
	session = stripe_gateway.call(
		"identity.verification_sessions.create",
		None,
		stripe_gateway.client().identity.verification_sessions.create,
		params,
		idempotency_key=f"idv-{frappe.scrub(customer)[:60]}-{frappe.utils.today()}",
	)
	record_provider_result(PROVIDER, session["id"], STATUSES.get(session.get("status"), "Pending"), customer)
	return session["url"]


def on_event(session: dict) -> str:
	"""identity.verification_session.verified / requires_input / processing / canceled."""
	from performancewest_erpnext.pw_orders.doctype.identity_verification.identity_verification import (
		record_provider_result,
	)

	status = STATUSES.get(session.get("status"))
	customer = (session.get("metadata") or {}).get("customer")
	if not status or not customer or not frappe.db.exists("Customer", customer):
		return _("ignored")
	return record_provider_result(PROVIDER, session["id"], status, customer)
