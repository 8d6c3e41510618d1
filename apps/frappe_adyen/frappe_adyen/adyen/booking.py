"""What each Adyen notification does in ERPNext (called once per stored notification by the job):

- AUTHORISATION (success): one submitted Payment Entry for the amount Adyen authorised, against the
  Payment Request named in merchantReference (allocated up to what the invoice still owes, the rest left
  unallocated as the customer's credit); refused: a comment on the Payment Request, nothing booked.
- CAPTURE: a comment on the Payment Entry; CAPTURE_FAILED: an Accounts Manager ToDo.
- CANCELLATION (success): the authorisation was cancelled before any money moved: its Payment Entry is
  cancelled.
- REFUND (success): a reversing Payment Entry (paid back from the Adyen account), once per refund
  pspReference (a refund made from the desk was mirrored when it was asked for); REFUND refused,
  REFUND_FAILED, REFUNDED_REVERSED: the mirror is cancelled and an Accounts Manager ToDo says why.
- CHARGEBACK / NOTIFICATION_OF_CHARGEBACK: an Accounts Manager ToDo (high priority) on the payment.
"""

from decimal import Decimal
from typing import Any

import frappe
from frappe import _
from frappe.utils import flt, today

from frappe_adyen.adyen import signature
from frappe_adyen.adyen.gateway import GATEWAY, gateway_account


def amount_of(n: Any) -> Decimal:
	return Decimal(signature.minor_to_major(n.amount_minor or 0, n.currency or "USD"))


def payment_of(psp_reference: str | None) -> str | None:
	"""The submitted Payment Entry booked for an Adyen payment."""
	if not psp_reference:
		return None
	return frappe.db.get_value(
		"Payment Entry", {"reference_no": psp_reference, "payment_type": "Receive", "docstatus": 1}
	)


def outstanding_of(doctype: str, name: str) -> Decimal:
	doc = frappe.get_doc(doctype, name)
	if doctype in ("Sales Invoice", "POS Invoice"):
		return Decimal(str(doc.outstanding_amount or 0))
	total = doc.get("rounded_total") or doc.get("grand_total") or 0
	return Decimal(str(total)) - Decimal(str(doc.get("advance_paid") or 0))


def todo(description: str, reference: tuple[str, str] | None = None, priority: str = "High") -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"description": description,
				"reference_type": reference[0] if reference else None,
				"reference_name": reference[1] if reference else None,
				"role": "Accounts Manager",
				"priority": priority,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


# ---------- AUTHORISATION ----------


def authorisation(n: Any) -> dict:
	request = n.merchant_reference
	if not request or not frappe.db.exists("Payment Request", request):
		return {"result": _("no Payment Request {0}").format(request)}
	if not n.success:
		frappe.get_doc("Payment Request", request).add_comment(
			"Info", _("Adyen refused payment {0}: {1}").format(n.psp_reference, n.reason or "")
		)
		return {"result": _("refused: {0}").format(n.reason or "")}
	return {"result": _("booked"), "payment_entry": book(n, frappe.get_doc("Payment Request", request))}


def book(n: Any, pr: Any) -> str:
	"""The payment's Payment Entry, made once: looked up by pspReference under a lock on the invoice."""
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	if (n.currency or "").upper() != (pr.currency or "").upper():
		frappe.throw(
			_("Adyen paid {0} in {1}; {2} is in {3}.").format(
				n.psp_reference, n.currency, pr.name, pr.currency
			)
		)
	frappe.db.get_value(pr.reference_doctype, pr.reference_name, "name", for_update=True)
	if existing := payment_of(n.psp_reference):
		return existing
	account = gateway_account()
	if not account:
		frappe.throw(_("{0} has no Payment Gateway Account.").format(GATEWAY))
	amount = amount_of(n)
	outstanding = max(outstanding_of(pr.reference_doctype, pr.reference_name), Decimal(0))
	allocated = min(outstanding, amount)
	pe = get_payment_entry(
		pr.reference_doctype,
		pr.reference_name,
		party_amount=flt(amount),
		bank_account=account,
		bank_amount=flt(amount),
		created_from_payment_request=True,
	)
	pr_left = Decimal(str(pr.outstanding_amount or 0)) if pr.docstatus == 1 else Decimal(0)
	if allocated > 0:
		for row in pe.references[:1]:
			row.outstanding_amount = flt(outstanding)
			row.allocated_amount = flt(allocated)
			row.payment_request = pr.name if pr_left >= allocated else None
		pe.set("references", pe.references[:1])
	else:
		pe.set("references", [])
	unallocated = amount - allocated
	pe.update(
		{
			"mode_of_payment": pr.mode_of_payment or None,
			"reference_no": n.psp_reference,
			"reference_date": today(),
			"remarks": _("{0} payment {1} ({2}) for {3} {4}{5}").format(
				GATEWAY,
				n.psp_reference,
				n.payment_method or pr.mode_of_payment or "",
				pr.reference_doctype,
				pr.reference_name,
				_("; {0} left as customer credit").format(unallocated) if unallocated else "",
			),
		}
	)
	pe.set_amounts()
	pe.insert(ignore_permissions=True)
	pe.submit()
	return pe.name


# ---------- CAPTURE and CANCELLATION ----------


def capture(n: Any) -> dict:
	payment = payment_of(n.original_reference)
	if not payment:
		return {"result": _("no payment for {0}").format(n.original_reference)}
	pe = frappe.get_doc("Payment Entry", payment)
	if n.success:
		pe.add_comment(
			"Info", _("Adyen captured {0} {1} ({2}).").format(amount_of(n), n.currency, n.psp_reference)
		)
		return {"result": _("captured"), "payment_entry": payment}
	return capture_failed(n)


