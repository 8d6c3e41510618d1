"""Placing service orders (with their ERPNext Sales Order and Sales Invoice), payment, funds clearing,
approval and delivery. Status changes go through `engine.set_status`."""

from decimal import Decimal
from typing import Any

import frappe
from frappe import _
from frappe.utils import add_days, flt, getdate, today

from performancewest_erpnext.pw_checkout import surcharges
from performancewest_erpnext.pw_orders import catalog, engine, pricing
from performancewest_erpnext.pw_orders import status as st

ORDER = "Service Order"


def parse_items(items: Any) -> list[pricing.Selection]:
	"""Order lines as sent by the portal or the API: [{service, variant?, jurisdictions?, qty?}]."""
	if isinstance(items, str):
		try:
			items = frappe.parse_json(items)
		except ValueError:
			items = None
	if not isinstance(items, list) or not items:
		frappe.throw(_("Choose at least one service."), title=_("Invalid order"))
	selections = []
	for raw in items:
		if not isinstance(raw, dict) or not raw.get("service"):
			frappe.throw(_("Each order line needs a service."), title=_("Invalid order"))
		slug = catalog.resolve(str(raw["service"]))
		if not slug:
			frappe.throw(
				_("Unknown service: {0}.").format(frappe.utils.escape_html(str(raw["service"]))),
				title=_("Invalid order"),
			)
		qty = raw.get("qty", 1)
		if isinstance(qty, bool) or not isinstance(qty, int | str) or not str(qty).lstrip("-").isdigit():
			frappe.throw(_("Quantity must be a whole number."), title=_("Invalid order"))
		jurisdictions = raw.get("jurisdictions") or ()
		if isinstance(jurisdictions, str):
			jurisdictions = jurisdictions.split(",")
		selections.append(
			pricing.Selection(
				slug, raw.get("variant") or None, tuple(str(j) for j in jurisdictions), int(qty)
			)
		)
	return selections


def make_quote(selections: list[pricing.Selection]) -> pricing.Quote:
	try:
		return catalog.quote(selections)
	except pricing.PricingError as e:
		frappe.throw(_(str(e)), title=_("Invalid order"))


def quote_as_dict(q: pricing.Quote) -> dict:
	return {
		"lines": [
			{
				"service": line.service,
				"description": line.description,
				"qty": line.qty,
				"rate": float(line.rate),
				"discount_percent": float(line.discount_percent),
				"amount": float(line.amount),
				"government_fee": bool(line.fee_of),
			}
			for line in q.lines
		],
		"discount": float(q.discount_total),
		"government_fees": float(q.fees_total),
		"total": float(q.total),
	}


def place_order(
	items: Any,
	customer: str,
	payment_method: str = "Card",
	contact_email: str | None = None,
	sales_partner: str | None = None,
) -> Any:
	"""Create the Service Order, its submitted Sales Order and Sales Invoice, all or nothing.
	The order then waits in Awaiting Payment for checkout. `sales_partner`: the agent who referred it
	(pw_business.commissions.partner_for_order), set on the Sales Order."""
	if payment_method not in st.PAYMENT_METHODS:
		frappe.throw(_("Unknown payment method: {0}.").format(payment_method), title=_("Invalid order"))
	if not customer or not frappe.db.exists("Customer", customer):
		frappe.throw(_("The order needs an existing customer."), title=_("Invalid order"))
	selections = parse_items(items)
	q = make_quote(selections)
	company = frappe.get_cached_doc(
		"Performance West Settings"
	).company or frappe.defaults.get_global_default("company")
	if not company:
		frappe.throw(_("Set the company in Performance West Settings first."))
	surcharge = surcharges.for_method(payment_method, q.total)[1]
	turnaround = max(
		frappe.get_cached_value("Catalog Service", s.service, "turnaround_days") or 10 for s in selections
	)
	frappe.db.savepoint("pw_place_order")
	try:
		order = frappe.get_doc(
			{
				"doctype": ORDER,
				"customer": customer,
				"contact_email": contact_email or _customer_email(customer),
				"payment_method": payment_method,
				"transaction_date": today(),
				"expected_delivery": add_days(today(), turnaround),
				"status": st.AWAITING_PAYMENT,
				"checkout_key": frappe.generate_hash(length=32),
				"discount_amount": q.discount_total,
				"government_fees": q.fees_total,
				"surcharge": surcharge,
				"grand_total": q.total + surcharge,
				"items": [
					{
						"service": line.service,
						"description": line.description,
						"variant": line.variant,
						"jurisdictions": ",".join(line.jurisdictions),
						"fee_of": line.fee_of,
						"qty": line.qty,
						"rate": line.rate,
						"discount_percentage": line.discount_percent,
						"amount": line.amount,
					}
					for line in q.lines
				],
			}
		)
		engine.plan(order)
		order.insert(ignore_permissions=True)
		so = _sales_order(order, q, company, sales_partner)
		si = _sales_invoice(so)
		if abs(flt(si.grand_total) - float(q.total + surcharge)) > 0.005:
			frappe.throw(
				_("Invoice total {0} differs from the quoted {1}.").format(
					si.grand_total, q.total + surcharge
				)
			)
		order.db_set({"sales_order": so.name, "sales_invoice": si.name})
	except Exception:
		frappe.db.rollback(save_point="pw_place_order")
		raise
	order.add_comment("Info", _("Order placed: {0} services, total {1}.").format(len(order.tracks), q.total))
	return order


