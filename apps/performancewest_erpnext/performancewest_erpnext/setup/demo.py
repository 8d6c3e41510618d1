"""ERPNext company set-up and the demo site's sample data (`bench --site S pw-setup demo`)."""

import frappe
from frappe.utils import getdate
from frappe.utils.password import update_password

from performancewest_erpnext.pw_orders.customers import ensure_portal_customer
from performancewest_erpnext.setup.defaults import load_defaults

COMPANY = "Performance West LLC"
STAFF_USER = "staff@performancewest.test"
CUSTOMER_USER = "carrier@example.com"
DEMO_PASSWORD = "demo-Carrier-2026"
DEMO_CUSTOMER = "Prairie Telecom LLC"


def complete_erpnext_setup(company: str = COMPANY, abbr: str = "PW") -> None:
	"""Run ERPNext's setup wizard once: a US company in USD with a standard chart, this calendar year."""
	if frappe.db.a_row_exists("Company"):
		return
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	year = getdate().year
	setup_complete(
		{
			"currency": "USD",
			"full_name": "Performance West Administrator",
			"company_name": company,
			"company_abbr": abbr,
			"timezone": "America/Chicago",
			"industry": "Services",
			"country": "United States",
			"fy_start_date": f"{year}-01-01",
			"fy_end_date": f"{year}-12-31",
			"language": "english",
			"company_tagline": "Telecom regulatory compliance",
			"email": "admin@performancewest.test",
			"password": frappe.generate_hash(length=16),
			"chart_of_accounts": "Standard",
		}
	)
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the wizard's records must survive a later failure


def ensure_user(email: str, first_name: str, roles: list[str], password: str | None = None) -> None:
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": first_name, "send_welcome_email": 0}
		).insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	user.add_roles(*roles)
	if password:
		update_password(email, password)


def setup_demo() -> None:
	complete_erpnext_setup()
	settings = frappe.get_single("Performance West Settings")
	settings.company = settings.company or frappe.db.get_value("Company", {}, "name")
	settings.support_email = settings.support_email or "support@performancewest.test"
	settings.save(ignore_permissions=True)
	staff_roles = [
		role
		for role in (
			"Fulfilment Manager",
			"Compliance Manager",
			"Treasury Manager",
			"CA Registry Staff",
			"Accounts Manager",
			"Sales Manager",
		)
		if frappe.db.exists("Role", role)
	]
	ensure_user(STAFF_USER, "Pat", staff_roles, password=DEMO_PASSWORD)
	ensure_portal_customer(DEMO_CUSTOMER, CUSTOMER_USER, "Casey Prairie")
	update_password(CUSTOMER_USER, DEMO_PASSWORD)
	load_defaults()
	for method in frappe.get_hooks("pw_demo_data"):
		frappe.get_attr(method)()
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a bench command's unit of work


def before_tests() -> None:
	"""Tests of the Performance West apps run on a set-up company; jobs run inline."""
	from erpnext.setup.utils import before_tests as erpnext_before_tests

	erpnext_before_tests()
	load_defaults()  # erpnext's before_tests deletes every Item Price
	frappe.flags.skip_test_records = True
