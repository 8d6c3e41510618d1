"""What the Stripe Checkout and PayPal Orders gateways share: registering with ERPNext/payments,
logging each provider call as an Integration Request, booking a verified payment once."""

import json
from decimal import Decimal
from typing import Any

import frappe
from frappe import _
from frappe.utils import call_hook_method, getdate


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
	for what was actually paid (partial payments included)."""
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	def existing() -> str | None:
		return frappe.db.get_value(
			"Payment Entry", {"reference_no": reference, "docstatus": 1, "party_type": "Customer"}
		)

	if name := existing():
		return name
	frappe.db.get_value(
		"Sales Invoice", invoice, "name", for_update=True
	)  # one booking of an invoice at a time
	if name := existing():
		return name
	account = frappe.db.get_value("Payment Gateway Account", {"payment_gateway": gateway}, "payment_account")
	if not account:
		frappe.throw(_("{0} has no Payment Gateway Account.").format(gateway))
	amount = float(amount)
	entry = get_payment_entry(
		"Sales Invoice", invoice, party_amount=amount, bank_account=account, bank_amount=amount
	)
	entry.update(
		{
			"mode_of_payment": method,
			"reference_no": reference,
			"reference_date": getdate(paid_on),
			"remarks": _("{0} payment {1} for {2}").format(gateway, reference, invoice),
		}
	)
	for row in entry.references:
		row.payment_request = payment_request
	entry.insert(ignore_permissions=True)
	entry.submit()
	return entry.name