def _customer_email(customer: str) -> str | None:
	return frappe.db.get_value(
		"Contact Email",
		{"parenttype": "Contact", "parent": ("in", _customer_contacts(customer)), "is_primary": 1},
		"email_id",
	) or frappe.db.get_value("Customer", customer, "email_id")


def _customer_contacts(customer: str) -> list[str]:
	return frappe.get_all(
		"Dynamic Link",
		filters={"link_doctype": "Customer", "link_name": customer, "parenttype": "Contact"},
		pluck="parent",
	) or [""]


def _sales_order(order: Any, q: pricing.Quote, company: str, sales_partner: str | None = None) -> Any:
	from performancewest_erpnext.pw_business import commissions

	fee_item = frappe.get_cached_doc("Performance West Settings").government_fee_item
	so = frappe.new_doc("Sales Order")
	so.update(
		{
			"customer": order.customer,
			"company": company,
			"transaction_date": order.transaction_date,
			"delivery_date": order.expected_delivery,
			"selling_price_list": catalog.PRICE_LIST,
			"ignore_pricing_rule": 1,
			"disable_rounded_total": 1,  # the provider charges the exact total
			"po_no": order.name,
		}
	)
	for line in q.lines:
		unit = line.amount / line.qty
		so.append(
			"items",
			{
				"item_code": fee_item if line.fee_of else line.service,
				"description": line.description,
				"qty": line.qty,
				"price_list_rate": line.rate,
				"discount_percentage": line.discount_percent,
				"discount_amount": line.rate - unit,
				"rate": unit,
				"delivery_date": order.expected_delivery,
			},
		)
	surcharges.apply(so, order.payment_method, q.total)
	commissions.attribute(so, sales_partner)
	so.insert(ignore_permissions=True)
	so.submit()
	return so


def _sales_invoice(so: Any) -> Any:
	from erpnext.selling.doctype.sales_order.sales_order import make_sales_invoice

	si = make_sales_invoice(so.name, ignore_permissions=True)
	# dated today, its payment schedule worked out from that date on insert: the mapper starts from
	# Frappe's template of a new invoice, which a long process (the demo loader, a job) made on an earlier
	# day and whose dates are of that day, while ERPNext posts the invoice today (after that due date)
	si.posting_date = today()
	si.due_date = None
	si.payment_schedule = []
	si.insert(ignore_permissions=True)
	si.submit()
	return si


def open_paid_order(
	customer: str,
	service: str,
	variant: str | None,
	sales_invoice: str,
	period: str | None = None,
	filing: tuple[str, str] | None = None,
	reference: str = "",
) -> Any:
	"""A Service Order for one service already paid through its own invoice (a compliance calendar
	renewal): no new Sales Order or invoice; its track carries the period (and the filing record) it
	fulfils, and it runs through the same handler as an order placed in the portal. The caller makes it
	once (the filing record's unique key)."""
	si = frappe.db.get_value(
		"Sales Invoice",
		sales_invoice,
		["customer", "docstatus", "outstanding_amount", "grand_total"],
		as_dict=True,
	)
	if not si or si.docstatus != 1 or si.customer != customer or flt(si.outstanding_amount) > 0:
		frappe.throw(_("{0} is not a paid invoice of {1}.").format(sales_invoice, customer))
	q = make_quote([pricing.Selection(service, variant or None, (), 1)])
	order = frappe.get_doc(
		{
			"doctype": ORDER,
			"customer": customer,
			"contact_email": _customer_email(customer),
			"payment_method": "Manual",
			"transaction_date": today(),
			"expected_delivery": add_days(
				today(), frappe.get_cached_value("Catalog Service", service, "turnaround_days") or 10
			),
			"status": st.AWAITING_PAYMENT,
			"checkout_key": frappe.generate_hash(length=32),
			"grand_total": si.grand_total,
			"sales_invoice": sales_invoice,
			"items": [
				{
					"service": line.service,
					"description": line.description,
					"variant": line.variant,
					"qty": line.qty,
					"rate": line.rate,
					"amount": line.amount,
				}
				for line in q.lines
				if not line.fee_of
			],
		}
	)
	engine.plan(order)
	for track in order.tracks:
		track.period = period
		if filing:
			track.filing_doctype, track.filing = filing
	order.insert(ignore_permissions=True)
	order.add_comment("Info", _("Opened for the paid invoice {0}. {1}").format(sales_invoice, reference))
	payment_received(order.name, today(), reference or sales_invoice)
	return frappe.get_doc(ORDER, order.name)


# ---------- payment and funds ----------


