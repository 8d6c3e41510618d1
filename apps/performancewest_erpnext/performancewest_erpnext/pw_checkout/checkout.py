"""Checkout of a service order's invoice: the customer picks how to pay, sees the surcharge and the
total, and is sent to the provider with an ERPNext Payment Request for exactly that total."""

from decimal import Decimal
from typing import Any

import frappe
from frappe import _
from frappe.utils import get_url

from performancewest_erpnext.db import rows_changed
from performancewest_erpnext.pw_checkout import surcharges
from performancewest_erpnext.pw_orders import status as st
from performancewest_erpnext.request_guard import same_secret

ORDER = "Service Order"
# Which gateway takes which method (Crypto: frappe_crypto's SHKeeper gateway, when it is set up)
GATEWAYS = {
	"Card": "Stripe Checkout",
	"ACH": "Stripe Checkout",
	"Klarna": "Stripe Checkout",
	"PayPal": "PayPal Orders",
	"Crypto": "SHKeeper",
}


def checkout_url(order: Any) -> str:
	return get_url(f"/checkout?order={order.name}&key={order.checkout_key}")


def order_for_checkout(order_name: str, key: str | None = None) -> Any:
	"""The order if the caller may pay it: its customer's portal user, staff, or the holder of its key."""
	if not order_name or not frappe.db.exists(ORDER, order_name):
		raise frappe.DoesNotExistError(_("No such order."))
	order = frappe.get_doc(ORDER, order_name)
	from performancewest_erpnext.pw_orders.customers import customer_of

	allowed = (
		same_secret(order.checkout_key or "", key)
		or customer_of(frappe.session.user) == order.customer
		or frappe.has_permission(ORDER, "write", order)
	)
	if not allowed:
		raise frappe.PermissionError(_("This order is not yours to pay."))
	return order


def gateways() -> dict[str, str]:
	"""Which gateway takes which method: GATEWAYS, then the methods gateway apps take now through the
	`payment_gateway_methods` hook (frappe_adyen: those its settings list, while it is configured), which
	take a method over from the built-in gateway."""
	mapping = dict(GATEWAYS)
	for fn in frappe.get_hooks("payment_gateway_methods"):
		for row in frappe.get_attr(fn)() or []:
			mapping[row["method"]] = row["gateway"]
	return mapping


def available_methods() -> list[str]:
	"""Methods whose gateway is registered with ERPNext and switched on in its settings."""
	methods = []
	for method, gateway in gateways().items():
		settings = frappe.db.get_value("Payment Gateway", gateway, "gateway_settings")
		if (
			settings
			and frappe.db.get_single_value(settings, "enabled")
			and frappe.db.exists("Payment Gateway Account", {"payment_gateway": gateway})
		):
			methods.append(method)
	return methods


def payable(order: str | None = None, invoice: str | None = None, key: str | None = None) -> tuple[Any, Any]:
	"""(the invoice, its order or None) the caller may pay: an order (by its key or as its customer) or
	any other unpaid invoice of the logged-in customer (renewals from the compliance calendar)."""
	from performancewest_erpnext.pw_orders.customers import customer_of

	if not order and invoice:
		order = frappe.db.get_value(ORDER, {"sales_invoice": invoice})
	if order:
		doc = order_for_checkout(order, key)
		return frappe.get_doc("Sales Invoice", doc.sales_invoice), doc
	if not invoice or not frappe.db.exists("Sales Invoice", {"name": invoice, "docstatus": 1}):
		raise frappe.DoesNotExistError(_("No such invoice."))
	si = frappe.get_doc("Sales Invoice", invoice)
	if customer_of(frappe.session.user) != si.customer and not frappe.has_permission(
		"Sales Invoice", "write", si
	):
		raise frappe.PermissionError(_("This invoice is not yours to pay."))
	return si, None


def options(invoice: Any) -> list[dict]:
	"""Each available method with its surcharge and the total the customer would pay."""
	base = Decimal(str(invoice.outstanding_amount)) - surcharges.surcharge_rows(invoice)
	result = []
	for method in available_methods():
		row, amount = surcharges.for_method(method, base)
		result.append(
			{
				"method": method,
				"label": row.label if row else method,
				"surcharge": float(amount),
				"total": float(base + amount),
			}
		)
	return result


