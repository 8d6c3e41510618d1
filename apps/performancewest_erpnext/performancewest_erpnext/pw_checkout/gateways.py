"""What the Stripe Checkout and PayPal Orders gateways share: registering with ERPNext/payments,
logging each provider call as an Integration Request, booking a verified payment once."""

import json
from decimal import Decimal
from typing import Any

import frappe
from frappe import _
from frappe.utils import call_hook_method, flt, getdate

from performancewest_erpnext import jobs


def register(gateway: str, settings: str) -> None:
	"""A Payment Gateway record (as the payments app makes them) and, through ERPNext's
	`payment_gateway_enabled` hook, its Payment Gateway Account and clearing bank account."""
	from payments.utils import create_payment_gateway

	create_payment_gateway(gateway, settings=settings)
	call_hook_method("payment_gateway_enabled", gateway=gateway)


class GatewaySettings:
	"""What ERPNext's Payment Request asks of a gateway's settings: USD, and the provider's page for
	the request (`create_payment_page(payment_request, success_url, cancel_url)`)."""

	gateway_title = ""

	def validate_transaction_currency(self, currency: str) -> None:
		if currency != "USD":
			frappe.throw(_("{0} takes USD; this request is in {1}.").format(self.gateway_title, currency))

	def get_payment_url(self, **kwargs) -> str:
		from performancewest_erpnext.pw_checkout.checkout import return_urls

		payment_request = frappe.get_doc("Payment Request", kwargs["reference_docname"])
		return self.create_payment_page(payment_request, *return_urls(payment_request))


def log_call(
	service: str, action: str, data: Any, output: Any = None, error: str | None = None, reference: Any = None
) -> None:
	"""One Integration Request per provider call (secrets never reach `data`)."""
	frappe.get_doc(
		{
			"doctype": "Integration Request",
			"integration_request_service": service,
			"request_description": action,
			"is_remote_request": 0,
			"status": "Failed" if error else "Completed",
			"data": json.dumps(data, default=str),
			"output": json.dumps(output, default=str) if output is not None else None,
			"error": error,
			"reference_doctype": reference and reference.doctype,
			"reference_docname": reference and reference.name,
		}
	).insert(ignore_permissions=True)


def book_payment(
	invoice: str,
	amount: Decimal | float,
	reference: str,
	method: str,
	gateway: str,
	payment_request: str | None = None,
	paid_on: Any = None,
) -> str:
	"""One submitted Payment Entry per provider payment (`reference`: the payment intent or capture id),
	for what was actually paid (partial payments included). The Payment Effect named after `reference`
	is inserted first: a concurrent booking of the same payment waits for it and returns its entry.

	A payment is never lost when its request was cancelled meanwhile (the customer switched method and
	finished the old tab): it is booked against the invoice that replaced the request's (the reissue
	amends it), or, when nothing is left to pay there, booked as the customer's advance and refunded
	through the provider; staff get a ToDo either way."""
	from performancewest_erpnext.pw_checkout import effects

	# locks in one order (request, effect, invoice), as webhooks.paypal_order_approved takes them
	request_open = bool(payment_request) and (
		frappe.db.get_value("Payment Request", payment_request, "docstatus", for_update=True) == 1
	)
	effect = effects.claim("Payment", gateway, reference)
	if not effect:
		return effects.booked("Payment", gateway, reference)
	account = frappe.db.get_value("Payment Gateway Account", {"payment_gateway": gateway}, "payment_account")
	if not account:
		frappe.throw(_("{0} has no Payment Gateway Account.").format(gateway))
	amount = flt(amount, 2)
	live = live_invoice(invoice)
	outstanding = (
		flt(frappe.db.get_value("Sales Invoice", live, "outstanding_amount", for_update=True), 2)
		if live
		else 0
	)  # a locking read: one booking of an invoice at a time, and its latest outstanding amount
	details = {
		"mode_of_payment": method,
		"reference_no": reference,
		"reference_date": getdate(paid_on),
		"remarks": _("{0} payment {1} for {2}").format(gateway, reference, invoice),
	}
	if outstanding > 0:
		from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

		allocated = min(amount, outstanding)
		entry = get_payment_entry(
			"Sales Invoice", live, party_amount=allocated, bank_account=account, bank_amount=allocated
		)
		entry.update({**details, "paid_amount": amount, "received_amount": amount})
		for row in entry.references:
			row.payment_request = payment_request if request_open and live == invoice else None
	else:
		entry = advance(invoice, amount, account, details)
	entry.insert(ignore_permissions=True)
	entry.submit()
	effects.record(effect, entry)
	if outstanding <= 0:
		tell_staff(
			entry,
			_(
				"{0} payment {1} ({2}) arrived for {3}, which has nothing left to pay; it is booked as the "
				"customer's advance {4} and is being refunded through {0}. Check the refund went through."
			).format(gateway, reference, amount, invoice, entry.name),
		)
		jobs.enqueue(
			"performancewest_erpnext.pw_checkout.refunds.refund_unwanted",
			job_id=f"pw-refund::{entry.name}",
			payment_entry=entry.name,
		)
	elif not request_open or live != invoice or amount > outstanding:
		tell_staff(
			entry,
			_(
				"{0} payment {1} ({2}) arrived for payment request {3} of {4}, which was cancelled or "
				"replaced; it is booked as {5} against {6} (outstanding was {7}; anything above it is the "
				"customer's advance). Check the order and refund any excess."
			).format(gateway, reference, amount, payment_request, invoice, entry.name, live, outstanding),
		)
	return entry.name


def live_invoice(invoice: str) -> str | None:
	"""The submitted invoice itself, or the amendment that replaced it (a reissue cancels and amends)."""
	name = invoice
	while name:
		if frappe.db.get_value("Sales Invoice", name, "docstatus") == 1:
			return name
		name = frappe.db.get_value("Sales Invoice", {"amended_from": name, "docstatus": ("!=", 0)}, "name")
	return None


def advance(invoice: str, amount: float, account: str, details: dict) -> Any:
	"""A payment received from the invoice's customer, allocated to nothing."""
	si = frappe.db.get_value("Sales Invoice", invoice, ["company", "customer", "debit_to"], as_dict=True)
	entry = frappe.new_doc("Payment Entry")
	entry.update(
		{
			"payment_type": "Receive",
			"company": si.company,
			"party_type": "Customer",
			"party": si.customer,
			"paid_from": si.debit_to,
			"paid_to": account,
			"paid_amount": amount,
			"received_amount": amount,
			"source_exchange_rate": 1,
			"target_exchange_rate": 1,
			"custom_remarks": 1,
			**details,
		}
	)
	return entry


def tell_staff(reference: Any, description: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"description": description,
				"reference_type": reference.doctype,
				"reference_name": reference.name,
				"role": "Accounts Manager",
				"priority": "High",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
