"""Demo service orders in different states (through the `pw_demo_data` hook; once per site)."""

import frappe
from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

from performancewest_erpnext.pw_orders import catalog, engine, orders
from performancewest_erpnext.pw_orders.customers import ensure_portal_customer

HELD_CUSTOMER = "Lone Star VoIP LLC"


def pay(order_name: str, reference: str = "DEMO") -> None:
	"""Record the payment of an order's invoice as a Payment Entry (the hook moves the order on)."""
	invoice = frappe.db.get_value("Service Order", order_name, "sales_invoice")
	payment = get_payment_entry("Sales Invoice", invoice)
	payment.update({"reference_no": f"{reference}-{order_name}", "reference_date": frappe.utils.today()})
	payment.insert(ignore_permissions=True)
	payment.submit()


def close_staff_tasks(order_name: str) -> None:
	for todo in frappe.get_all(
		"ToDo",
		{"reference_type": "Service Order", "reference_name": order_name, "status": "Open"},
		pluck="name",
	):
		doc = frappe.get_doc("ToDo", todo)
		doc.status = "Closed"
		doc.save(ignore_permissions=True)


def verify(customer: str) -> None:
	name = (
		frappe.db.get_value("Identity Verification", {"customer": customer})
		or frappe.get_doc({"doctype": "Identity Verification", "customer": customer, "provider": "Manual"})
		.insert(ignore_permissions=True)
		.name
	)
	frappe.get_doc("Identity Verification", name).verify(notes="Demo: articles and ID checked")


def _order(customer: str, items: list[dict], payment_method: str) -> str:
	"""The demo order of this customer for the first service, placed once."""
	slug = catalog.resolve(items[0]["service"])
	existing = frappe.db.get_value(
		"Service Order Item",
		{"parenttype": "Service Order", "service": slug, "parent": ("in", _orders_of(customer))},
		"parent",
	)
	return existing or orders.place_order(items, customer, payment_method).name


def _orders_of(customer: str) -> list[str]:
	return frappe.get_all("Service Order", {"customer": customer}, pluck="name") or [""]


def _drive(name: str, target: str) -> None:
	"""Pay, run and (for Delivered) approve an order until it reaches `target`; no-op once there."""

	def order_status() -> str:
		return frappe.db.get_value("Service Order", name, "status")

	if order_status() == "Awaiting Payment":
		pay(name)
	for _attempt in range(3):
		if order_status() in (target, "Delivered"):
			return
		if order_status() == "Review":
			orders.approve(name)
			continue
		engine.advance(name)
		if target in ("Review", "Delivered"):
			close_staff_tasks(name)
			engine.advance(name)


def load() -> None:
	from performancewest_erpnext.setup.demo import DEMO_CUSTOMER

	if not frappe.db.exists("Identity Verification", {"customer": DEMO_CUSTOMER, "status": "Verified"}):
		verify(DEMO_CUSTOMER)
	# awaiting payment: three remediation services with the multi-service discount
	_order(
		DEMO_CUSTOMER,
		[{"service": "cpni", "variant": "ivoip"}, {"service": "rmd"}, {"service": "499a"}],
		"Card",
	)
	_drive(_order(DEMO_CUSTOMER, [{"service": "cores-frn-registration"}], "PayPal"), "Delivered")
	# staff designated the DC agent: waiting for their review
	_drive(_order(DEMO_CUSTOMER, [{"service": "dc-agent"}], "PayPal"), "Review")
	# the BDC filing waits for the customer's intake (its coverage and subscription files)
	_drive(_order(DEMO_CUSTOMER, [{"service": "bdc-voice"}], "Bank Transfer"), "Waiting")
	# held at the identity gate: a customer who has not been verified
	customer = ensure_portal_customer(HELD_CUSTOMER, "ops@lonestar-voip.example", "Lee Star")
	_drive(_order(customer, [{"service": "ocn-registration"}], "PayPal"), "Waiting")
