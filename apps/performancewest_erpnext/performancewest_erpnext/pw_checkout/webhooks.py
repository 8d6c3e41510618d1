"""Provider webhooks (guest endpoints). Each event is verified before anything is read, stored as an
Integration Request named after the provider's event id (a second delivery hits the primary key and is
acknowledged without effect), then processed once in a background job."""

import json
from decimal import Decimal
from typing import Any

import frappe
import requests
import stripe as stripe_lib
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import now_datetime

from performancewest_erpnext import jobs
from performancewest_erpnext.pw_checkout import gateways, identity, paypal_gateway, refunds, stripe_gateway

REQUEST = "Integration Request"
# Deliveries per sender address and minute (Frappe's rate_limit, counted before anything is read):
# providers send a few events a minute; a flood is answered 429 and a provider retries later.
RATE_LIMIT, RATE_WINDOW = 120, 60


def _reject(status: int, reason: str) -> dict:
	frappe.logger("pw_checkout").warning(f"webhook refused: {reason} from {frappe.local.request_ip}")
	frappe.local.response.http_status_code = status
	return {"status": "refused", "reason": reason}


def _accept(service: str, event_id: str, event_type: str, payload: str) -> dict:
	name = f"{service}:{event_id}"[:140]
	try:
		frappe.get_doc(
			{
				"doctype": REQUEST,
				"integration_request_service": service,
				"request_id": event_id,
				"request_description": event_type,
				"is_remote_request": 1,
				"status": "Queued",
				"data": payload,
			}
		).insert(ignore_permissions=True, set_name=name)
	except frappe.DuplicateEntryError:
		frappe.clear_messages()
		return {"status": "duplicate"}
	jobs.enqueue(
		"performancewest_erpnext.pw_checkout.webhooks.process", job_id=f"pw-webhook::{name}", name=name
	)
	return {"status": "queued"}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=RATE_LIMIT, seconds=RATE_WINDOW)
def stripe() -> dict:
	"""Stripe's endpoint: the raw body is verified against Stripe-Signature before anything is stored."""
	payload = frappe.request.get_data()
	try:
		event = stripe_gateway.construct_event(payload, frappe.get_request_header("Stripe-Signature"))
	except (ValueError, stripe_lib.SignatureVerificationError) as e:
		return _reject(400, f"stripe: {e}")
	return _accept(stripe_gateway.GATEWAY, event["id"], event["type"], payload.decode())


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=RATE_LIMIT, seconds=RATE_WINDOW)
def paypal() -> dict:
	"""PayPal's endpoint: the raw body is verified by PayPal's verify-webhook-signature call (which
	stores nothing) before the event is stored."""
	try:
		payload = frappe.request.get_data().decode()
		event = json.loads(payload)
	except (ValueError, RecursionError):
		return _reject(400, "paypal: not JSON")
	if not isinstance(event, dict) or not event.get("id") or not event.get("event_type"):
		return _reject(400, "paypal: not an event")
	headers = {h: frappe.get_request_header(h) for h in paypal_gateway.VERIFY_HEADERS.values()}
	try:
		genuine = paypal_gateway.verify_webhook(headers, event)
	except frappe.ValidationError:
		frappe.clear_messages()
		genuine = False
	except (requests.RequestException, ValueError) as e:  # PayPal unreachable: it delivers again later
		return _reject(503, f"paypal: verification unavailable ({type(e).__name__})")
	if not genuine:
		return _reject(400, "paypal: signature not verified")
	return _accept(paypal_gateway.GATEWAY, event["id"], event["event_type"], payload)


def process(name: str) -> None:
	"""Background job: handle one stored event, once. The event is verified; its bookings are the
	system's (the job was enqueued by the provider's guest request)."""
	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		_process(name)
	finally:
		frappe.set_user(user)


