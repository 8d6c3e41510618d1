"""Booking a crypto transaction in ERPNext: one submitted Payment Entry per transaction, for the
fiat SHKeeper valued it at (not Payment Request.set_as_paid(), which books the whole outstanding).
What the invoice still owes is allocated (through the Payment Request); anything beyond is left
unallocated: an advance, the customer's credit."""

from decimal import Decimal
from typing import Any

import frappe
from frappe import _
from frappe.utils import flt, getdate

from frappe_crypto.shkeeper import invoice_status as st
from frappe_crypto.shkeeper.gateway import GATEWAY

TRANSACTION = "Crypto Transaction"


def outstanding_of(doctype: str, name: str) -> Decimal:
	doc = frappe.get_doc(doctype, name)
	if doctype in ("Sales Invoice", "POS Invoice"):
		return Decimal(str(doc.outstanding_amount or 0))
	total = doc.get("rounded_total") or doc.get("grand_total") or 0
	return Decimal(str(total)) - Decimal(str(doc.get("advance_paid") or 0))


def book_transaction(tx_name: str, invoice: Any) -> str | None:
	"""The transaction's Payment Entry (made once); a failure is recorded on the transaction, leaves
	everything else of the callback stored, and is retried by the scheduler."""
	tx = frappe.get_doc(TRANSACTION, tx_name)
	if tx.payment_entry:
		return tx.payment_entry
	savepoint = f"book_{frappe.generate_hash(length=8)}"
	frappe.db.savepoint(savepoint)
	try:
		name, allocated, unallocated = _book(tx, invoice)
	except Exception as e:
		frappe.db.rollback(save_point=savepoint)
		frappe.clear_messages()
		error = f"{type(e).__name__}: {e}"
		frappe.db.set_value(TRANSACTION, tx.name, "booking_error", error[:1000], update_modified=False)
		frappe.log_error(
			title=f"Crypto transaction {tx.txid} not booked",
			reference_doctype=TRANSACTION,
			reference_name=tx.name,
		)
		return None
	frappe.db.set_value(
		TRANSACTION,
		tx.name,
		{
			"payment_entry": name,
			"allocated_fiat": allocated,
			"unallocated_fiat": unallocated,
			"booking_error": None,
		},
		update_modified=False,
	)
	return name


def _book(tx: Any, invoice: Any) -> tuple[str, Decimal, Decimal]:
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	pr = frappe.get_doc("Payment Request", invoice.payment_request)
	existing = frappe.db.get_value(
		"Payment Entry",
		{"reference_no": tx.txid, "docstatus": 1, "party_type": "Customer", "party": pr.party},
	)
	if existing:  # booked before (e.g. by staff): look-up before create
		return existing, Decimal(0), Decimal(0)
	amount = Decimal(str(tx.amount_fiat))
	outstanding = outstanding_of(pr.reference_doctype, pr.reference_name)
	allocated, unallocated = st.allocation(outstanding, amount)
	account = pr.payment_account or frappe.db.get_value(
		"Payment Gateway Account", {"payment_gateway": GATEWAY}, "payment_account"
	)
	if not account:
		frappe.throw(_("{0} has no Payment Gateway Account.").format(GATEWAY))
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
	rate = Decimal(str(tx.rate or 0))
	pe.update(
		{
			"mode_of_payment": pr.mode_of_payment or None,
			"reference_no": tx.txid,
			"reference_date": getdate(tx.tx_date),
			"remarks": _("{0}: {1} {2} at {3} {4}/{2} (txid {5}) for {6} {7}{8}").format(
				GATEWAY,
				f"{Decimal(str(tx.amount_crypto)).normalize():f}",
				tx.crypto,
				f"{rate:.2f}",
				invoice.fiat_currency,
				tx.txid,
				pr.reference_doctype,
				pr.reference_name,
				_("; {0} left as customer credit").format(unallocated) if unallocated else "",
			),
		}
	)
	pe.set_amounts()
	pe.insert(ignore_permissions=True)
	pe.submit()
	return pe.name, allocated, unallocated
