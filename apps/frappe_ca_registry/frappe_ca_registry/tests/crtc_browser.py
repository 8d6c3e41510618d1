"""Site-side set-up of the CRTC browser test (tests/browser/test_crtc_selection.py), run with
`bench --site S execute frappe_ca_registry.tests.crtc_browser.selection_order --kwargs ...`: a customer
whose paid CRTC order waits for its client selection, the number and domain lookups pointed at the
test's local fakes, and purchases off (the live switch stays off)."""

import frappe
from frappe.utils.password import update_password
from performancewest_erpnext.pw_orders import engine, orders
from performancewest_erpnext.pw_orders.customers import add_portal_user, new_customer
from performancewest_erpnext.pw_orders.demo import pay, verify
from pw_compliance.fulfilment import filings

PASSWORD = "Browser-Crtc-2026"


def selection_order(api_base: str) -> dict:
	from frappe_ca_registry.tests.test_crtc_pipeline import ANSWERS

	conf = frappe.get_single("CA Registry Settings")
	conf.update(
		{
			"live": 0, "porkbun_api_url": f"{api_base}/porkbun", "porkbun_api_key": "pk1_test",
			"porkbun_secret_key": "sk1_test", "flowroute_api_url": f"{api_base}/flowroute",
			"flowroute_access_key": "fr_access", "flowroute_secret_key": "fr_secret", "rate_centers": "VANCOUVER",
		}
	)  # fmt: skip
	conf.save(ignore_permissions=True)
	for code, name, sold_out in (("VAN-DT", "Vancouver Downtown", 0), ("VAN-WEST", "Vancouver West", 1)):
		if not frappe.db.exists("AMB Location", code):
			frappe.get_doc({"doctype": "AMB Location", "location_code": code, "location_name": name,
				"address": "1055 W Georgia St, Vancouver BC V6E 3P3", "monthly_price": 19.99, "sold_out": sold_out,
				"units": "Unit 101\nUnit 102"}).insert(ignore_permissions=True)  # fmt: skip
	run = frappe.generate_hash(length=6).lower()
	email = f"crtc-{run}@example.com"
	customer = new_customer(f"Browser Maple {run} Ltd", email)
	add_portal_user(customer, email, "Dana Director")
	update_password(email, PASSWORD)
	verify(customer)
	order = orders.place_order([{"service": "crtc-carrier-registration"}], customer, "PayPal")
	pay(order.name)
	engine.advance(order.name)
	filings.submit_intake(order.name, {**ANSWERS, "contact_email": email, "officer_email": email})
	frappe.db.commit()  # nosemgrep: the engine reads it
	engine.advance(order.name)
	frappe.db.commit()  # nosemgrep: the browser reads it
	return {"order": order.name, "email": email, "password": PASSWORD}
