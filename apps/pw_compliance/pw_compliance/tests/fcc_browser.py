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


RMD_ANSWERS = {
	"legal_name": "Desk Carrier LLC",
	"frn": "0051234567",
	"address": "5 Desk Ave, Reno, NV 89501",
	"officer_name": "Riley Officer",
	"officer_title": "CEO",
	"provider_role": "Voice service provider",
	"stir_shaken": "Complete STIR/SHAKEN implementation",
	"mitigation_steps": "Call analytics and blocking of numbers on the DNO list.",
	"kyc_procedures": "Identity and business checks for every new account.",
	"contact_name": "Riley Officer",
	"contact_phone": "+1 775 555 0102",
}


def rmd_ready_to_file() -> dict:
	"""A paid RMD order answered and signed: its filing task waits for staff."""
	from performancewest_erpnext.pw_documents import esign

	run = frappe.generate_hash(length=6).lower()
	email = f"riley-{run}@example.com"
	customer = new_customer(f"Desk Carrier {run} LLC", email)
	verify(customer)
	frappe.get_doc({"doctype": "Carrier Profile", "customer": customer, "interconnected_voip": 1}).insert(
		ignore_permissions=True
	)
	order = orders.place_order([{"service": "rmd-filing"}], customer, "PayPal")
	pay(order.name)
	engine.advance(order.name)
	answers = {**RMD_ANSWERS, "officer_email": email, "contact_email": email}
	errors = filings.submit_intake(order.name, answers, "Administrator")
	if errors:
		frappe.throw(str(errors))
	frappe.db.commit()  # nosemgrep
	engine.advance(order.name)
	request = frappe.db.get_value(filings.FILING, {"service_order": order.name}, "esign_request")
	token = esign.link_for(request).split("token=", 1)[1]
	frappe.set_user("Guest")
	try:
		esign.sign(token, True, "Typed", typed_name="Riley Officer")
	finally:
		frappe.set_user("Administrator")
	frappe.db.commit()  # nosemgrep
	engine.advance(order.name)
	filing = frappe.db.get_value(filings.FILING, {"service_order": order.name}, "name")
	todo = next(r.todo for r in frappe.get_doc("Service Order", order.name).steps if r.step == "file")
	frappe.db.commit()  # nosemgrep
	return {"order": order.name, "filing": filing, "todo": todo}


def filing_state(filing: str) -> dict:
	doc = frappe.get_doc(filings.FILING, filing)
	row = next(r for r in frappe.get_doc("Service Order", doc.service_order).steps if r.step == "file")
	return {
		"status": doc.status,
		"todo": frappe.db.get_value("ToDo", row.todo, "status"),
		"order": frappe.db.get_value("Service Order", doc.service_order, "status"),
	}