def settled_invoices(payment_entry: Any) -> list[str]:
	"""The Sales Invoices a submitted Payment Entry leaves with nothing outstanding."""
	invoices = [r.reference_name for r in payment_entry.references if r.reference_doctype == "Sales Invoice"]
	if not invoices:
		return []
	return frappe.get_all(
		"Sales Invoice", filters={"name": ("in", invoices), "outstanding_amount": ("<=", 0)}, pluck="name"
	)


def on_payment_entry_submit(doc: Any, method: str | None = None) -> None:
	"""doc_events: a Payment Entry that settles an order's invoice moves the order to Funds Pending."""
	settled = settled_invoices(doc)
	for name in frappe.get_all(
		ORDER, filters={"sales_invoice": ("in", settled or [""]), "status": st.AWAITING_PAYMENT}, pluck="name"
	):
		payment_received(name, getdate(doc.posting_date), doc.name)


def payment_received(order_name: str, paid_on: Any = None, reference: str = "") -> None:
	order = frappe.get_doc(ORDER, order_name)
	paid_on = getdate(paid_on or today())
	from performancewest_erpnext.pw_checkout.funds import rules_of

	days = st.FUNDS_CLEARING_DAYS.get(rules_of(order.payment_method))
	expected = st.add_business_days(paid_on, days) if days is not None else None
	order.db_set({"paid_on": paid_on, "funds_expected_on": expected})
	note = _("Paid ({0}).").format(reference) if reference else _("Paid.")
	if expected is None:
		note += " " + _("Funds are cleared by hand for {0}.").format(order.payment_method)
	engine.set_status(order, st.FUNDS_PENDING, note)
	if expected is not None and expected <= getdate(today()):
		funds_cleared(order_name)


def funds_cleared(order_name: str, reason: str = "", topped_up: bool = False) -> None:
	"""The money can be spent on filing fees: top up the filing card (unless the caller already did,
	as the crypto treasury does), tell the customer, start fulfilment (held at the identity gate if
	need be)."""
	from performancewest_erpnext.pw_checkout import funds

	order = frappe.get_doc(ORDER, order_name)
	if order.status != st.FUNDS_PENDING:
		frappe.throw(_("{0} is {1}, not waiting for funds.").format(order_name, _(order.status)))
	if not topped_up:
		funds.on_funds_cleared(order)
	funds.email_order_started(order)
	if engine.identity_verified(order.customer):
		engine.set_status(order, st.IN_PROGRESS, reason or _("Funds cleared."))
		engine.notify(order_name, "payment_cleared")
	else:
		engine.hold_for_identity(order)


def clear_due_funds() -> int:
	"""Scheduler (hourly): orders whose expected clearing date has come."""
	names = frappe.get_all(
		ORDER, filters={"status": st.FUNDS_PENDING, "funds_expected_on": ("<=", today())}, pluck="name"
	)
	for name in names:
		funds_cleared(name)
	return len(names)


def on_identity_verified(customer: str) -> int:
	"""Resume the orders held at the identity gate."""
	names = frappe.get_all(
		ORDER, filters={"customer": customer, "status": st.WAITING, "waiting_on": "Identity"}, pluck="name"
	)
	for name in names:
		engine.set_status(frappe.get_doc(ORDER, name), st.IN_PROGRESS, _("Identity verified."))
		engine.enqueue_advance(name)
	return len(names)


# ---------- review, delivery, cancellation ----------


def approve(order_name: str) -> None:
	"""Staff approve a reviewed order: it is delivered and the customer gets the delivery e-mail with
	the documents attached to the order."""
	order = frappe.get_doc(ORDER, order_name)
	order.check_permission("write")
	if order.status != st.REVIEW:
		frappe.throw(
			_("Only an order in Review can be approved; {0} is {1}.").format(order_name, _(order.status))
		)
	engine.set_status(order, st.DELIVERED, _("Approved by {0}.").format(frappe.session.user))
	send_delivery_email(order)


def send_delivery_email(order: Any) -> None:
	if not order.contact_email:
		order.add_comment("Info", _("No customer e-mail on the order: delivery e-mail not sent."))
		return
	files = frappe.get_all(
		"File",
		filters={"attached_to_doctype": ORDER, "attached_to_name": order.name},
		fields=["name", "file_name"],
	)
	engine.email_customer(
		order,
		_("Your order {0} is complete").format(order.name),
		template="pw_order_delivered",
		args={"order": order, "services": [t.service for t in order.tracks], "files": files},
		attachments=[{"fid": f.name} for f in files],
	)


def cancel(order_name: str, reason: str) -> None:
	"""Cancel an unpaid order with its invoice and sales order (a paid one is refunded through checkout)."""
	order = frappe.get_doc(ORDER, order_name)
	order.check_permission("write")
	if not reason:
		frappe.throw(_("Say why the order is cancelled."))
	engine.set_status(order, st.CANCELLED, reason)
	for doctype, name in (("Sales Invoice", order.sales_invoice), ("Sales Order", order.sales_order)):
		if name and frappe.db.get_value(doctype, name, "docstatus") == 1:
			frappe.get_doc(doctype, name).cancel()