def _process(name: str) -> None:
	status = frappe.db.get_value(REQUEST, name, "status", for_update=True)
	if status != "Queued":
		return
	request = frappe.get_doc(REQUEST, name)
	event = json.loads(request.data)
	if request.integration_request_service == stripe_gateway.GATEWAY:
		handler = STRIPE_HANDLERS.get(event.get("type"))
		resource = event["data"]["object"]
	else:
		handler = PAYPAL_HANDLERS.get(event.get("event_type"))
		resource = event.get("resource") or {}
	try:
		note = handler(resource) if handler else _("ignored")
	except (frappe.QueryDeadlockError, frappe.QueryTimeoutError) as e:
		frappe.db.rollback()  # a concurrent booking held the rows: Frappe runs the job again (5 times)
		raise frappe.RetryBackgroundJobError(str(e)) from e
	except Exception:
		frappe.db.rollback()
		request.db_set({"status": "Failed", "error": frappe.get_traceback()[-4000:]})
		# nosemgrep: frappe-manual-commit -- the failure stays on record; staff retry it from the desk
		frappe.db.commit()
		raise
	request.db_set({"status": "Completed", "output": json.dumps({"result": note, "at": str(now_datetime())})})
	frappe.db.commit()  # nosemgrep


# ---------- Stripe events ----------


def _stripe_paid(session: dict) -> str:
	meta = session.get("metadata") or {}
	request = meta.get("payment_request")
	if not request or not frappe.db.exists("Payment Request", request):
		return _("no payment request in metadata")
	pr = frappe.get_doc("Payment Request", request)
	amount = Decimal(session["amount_total"]) / 100
	return gateways.book_payment(
		pr.reference_name,
		amount,
		session.get("payment_intent") or session["id"],
		meta.get("payment_method") or pr.mode_of_payment,
		stripe_gateway.GATEWAY,
		payment_request=pr.name,
		paid_on=frappe.utils.today(),
	)


def _order_of_session(session: dict) -> Any:
	invoice = (session.get("metadata") or {}).get("invoice")
	name = invoice and frappe.db.get_value("Service Order", {"sales_invoice": invoice})
	return frappe.get_doc("Service Order", name) if name else None


def stripe_session_completed(session: dict) -> str:
	if session.get("payment_status") == "paid":
		return _stripe_paid(session)
	if order := _order_of_session(session):  # ACH: the bank debit settles in up to 4 business days
		order.add_comment(
			"Info",
			_("Bank debit started ({0}); waiting for it to clear.").format(session.get("payment_intent")),
		)
	return _("pending: {0}").format(session.get("payment_status"))


def stripe_async_failed(session: dict) -> str:
	request = (session.get("metadata") or {}).get("payment_request")
	if request and frappe.db.get_value("Payment Request", request, "docstatus") == 1:
		pr = frappe.get_doc("Payment Request", request)
		pr.flags.ignore_permissions = True
		pr.flags.provider_closed = True  # nothing left to expire or void at the provider
		pr.cancel()
	if order := _order_of_session(session):
		order.add_comment("Info", _("The bank debit failed; the invoice stays open for another payment."))
	return _("bank debit failed")


def stripe_balance_available(balance: dict) -> str:
	"""Stripe moved money to the available balance: clear orders whose funds were due."""
	from performancewest_erpnext.pw_orders.orders import clear_due_funds

	return _("{0} orders cleared").format(clear_due_funds())


def stripe_dispute(dispute: dict) -> str:
	"""A chargeback: staff answer it in Stripe before its deadline."""
	payment = frappe.db.get_value(
		"Payment Entry", {"reference_no": dispute.get("payment_intent"), "docstatus": 1}
	)
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"description": _(
				"Stripe dispute {0} ({1}) on payment {2} for {3}: answer it in the Stripe dashboard before {4}."
			).format(
				dispute.get("id"),
				dispute.get("reason"),
				payment or dispute.get("payment_intent"),
				frappe.format_value(Decimal(dispute.get("amount") or 0) / 100, {"fieldtype": "Currency"}),
				(dispute.get("evidence_details") or {}).get("due_by"),
			),
			"reference_type": "Payment Entry" if payment else None,
			"reference_name": payment,
			"role": "Accounts Manager",
			"priority": "High",
		}
	).insert(ignore_permissions=True)
	return todo.name


