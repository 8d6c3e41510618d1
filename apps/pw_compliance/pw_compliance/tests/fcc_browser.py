"""Site-side set-up of the FCC filings browser test (tests/browser/test_fcc_filings.py), run with
`bench --site S execute pw_compliance.tests.fcc_browser.<fn>`: a customer with a paid CPNI order waiting
for its intake, and the signing link once its document is ready."""

import frappe
from frappe.utils.password import update_password
from performancewest_erpnext.pw_orders import engine, orders
from performancewest_erpnext.pw_orders.customers import add_portal_user, new_customer
from performancewest_erpnext.pw_orders.demo import pay, verify

from pw_compliance.fulfilment import filings

PASSWORD = "Browser-Filing-2026"


def cpni_order() -> dict:
	run = frappe.generate_hash(length=6).lower()
	email = f"officer-{run}@example.com"
	customer = new_customer(f"Browser Carrier {run} LLC", email)
	add_portal_user(customer, email, "Morgan Officer")
	update_password(email, PASSWORD)
	verify(customer)
	frappe.get_doc({"doctype": "Carrier Profile", "customer": customer, "interconnected_voip": 1}).insert(
		ignore_permissions=True
	)
	order = orders.place_order([{"service": "cpni-certification", "variant": "ivoip"}], customer, "PayPal")
	pay(order.name)
	engine.advance(order.name)
	frappe.db.commit()  # nosemgrep: the browser reads it
	return {"order": order.name, "email": email, "password": PASSWORD, "customer": customer}


def signing_link(order: str) -> str:
	"""The officer's signing link once the certificate is ready (empty until then)."""
	from performancewest_erpnext.pw_documents import esign

	request = frappe.db.get_value(filings.FILING, {"service_order": order}, "esign_request")
	return esign.link_for(request) if request else ""
