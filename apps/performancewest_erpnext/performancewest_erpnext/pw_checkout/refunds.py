"""Refunds: started from the desk (Payment Entry → Refund) or made in the provider's dashboard;
either way mirrored once as a Payment Entry paying the customer back from the gateway's account."""

from decimal import Decimal
from typing import Any

import frappe
from frappe import _
from frappe.utils import flt, today

from performancewest_erpnext.pw_checkout import paypal_gateway, stripe_gateway
from performancewest_erpnext.pw_checkout.surcharge import cents, minor_units

GATEWAY_OF_METHOD = {
	"Card": stripe_gateway.GATEWAY,
	"ACH": stripe_gateway.GATEWAY,
	"Klarna": stripe_gateway.GATEWAY,
	"PayPal": paypal_gateway.GATEWAY,
}


def refunded(payment_entry: str) -> float:
	return flt(
		frappe.db.get_value(
			"Payment Entry",
			{"payment_type": "Pay", "docstatus": 1, "remarks": ("like", f"%refund of {payment_entry}%")},
			"sum(paid_amount)",
		)
	)


def refund(payment_entry: str, amount: float | None = None, reason: str = "requested_by_customer") -> str:
	"""Refund (part of) a gateway payment through its provider; returns the mirroring Payment Entry."""
	frappe.only_for(("Accounts Manager", "System Manager"))
	pe = frappe.get_doc("Payment Entry", payment_entry)
	gateway = GATEWAY_OF_METHOD.get(pe.mode_of_payment)
	if gateway and pe.paid_to != frappe.db.get_value(
		"Payment Gateway Account", {"payment_gateway": gateway}, "payment_account"
	):
		gateway = None  # booked by another gateway (a gateway app's, e.g. Adyen's): refunded through it
	if pe.docstatus != 1 or pe.payment_type != "Receive" or not gateway:
		frappe.throw(_("Only a submitted Stripe or PayPal payment can be refunded here."))
	already = cents(refunded(pe.name))
	remaining = cents(pe.paid_amount) - already
	amount = cents(amount) if amount else remaining
	if amount <= 0 or amount > remaining:
		frappe.throw(_("Refund between 0.01 and {0}.").format(remaining))
	key = f"refund-{pe.name}-{minor_units(already)}-{minor_units(amount)}"
	if gateway == stripe_gateway.GATEWAY:
		params = {
			"payment_intent": pe.reference_no,
			"amount": minor_units(amount),
			"reason": reason,
			"metadata": {"payment_entry": pe.name},
		}
		result = stripe_gateway.call(
			"refunds.create", pe, stripe_gateway.client().refunds.create, params, idempotency_key=key
		)
	else:
		result = paypal_gateway.refund(
			pe.reference_no, float(amount), pe.paid_to_account_currency or "USD", request_id=key
		)
	return mirror(pe, amount, result["id"])


def mirror(pe: Any, amount: Decimal | float, provider_reference: str) -> str:
	"""The refund in the books, once per provider refund id: a desk refund and the provider's event
	about it name the same refund, and the Payment Effect named after it is inserted first."""
	from performancewest_erpnext.pw_checkout import effects

	gateway = GATEWAY_OF_METHOD.get(pe.mode_of_payment) or pe.mode_of_payment
	effect = effects.claim("Refund", gateway, provider_reference)
	if not effect:
		return effects.booked("Refund", gateway, provider_reference)
	refund_entry = frappe.new_doc("Payment Entry")
	refund_entry.update(
		{
			"payment_type": "Pay",
			"company": pe.company,
			"party_type": "Customer",
			"party": pe.party,
			"paid_from": pe.paid_to,
			"paid_to": pe.paid_from,
			"paid_amount": float(amount),
			"received_amount": float(amount),
			"mode_of_payment": pe.mode_of_payment,
			"reference_no": provider_reference,
			"reference_date": today(),
			"custom_remarks": 1,
			"remarks": _("Refund {0}: refund of {1}").format(provider_reference, pe.name),
		}
	)
	refund_entry.flags.ignore_permissions = True
	refund_entry.insert()
	refund_entry.submit()
	effects.record(effect, refund_entry)
	_refund_order(pe)
	return refund_entry.name


def on_adyen_refund(payment_entry: Any, refund_entry: Any) -> None:
	"""frappe_adyen's `adyen_payment_refunded` hook: the order follows an Adyen refund as a Stripe one."""
	_refund_order(payment_entry)


def _refund_order(pe: Any) -> None:
	from performancewest_erpnext.pw_orders import engine
	from performancewest_erpnext.pw_orders import status as st

	invoices = [r.reference_name for r in pe.references if r.reference_doctype == "Sales Invoice"]
	total = cents(refunded(pe.name))
	for name in frappe.get_all("Service Order", {"sales_invoice": ("in", invoices or [""])}, pluck="name"):
		order = frappe.get_doc("Service Order", name)
		if total >= cents(pe.paid_amount) and st.REFUNDED in st.TRANSITIONS.get(order.status, ()):
			engine.set_status(order, st.REFUNDED, _("Payment {0} refunded in full.").format(pe.name))
		else:
			order.add_comment("Info", _("Refunded {0} of payment {1}.").format(total, pe.name))


def on_stripe_charge_refunded(charge: dict) -> str:
	"""charge.refunded: mirror each refund of the payment, by its refund id (the charge in the event
	does not list its refunds since Stripe's API version 2022-11-15, so they are read from Stripe)."""
	pe_name = frappe.db.get_value(
		"Payment Entry",
		{"reference_no": charge.get("payment_intent"), "payment_type": "Receive", "docstatus": 1},
	)
	if not pe_name:
		return _("no payment for {0}").format(charge.get("payment_intent"))
	pe = frappe.get_doc("Payment Entry", pe_name)
	listed = stripe_gateway.call(
		"refunds.list",
		pe,
		stripe_gateway.client().refunds.list,
		{"payment_intent": pe.reference_no, "limit": 100},
	)
	# refunds booked before they were keyed by their id carry `<charge>:refunded:<total>`: the oldest
	# refunds up to that amount are in the books already
	legacy = cents(
		frappe.db.get_value(
			"Payment Entry",
			{
				"payment_type": "Pay",
				"docstatus": 1,
				"reference_no": ("like", f"{charge.get('id')}:refunded:%"),
			},
			"sum(paid_amount)",
		)
		or 0
	)
	booked = []
	for r in sorted(listed["data"], key=lambda r: r.get("created") or 0):
		amount = Decimal(r["amount"]) / 100
		if r.get("status") not in ("succeeded", "pending"):
			continue
		if legacy >= amount:
			legacy -= amount
			continue
		booked.append(mirror(pe, amount, r["id"]))
	return ", ".join(booked) or _("no refund to book")


def refund_unwanted(payment_entry: str) -> str:
	"""Background job: give back in full a payment that arrived with nothing left to pay."""
	return refund(payment_entry, reason="duplicate")


def on_paypal_capture_refunded(refund_resource: dict) -> str:
	capture = next(
		(
			link["href"].rstrip("/").rsplit("/", 1)[1]
			for link in refund_resource.get("links") or []
			if link.get("rel") == "up"
		),
		None,
	)
	pe_name = capture and frappe.db.get_value(
		"Payment Entry", {"reference_no": capture, "payment_type": "Receive", "docstatus": 1}
	)
	if not pe_name:
		return _("no payment for capture {0}").format(capture)
	return mirror(
		frappe.get_doc("Payment Entry", pe_name),
		Decimal(refund_resource["amount"]["value"]),
		refund_resource["id"],
	)
