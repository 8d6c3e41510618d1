"""Surcharges by payment method (Payment Method Surcharge records) as a labelled charge row on the
Sales Order / Sales Invoice the customer pays, and switching an unpaid order's payment method."""

from decimal import Decimal
from typing import Any

import frappe
from frappe import _

from performancewest_erpnext.pw_checkout.surcharge import surcharge

DOCTYPE = "Payment Method Surcharge"
ACCOUNT_NAME = "Payment Surcharges"
# The seed's surcharges: card +3%, Klarna +6%, PayPal +3%, ACH and crypto none
DEFAULTS = {"Card": 3, "Klarna": 6, "PayPal": 3, "ACH": 0, "Crypto": 0, "Bank Transfer": 0, "Manual": 0}


def load_defaults(company: str) -> None:
	"""Modes of payment, the surcharge income account and the seed's surcharges, where missing."""
	account = _surcharge_account(company)
	for method, percent in DEFAULTS.items():
		if not frappe.db.exists("Mode of Payment", method):
			frappe.get_doc(
				{
					"doctype": "Mode of Payment",
					"mode_of_payment": method,
					"type": "Bank" if method != "Manual" else "Cash",
				}
			).insert(ignore_permissions=True)
		if not frappe.db.exists(DOCTYPE, method):
			frappe.get_doc(
				{
					"doctype": DOCTYPE,
					"payment_method": method,
					"label": f"{method} payment surcharge ({percent}%)" if percent else f"{method} payment",
					"percent": percent,
					"account": account,
				}
			).insert(ignore_permissions=True)


def _surcharge_account(company: str) -> str:
	abbr = frappe.get_cached_value("Company", company, "abbr")
	name = f"{ACCOUNT_NAME} - {abbr}"
	if not frappe.db.exists("Account", name):
		parent = frappe.db.get_value(
			"Account",
			{"company": company, "root_type": "Income", "is_group": 1, "account_name": "Direct Income"},
		) or frappe.db.get_value("Account", {"company": company, "root_type": "Income", "is_group": 1})
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": ACCOUNT_NAME,
				"company": company,
				"parent_account": parent,
				"account_type": "Income Account",
			}
		).insert(ignore_permissions=True)
	return name


def for_method(method: str, base: Decimal | float) -> tuple[Any, Decimal]:
	"""(the surcharge record or None, the surcharge on `base`) for a payment method."""
	row = frappe.db.get_value(
		DOCTYPE,
		{"payment_method": method, "enabled": 1},
		["label", "percent", "fixed_amount", "account"],
		as_dict=True,
	)
	if not row:
		return None, Decimal("0.00")
	return row, surcharge(base, row.percent, row.fixed_amount)


def surcharge_accounts() -> set[str]:
	return set(frappe.get_all(DOCTYPE, pluck="account"))


def apply(doc: Any, method: str, base: Decimal | float) -> Decimal:
	"""Replace the surcharge row of a draft Sales Order / Sales Invoice; returns the surcharge."""
	accounts = surcharge_accounts()
	doc.set("taxes", [t for t in doc.get("taxes") or [] if t.account_head not in accounts])
	row, amount = for_method(method, base)
	if amount:
		doc.append(
			"taxes",
			{
				"charge_type": "Actual",
				"account_head": row.account,
				"description": row.label,
				"tax_amount": amount,
				"cost_center": frappe.get_cached_value("Company", doc.company, "cost_center"),
			},
		)
	return amount


def surcharge_rows(invoice: Any, accounts: set[str] | None = None) -> Decimal:
	accounts = accounts or surcharge_accounts()
	return sum((Decimal(str(t.tax_amount)) for t in invoice.taxes if t.account_head in accounts), Decimal(0))


def reissue(invoice_name: str, method: str) -> Any:
	"""The unpaid invoice with `method`'s surcharge line: itself if it already carries it, else it is
	cancelled and amended (whatever links to it follows the amendment through the Sales Invoice
	on_submit hooks)."""
	old = frappe.get_doc("Sales Invoice", invoice_name)
	accounts = surcharge_accounts()
	current = surcharge_rows(old, accounts)
	base = Decimal(str(old.grand_total)) - current
	row, wanted = for_method(method, base)
	labels = {t.description for t in old.taxes if t.account_head in accounts}
	if current == wanted and (not wanted or labels == {row.label}):
		return old
	if old.outstanding_amount < old.grand_total:
		frappe.throw(_("{0} is partly paid; its payment method can no longer change.").format(old.name))
	cancel_open_payment_requests(old.name)
	old.flags.ignore_permissions = True
	old.cancel()
	new = frappe.copy_doc(old)
	new.docstatus = 0
	new.amended_from = old.name
	new.update(
		{"posting_date": frappe.utils.today(), "set_posting_time": 1, "due_date": frappe.utils.today()}
	)
	apply(new, method, base)
	new.insert(ignore_permissions=True)
	new.submit()
	return new


def switch_method(order_name: str, method: str) -> Any:
	"""The customer pays an order another way: its invoice is reissued with that method's surcharge."""
	from performancewest_erpnext.pw_checkout.checkout import gateways
	from performancewest_erpnext.pw_orders import status as st

	order = frappe.get_doc("Service Order", order_name)
	if method not in st.PAYMENT_METHODS and method not in gateways():
		frappe.throw(_("Unknown payment method: {0}.").format(method))
	if order.status != st.AWAITING_PAYMENT:
		frappe.throw(
			_("{0} is {1}; its payment method can no longer change.").format(order.name, _(order.status))
		)
	previous, old_invoice = order.payment_method, order.sales_invoice
	new = reissue(order.sales_invoice, method)
	order.db_set({"payment_method": method, "surcharge": surcharge_rows(new), "grand_total": new.grand_total})
	if new.name != old_invoice:
		order.add_comment(
			"Info",
			_("Payment method {0} → {1}; invoice {2} replaces {3}.").format(
				previous, method, new.name, old_invoice
			),
		)
	return frappe.get_doc("Service Order", order_name)


def follow_amendment(doc: Any, method: str | None = None) -> None:
	"""doc_events Sales Invoice on_submit: an order keeps pointing at its invoice's latest amendment."""
	if doc.amended_from:
		for name in frappe.get_all("Service Order", {"sales_invoice": doc.amended_from}, pluck="name"):
			frappe.db.set_value("Service Order", name, "sales_invoice", doc.name)


def cancel_open_payment_requests(invoice: str) -> None:
	for name in frappe.get_all(
		"Payment Request",
		filters={
			"reference_doctype": "Sales Invoice",
			"reference_name": invoice,
			"docstatus": 1,
			"status": ("not in", ("Paid", "Cancelled")),
		},
		pluck="name",
	):
		pr = frappe.get_doc("Payment Request", name)
		pr.flags.ignore_permissions = True
		pr.cancel()
