"""Refunds from the desk (Payment Entry → Provider → Refund through Adyen): Adyen is asked to refund
(part of) the payment, and the refund is mirrored at once as a reversing Payment Entry named by the
refund's pspReference; Adyen's REFUND notification then finds it booked (or, refused, undoes it)."""

from decimal import ROUND_HALF_UP, Decimal

import frappe
from frappe import _

from frappe_adyen.adyen import booking, signature
from frappe_adyen.adyen.client import AdyenClient
from frappe_adyen.adyen.gateway import GATEWAY, SETTINGS, gateway_account


def cents(value) -> Decimal:
	return Decimal(str(value or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def is_adyen_payment(pe) -> bool:
	account = gateway_account()
	return bool(account) and pe.payment_type == "Receive" and pe.paid_to == account


@frappe.whitelist(methods=["POST"])
def refund(payment_entry: str, amount: float | None = None) -> str:
	"""Refund (part of) an Adyen payment; returns the reversing Payment Entry."""
	frappe.only_for(("Accounts Manager", "System Manager"))
	pe = frappe.get_doc("Payment Entry", payment_entry)
	if pe.docstatus != 1 or not is_adyen_payment(pe) or not pe.reference_no:
		frappe.throw(_("Only a submitted Adyen payment can be refunded here."))
	frappe.db.get_value("Payment Entry", pe.name, "name", for_update=True)  # one refund at a time
	already = cents(booking.refunded(pe.name))
	remaining = cents(pe.paid_amount) - already
	wanted = cents(amount) if amount else remaining
	if wanted <= 0 or wanted > remaining:
		frappe.throw(_("Refund between 0.01 and {0}.").format(remaining))
	currency = pe.paid_to_account_currency or pe.paid_from_account_currency or "USD"
	minor_already, minor = signature.minor_units(already, currency), signature.minor_units(wanted, currency)
	request = {
		"merchantAccount": frappe.get_cached_doc(SETTINGS).merchant_account,
		"amount": {"value": minor, "currency": currency},
		"reference": f"{pe.name}-refund-{minor_already}",
	}
	result = AdyenClient().refund(
		pe.reference_no, request, idempotency_key=f"refund-{pe.name}-{minor_already}-{minor}", reference=pe
	)
	psp = result.get("pspReference")
	if not psp:
		frappe.throw(_("{0} gave no reference for the refund.").format(GATEWAY))
	return booking.mirror(pe, wanted, psp)
