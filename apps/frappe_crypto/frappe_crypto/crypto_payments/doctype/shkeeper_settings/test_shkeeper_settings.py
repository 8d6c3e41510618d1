import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils.password import get_decrypted_password


class TestSHKeeperSettings(FrappeTestCase):
	def test_api_key_is_stored_encrypted(self):
		settings = frappe.get_single("SHKeeper Settings")
		settings.update({"enabled": 1, "api_url": "https://pay.example.test", "api_key": "shk-secret-123"})
		settings.save()
		self.assertNotEqual(frappe.db.get_single_value("SHKeeper Settings", "api_key"), "shk-secret-123")
		self.assertEqual(settings.get_password("api_key"), "shk-secret-123")
		stored = frappe.db.sql("select password from `__Auth` where doctype='SHKeeper Settings'")[0][0]
		self.assertNotIn("shk-secret-123", stored)
		self.assertEqual(
			get_decrypted_password("SHKeeper Settings", "SHKeeper Settings", "api_key"), "shk-secret-123"
		)

	def test_enabling_without_url_is_refused(self):
		settings = frappe.get_single("SHKeeper Settings")
		settings.update({"enabled": 1, "api_url": ""})
		self.assertRaises(frappe.MandatoryError, settings.save)

	def test_treasury_manager_role_exists_for_the_workspace(self):
		self.assertTrue(frappe.db.exists("Role", "Treasury Manager"))
		self.assertIn("Treasury Manager", {p.role for p in frappe.get_meta("SHKeeper Settings").permissions})