def start(method: str, order: str | None = None, key: str | None = None, invoice: str | None = None) -> str:
	"""Reissue the invoice with `method`'s surcharge if need be and return the provider's payment page
	for a Payment Request of its outstanding amount."""
	from erpnext.accounts.doctype.payment_request.payment_request import make_payment_request

	si, doc = payable(order, invoice, key)
	if method not in available_methods():
		frappe.throw(_("{0} payments are not available.").format(method))
	if doc:
		if doc.status != st.AWAITING_PAYMENT:
			frappe.throw(_("{0} is {1}; there is nothing to pay.").format(doc.name, _(doc.status)))
		doc = surcharges.switch_method(doc.name, method)
		invoice, email = doc.sales_invoice, doc.contact_email
	else:
		if si.outstanding_amount <= 0:
			frappe.throw(_("{0} is paid.").format(si.name))
		invoice = surcharges.reissue(si.name, method).name
		email = si.contact_email or frappe.session.user
	open_request = frappe.db.get_value(
		"Payment Request",
		{
			"reference_doctype": "Sales Invoice",
			"reference_name": invoice,
			"docstatus": 1,
			"mode_of_payment": method,
			"status": "Initiated",
		},
		["name", "payment_url"],
		as_dict=True,
	)
	if open_request and open_request.payment_url:
		return open_request.payment_url  # the customer clicked twice
	surcharges.cancel_open_payment_requests(invoice)
	account = frappe.db.get_value("Payment Gateway Account", {"payment_gateway": gateways()[method]})
	request = make_payment_request(
		dt="Sales Invoice",
		dn=invoice,
		recipient_id=email,
		payment_gateway_account=account,
		mode_of_payment=method,
		mute_email=1,
		submit_doc=1,
		return_doc=1,
	)
	request.set_payment_request_url()
	if not request.payment_url:
		frappe.throw(_("The payment provider gave no payment page; please try again."))
	return request.payment_url


def on_payment_request_cancel(doc: Any, method: str | None = None) -> None:
	"""doc_events Payment Request on_cancel (switching method, a reissue, staff): the provider's page
	for the request stops taking money. A Stripe Checkout Session is expired; a PayPal order of
	intent CAPTURE cannot be cancelled through Orders v2 and is simply never captured
	(webhooks.paypal_order_approved checks the request first)."""
	from performancewest_erpnext.pw_checkout import stripe_gateway

	if not doc.flags.provider_closed and doc.payment_gateway == stripe_gateway.GATEWAY:
		stripe_gateway.expire_sessions(doc)


def return_urls(payment_request: Any) -> tuple[str, str]:
	"""Where the provider sends the customer back: the success page, or checkout again."""
	order = frappe.db.get_value(
		ORDER, {"sales_invoice": payment_request.reference_name}, ["name", "checkout_key"], as_dict=True
	)
	if not order:  # an invoice paid on its own (a renewal)
		invoice = payment_request.reference_name
		return get_url(f"/checkout/success?invoice={invoice}"), get_url(
			f"/checkout?invoice={invoice}&cancelled=1"
		)
	return (
		get_url(f"/checkout/success?order={order.name}"),
		get_url(f"/checkout?order={order.name}&key={order.checkout_key}&cancelled=1"),
	)


# The seed's abandoned-checkout reminders: 15 minutes, 1 day and 2 days after the order
REMINDER_AFTER_MINUTES = (15, 24 * 60, 2 * 24 * 60)


def send_reminders(now: Any = None) -> int:
	"""Scheduler (every 5 minutes): remind customers of unpaid orders, each reminder once; payment or
	cancellation stops them (only Awaiting Payment orders are reminded)."""
	from frappe.utils import add_to_date, now_datetime

	from performancewest_erpnext.pw_orders.engine import email_customer

	now = now or now_datetime()
	sent = 0
	for index, minutes in enumerate(REMINDER_AFTER_MINUTES):
		due = frappe.get_all(
			ORDER,
			filters={
				"status": st.AWAITING_PAYMENT,
				"reminders_sent": index,
				"creation": ("<=", add_to_date(now, minutes=-minutes)),
				"contact_email": ("is", "set"),
			},
			pluck="name",
		)
		for name in due:
			# claim the reminder first: a concurrent run finds nothing left to send
			# nosemgrep: frappe-using-db-sql -- the conditional UPDATE is the claim (its rowcount tells who won)
			frappe.db.sql(
				"update `tabService Order` set reminders_sent = %s where name = %s and reminders_sent = %s",
				(index + 1, name, index),
			)
			if not rows_changed():
				continue
			order = frappe.get_doc(ORDER, name)
			email_customer(
				order,
				_("Your order {0} is waiting for payment").format(order.name),
				_(
					'<p>Your order {0} ({1}) is ready to start as soon as it is paid: <a href="{2}">pay now</a>.</p>'
				).format(
					order.name,
					frappe.format_value(order.grand_total, {"fieldtype": "Currency"}),
					checkout_url(order),
				),
			)
			sent += 1
	return sent