def capture_failed(n: Any) -> dict:
	payment = payment_of(n.original_reference)
	name = todo(
		_("Adyen could not capture payment {0} ({1}): {2}. Check it in Adyen's Customer Area.").format(
			payment or n.original_reference, n.psp_reference, n.reason or ""
		),
		("Payment Entry", payment) if payment else None,
	)
	return {"result": _("capture failed"), "payment_entry": payment, "todo": name}


def cancellation(n: Any) -> dict:
	if not n.success:
		return {"result": _("cancellation refused: {0}").format(n.reason or "")}
	payment = payment_of(n.original_reference or n.psp_reference)
	if not payment:
		return {"result": _("nothing booked for {0}").format(n.original_reference)}
	pe = frappe.get_doc("Payment Entry", payment)
	pe.flags.ignore_permissions = True
	pe.cancel()
	pe.add_comment(
		"Info", _("Adyen cancelled the authorisation ({0}); no money was taken.").format(n.psp_reference)
	)
	return {"result": _("payment cancelled"), "payment_entry": payment}


# ---------- REFUND ----------


def refunded(payment_entry: str) -> Decimal:
	"""What the reversing Payment Entries of a payment add up to."""
	total = frappe.db.get_value(
		"Payment Entry",
		{"payment_type": "Pay", "docstatus": 1, "remarks": ("like", f"%refund of {payment_entry}%")},
		"sum(paid_amount)",
	)
	return Decimal(str(total or 0))


def mirror(pe: Any, amount: Decimal, refund_psp: str) -> str:
	"""The refund in the books: a Payment Entry paying the customer back from the Adyen account, once
	per refund pspReference (looked up under a lock on the payment's row)."""
	frappe.db.get_value("Payment Entry", pe.name, "name", for_update=True)
	if existing := frappe.db.get_value(
		"Payment Entry", {"reference_no": refund_psp, "payment_type": "Pay", "docstatus": 1}
	):
		return existing
	entry = frappe.new_doc("Payment Entry")
	entry.update(
		{
			"payment_type": "Pay",
			"company": pe.company,
			"party_type": pe.party_type,
			"party": pe.party,
			"paid_from": pe.paid_to,
			"paid_to": pe.paid_from,
			"paid_amount": flt(amount),
			"received_amount": flt(amount),
			"mode_of_payment": pe.mode_of_payment,
			"reference_no": refund_psp,
			"reference_date": today(),
			"custom_remarks": 1,
			"remarks": _("{0} refund {1}: refund of {2}").format(GATEWAY, refund_psp, pe.name),
		}
	)
	entry.flags.ignore_permissions = True
	entry.insert()
	entry.submit()
	for fn in frappe.get_hooks("adyen_payment_refunded"):
		frappe.get_attr(fn)(pe, entry)
	return entry.name


def refund(n: Any) -> dict:
	payment = payment_of(n.original_reference)
	if not n.success:
		return refund_failed(n)
	if not payment:
		return {"result": _("no payment for {0}").format(n.original_reference)}
	return {
		"result": _("refunded"),
		"payment_entry": mirror(frappe.get_doc("Payment Entry", payment), amount_of(n), n.psp_reference),
	}


def refund_failed(n: Any) -> dict:
	"""The refund did not go through (refused, failed, or reversed by the bank): undo its mirror."""
	mirrored = frappe.db.get_value(
		"Payment Entry", {"reference_no": n.psp_reference, "payment_type": "Pay", "docstatus": 1}
	)
	if mirrored:
		entry = frappe.get_doc("Payment Entry", mirrored)
		entry.flags.ignore_permissions = True
		entry.cancel()
	payment = payment_of(n.original_reference)
	name = todo(
		_(
			"Adyen refund {0} of payment {1} did not go through ({2}: {3}); the customer has not been paid back."
		).format(n.psp_reference, payment or n.original_reference, n.event_code, n.reason or ""),
		("Payment Entry", payment) if payment else None,
	)
	return {"result": _("refund failed"), "payment_entry": mirrored or payment, "todo": name}


def cancel_or_refund(n: Any) -> dict:
	item = frappe.parse_json(n.item or "{}")
	action = ((item.get("additionalData") or {}).get("modification.action") or "").lower()
	return refund(n) if action == "refund" else cancellation(n)


# ---------- CHARGEBACK ----------


def chargeback(n: Any) -> dict:
	payment = payment_of(n.original_reference)
	name = todo(
		_(
			"Adyen chargeback {0} ({1}) of {2} {3} on payment {4}: defend or accept it in Adyen's Customer Area."
		).format(
			n.psp_reference,
			n.reason or n.event_code,
			amount_of(n),
			n.currency or "",
			payment or n.original_reference,
		),
		("Payment Entry", payment) if payment else None,
	)
	return {"result": _("chargeback to staff"), "payment_entry": payment, "todo": name}


HANDLERS = {
	"AUTHORISATION": authorisation,
	"CAPTURE": capture,
	"CAPTURE_FAILED": capture_failed,
	"CANCELLATION": cancellation,
	"CANCEL_OR_REFUND": cancel_or_refund,
	"REFUND": refund,
	"REFUND_FAILED": refund_failed,
	"REFUNDED_REVERSED": refund_failed,
	"CHARGEBACK": chargeback,
	"NOTIFICATION_OF_CHARGEBACK": chargeback,
}
