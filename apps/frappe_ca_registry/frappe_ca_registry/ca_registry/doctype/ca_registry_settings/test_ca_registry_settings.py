import frappe
from frappe.tests.utils import FrappeTestCase
from performancewest_erpnext.setup.demo import ensure_user


class TestCARegistrySettings(FrappeTestCase):
	def test_live_purchases_are_off_by_default(self):
		# Off, every purchase of the CRTC pipeline stops at a staff task: the safe state of a new site
		meta = frappe.get_meta("CA Registry Settings")
		self.assertEqual(meta.get_field("live").default, "0")
		self.assertIn("K1A 0N2", frappe.db.get_single_value("CA Registry Settings", "crtc_mailing_address"))

	def test_registry_staff_edit_settings_and_customers_cannot_read_them(self):
		ensure_user("ca@pw-test.example", "Registry", ["CA Registry Staff"])
		self.assertTrue(frappe.has_permission("CA Registry Settings", "write", user="ca@pw-test.example"))
		ensure_user("portal@pw-test.example", "Portal", ["Carrier Customer"])
		self.assertFalse(frappe.has_permission("CA Registry Settings", "read", user="portal@pw-test.example"))
