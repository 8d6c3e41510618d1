import frappe


def before_tests() -> None:
	"""A company to book against; ERPNext's own before_tests only where the site has none (it also
	deletes every Item Price, which other apps' data on a shared test site needs)."""
	if not frappe.db.a_row_exists("Company"):
		from erpnext.setup.utils import before_tests as erpnext_before_tests

		erpnext_before_tests()
	frappe.flags.skip_test_records = True
