import frappe
from frappe.tests.utils import FrappeTestCase


class TestAdyenSettings(FrappeTestCase):
	def test_installed_off_until_configured(self):
		self.assertFalse(frappe.db.get_single_value("Adyen Settings", "enabled"))
		self.assertEqual(frappe.db.get_single_value("Adyen Settings", "environment"), "Test")

	def test_live_environment_needs_the_url_prefix(self):
		values = {
			"enabled": 1,
			"environment": "Live",
			"merchant_account": "PW",
			"api_key": "k",
			"hmac_key": "44782DEF",
		}
		settings = frappe.get_single("Adyen Settings").update(values)
		settings.live_url_prefix = "1797a841fbb37ca7-PerformanceWest"
		settings.save()
		self.assertEqual(settings.get_password("hmac_key"), "44782DEF")
		settings = frappe.get_single("Adyen Settings")
		settings.live_url_prefix = ""
		self.assertRaises(frappe.MandatoryError, settings.save)