STRIPE_HANDLERS = {
	"balance.available": stripe_balance_available,
	"charge.refunded": refunds.on_stripe_charge_refunded,
	"charge.dispute.created": stripe_dispute,
	"identity.verification_session.verified": identity.on_event,
	"identity.verification_session.requires_input": identity.on_event,
	"identity.verification_session.canceled": identity.on_event,
	"checkout.session.completed": stripe_session_completed,
	"checkout.session.async_payment_succeeded": _stripe_paid,
	"checkout.session.async_payment_failed": stripe_async_failed,
}


# ---------- PayPal events ----------


def _paypal_book(capture: dict, payment_request: str | None) -> str:
	if capture.get("status") != "COMPLETED":
		return _("capture {0}: {1}").format(capture.get("id"), capture.get("status"))
	request = payment_request or capture.get("custom_id")
	if not request or not frappe.db.exists("Payment Request", request):
		return _("no payment request for capture {0}").format(capture.get("id"))
	pr = frappe.get_doc("Payment Request", request)
	return gateways.book_payment(
		pr.reference_name,
		Decimal(capture["amount"]["value"]),
		capture["id"],
		"PayPal",
		paypal_gateway.GATEWAY,
		payment_request=pr.name,
		paid_on=frappe.utils.today(),
	)


def paypal_order_approved(order: dict) -> str:
	"""The payer approved: capture (idempotent by PayPal-Request-Id) and book the capture, only while
	its Payment Request is open. Orders v2 has no call that cancels an order of intent CAPTURE (only
	authorizations are voided), so a cancelled or replaced request's order is voided by never being
	captured: the payer's approval lapses and no money moves. The request's row stays locked until the
	capture is booked, so cancelling it (switching method) waits for this job."""
	unit = (order.get("purchase_units") or [{}])[0]
	request = unit.get("custom_id") or unit.get("reference_id")
	docstatus = request and frappe.db.get_value("Payment Request", request, "docstatus", for_update=True)
	if docstatus != 1:
		invoice = request and frappe.db.get_value("Payment Request", request, "reference_name")
		if order_name := invoice and frappe.db.get_value("Service Order", {"sales_invoice": invoice}):
			frappe.get_doc("Service Order", order_name).add_comment(
				"Info",
				_(
					"PayPal order {0} was approved after its payment request {1} was closed: not captured."
				).format(order["id"], request),
			)
		return _("payment request {0} is not open: order {1} not captured").format(request, order["id"])
	result = paypal_gateway.capture(order["id"])
	unit = (result.get("purchase_units") or [{}])[0]
	notes = [
		_paypal_book(capture, unit.get("custom_id") or unit.get("reference_id"))
		for capture in (unit.get("payments") or {}).get("captures") or []
	]
	return ", ".join(notes) or _("nothing captured")


def paypal_capture_completed(capture: dict) -> str:
	return _paypal_book(capture, None)


def paypal_capture_denied(capture: dict) -> str:
	request = capture.get("custom_id")
	if request and frappe.db.get_value("Payment Request", request, "docstatus") == 1:
		pr = frappe.get_doc("Payment Request", request)
		pr.flags.ignore_permissions = True
		pr.flags.provider_closed = True  # nothing left to expire or void at the provider
		pr.cancel()
	return _("capture denied")


PAYPAL_HANDLERS = {
	"CHECKOUT.ORDER.APPROVED": paypal_order_approved,
	"PAYMENT.CAPTURE.COMPLETED": paypal_capture_completed,
	"PAYMENT.CAPTURE.DENIED": paypal_capture_denied,
	"PAYMENT.CAPTURE.REFUNDED": refunds.on_paypal_capture_refunded,
}


@frappe.whitelist(methods=["POST"])
def retry_event(name: str) -> None:
	"""Staff/ops: process a failed event again (after fixing what made it fail)."""
	frappe.only_for(("System Manager", "Accounts Manager"))
	if frappe.db.get_value(REQUEST, name, "status") != "Failed":
		frappe.throw(_("Only a failed event can be retried."))
	frappe.db.set_value(REQUEST, name, {"status": "Queued", "error": None})
	jobs.enqueue(
		"performancewest_erpnext.pw_checkout.webhooks.process", job_id=f"pw-webhook::{name}", name=name
	)
