"""frappe_crypto's `crypto_obligations` hook: what a crypto-paid invoice owes vendors, which the
treasury off-ramps to the bank and the crypto filing card (the rest stays in crypto).

- filing fees: the order's pass-through government fees (paid with the crypto filing card);
- commission reserve: the sales partner (agent) commission ERPNext computed on the invoice."""

from typing import Any

import frappe
from frappe import _

ORDER = "Service Order"


def obligations(reference_doctype: str | None, reference_name: str | None) -> list[dict]:
	if reference_doctype not in ("Sales Invoice", "Sales Order") or not reference_name:
		return []
	link = "sales_invoice" if reference_doctype == "Sales Invoice" else "sales_order"
	order = frappe.db.get_value(ORDER, {link: reference_name}, ["name", "government_fees"], as_dict=True)
	rows = []
	if order and order.government_fees:
		rows.append(
			{
				"kind": "filing_fee",
				"amount": order.government_fees,
				"description": _("Government filing fees of {0}").format(order.name),
			}
		)
	commission = frappe.db.get_value(reference_doctype, reference_name, "total_commission")
	if commission:
		rows.append(
			{
				"kind": "commission_reserve",
				"amount": commission,
				"description": _("Agent commission on {0}").format(reference_name),
			}
		)
	return rows


def job_settled(job: Any) -> None:
	"""frappe_crypto's `crypto_job_settled` hook: the treasury has off-ramped the payment and topped up
	the filing card itself, so the order's funds are cleared without a second top-up."""
	from performancewest_erpnext.pw_orders import orders, status

	if job.reference_doctype not in ("Sales Invoice", "Sales Order") or not job.reference_name:
		return
	link = "sales_invoice" if job.reference_doctype == "Sales Invoice" else "sales_order"
	order = frappe.db.get_value(ORDER, {link: job.reference_name, "status": status.FUNDS_PENDING})
	if order:
		orders.funds_cleared(order, _("Crypto settled by treasury job {0}.").format(job.name), topped_up=True)
