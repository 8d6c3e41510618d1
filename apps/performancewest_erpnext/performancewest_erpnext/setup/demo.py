"""ERPNext company set-up and the demo site's sample data (`bench --site S pw-setup demo`)."""

import frappe
from frappe.utils import getdate

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
	frappe.db.commit()  # nosemgrep: the wizard's records must survive a later failure


def ensure_user(email: str, first_name: str, roles: list[str], password: str | None = None) -> None:
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": first_name, "send_welcome_email": 0}
		).insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	user.add_roles(*roles)
	if password:
		from frappe.utils.password import update_password

		update_password(email, password)


def ensure_portal_customer(customer_name: str, email: str, first_name: str) -> None:
	"""A Customer with a Contact and a portal user (Carrier Customer) of its own."""
	if not frappe.db.exists("Customer", customer_name):
		frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": customer_name,
				"customer_type": "Company",
				"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}, "name"),
				"territory": frappe.db.get_value("Territory", {"is_group": 0}, "name"),
			}
		).insert(ignore_permissions=True)
	ensure_user(email, first_name, ["Customer", "Carrier Customer"], password=DEMO_PASSWORD)
	customer = frappe.get_doc("Customer", customer_name)
	if email not in {row.user for row in customer.portal_users}:
		# ERPNext's portal finds a user's customers through Customer.portal_users
		customer.append("portal_users", {"user": email})
		customer.save(ignore_permissions=True)
	if not frappe.db.exists("Contact", {"email_id": email}):
		contact = frappe.get_doc({"doctype": "Contact", "first_name": first_name, "user": email})
		contact.append("email_ids", {"email_id": email, "is_primary": 1})
		contact.append("links", {"link_doctype": "Customer", "link_name": customer_name})
		contact.insert(ignore_permissions=True)


def setup_demo() -> None:
	complete_erpnext_setup()
	settings = frappe.get_single("Performance West Settings")
	settings.company = settings.company or frappe.db.get_value("Company", {}, "name")
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
	ensure_portal_customer(DEMO_CUSTOMER, CUSTOMER_USER, "Casey")
	for method in frappe.get_hooks("pw_demo_data"):
		frappe.get_attr(method)()
	frappe.db.commit()  # nosemgrep: a bench command's unit of work


def before_tests() -> None:
	"""Tests of the Performance West apps run on a set-up company; jobs run inline."""
	from erpnext.setup.utils import before_tests as erpnext_before_tests

	erpnext_before_tests()
	frappe.flags.skip_test_records = True
