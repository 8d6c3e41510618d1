"""When a payment's funds are available: top up the filing card that matches how the customer paid
(the seed's routing: Stripe Issuing for card/ACH/Klarna, the PayPal card for PayPal, the crypto card
for crypto) with the order's government fees, once per order, and tell the customer the order is
under way. Stripe Issuing top-ups go through Stripe; other cards become a staff task."""

from typing import Any

import frappe
from frappe import _

from performancewest_erpnext.pw_checkout.surcharge import minor_units

TOPUP = "Filing Card Top-up"
CARDS = [
	{
		"card_name": "Stripe Issuing virtual card",
		"provider": "Stripe Issuing",
		"payment_methods": "Card, ACH, Klarna",
		"reference": "SID-0002",
	},
	{
		"card_name": "PayPal Mastercard",
		"provider": "PayPal",
		"payment_methods": "PayPal",
		"reference": "SID-0001",
	},
	{
		"card_name": "Crypto filing card",
		"provider": "Crypto",
		"payment_methods": "Crypto",
		"reference": "crypto-filing-card",
	},
]


def load_cards() -> None:
	for card in CARDS:
		if not frappe.db.exists("Filing Card", card["card_name"]):
			frappe.get_doc({"doctype": "Filing Card", **card}).insert(ignore_permissions=True)


def rules_of(method: str) -> str:
	"""The method whose funds timing and filing card apply: the method itself, or Card for one only a
	gateway app offers (Cash App Pay, Amazon Pay through frappe_adyen): those clear as card payments."""
	from performancewest_erpnext.pw_checkout.checkout import gateways
	from performancewest_erpnext.pw_orders import status as st

	if method in st.FUNDS_CLEARING_DAYS or method not in gateways():
		return method
	return "Card"


def card_for(method: str) -> str | None:
	for name, methods in frappe.get_all(
		"Filing Card", {"enabled": 1}, ["name", "payment_methods"], as_list=True
	):
		if method in {m.strip() for m in (methods or "").split(",")}:
			return name
	return None


def on_funds_cleared(order: Any) -> str | None:
	"""Called once the order's money is available; safe to call again, even concurrently: the top-up's
	service order is unique, so a second top-up of the order cannot be inserted."""
	if not order.government_fees:
		return None
	card = card_for(rules_of(order.payment_method)) or frappe.db.get_value(
		"Filing Card", {"provider": "Manual", "enabled": 1}
	)
	topup = frappe.get_doc(
		{
			"doctype": TOPUP,
			"service_order": order.name,
			"filing_card": card or "",
			"amount": order.government_fees,
		}
	)
	if not card:
		topup.filing_card = None
		topup.flags.ignore_mandatory = True
	try:
		topup.insert(ignore_permissions=True)
	except frappe.UniqueValidationError:
		frappe.clear_messages()
		return None
	provider = card and frappe.db.get_value("Filing Card", card, "provider")
	if provider == "Stripe Issuing" and frappe.db.get_single_value("Stripe Checkout Settings", "enabled"):
		_stripe_issuing_topup(topup, order)
	else:
		_staff_topup(topup, order, card)
	return topup.name


def _stripe_issuing_topup(topup: Any, order: Any) -> None:
	from performancewest_erpnext.pw_checkout import stripe_gateway

	params = {
		"amount": minor_units(topup.amount),
		"currency": "usd",
		"destination_balance": "issuing",
		"description": _("Filing fees of {0}").format(order.name)[:100],
		"metadata": {"service_order": order.name, "top_up": topup.name},
	}
	try:
		result = stripe_gateway.call(
			"topups.create", topup, stripe_gateway.client().topups.create, params, idempotency_key=topup.name
		)
	except frappe.ValidationError as e:
		frappe.clear_messages()
		topup.db_set("error", str(e))
		_staff_topup(topup, order, topup.filing_card)
		return
	topup.db_set({"status": "Done", "provider_reference": result["id"]})


def _staff_topup(topup: Any, order: Any, card: str | None) -> None:
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"description": _(
				"Top up filing card {0} with {1} for the government fees of {2} (paid by {3}; {4})."
			).format(
				card or _("(no card for this payment method)"),
				frappe.format_value(topup.amount, {"fieldtype": "Currency"}),
				order.name,
				order.payment_method,
				topup.name,
			),
			"reference_type": TOPUP,
			"reference_name": topup.name,
			"role": "Accounts Manager",
			"priority": "High",
		}
	).insert(ignore_permissions=True)
	topup.db_set({"status": "With Staff", "todo": todo.name})


def email_order_started(order: Any) -> None:
	from performancewest_erpnext.pw_orders.engine import email_customer

	if order.contact_email:
		email_customer(
			order,
			_("Order {0} is under way").format(order.name),
			_(
				"<p>Your payment for order {0} has cleared and our team has started. Follow it in your account: "
				'<a href="{1}">{1}</a></p>'
			).format(order.name, frappe.utils.get_url("/me")),
		)
