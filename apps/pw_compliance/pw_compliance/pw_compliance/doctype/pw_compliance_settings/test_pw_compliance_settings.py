import frappe
from frappe.tests.utils import FrappeTestCase
from performancewest_erpnext.setup.demo import ensure_user


class TestPWComplianceSettings(FrappeTestCase):
	def test_defaults(self):
		settings = frappe.get_single("PW Compliance Settings")
		self.assertEqual(settings.due_soon_days, 30)
		self.assertEqual(settings.sweep_batch_size, 500)

	def test_only_compliance_managers_change_settings(self):
		ensure_user("cm@pw-test.example", "Manager", ["Compliance Manager"])
		ensure_user("cs@pw-test.example", "Staff", ["Compliance Staff"])
		self.assertTrue(frappe.has_permission("PW Compliance Settings", "write", user="cm@pw-test.example"))
		self.assertFalse(frappe.has_permission("PW Compliance Settings", "read", user="cs@pw-test.example"))

	def test_negative_lead_time_is_refused(self):
		settings = frappe.get_single("PW Compliance Settings")
		settings.due_soon_days = -5
		self.assertRaises(frappe.ValidationError, settings.save)
