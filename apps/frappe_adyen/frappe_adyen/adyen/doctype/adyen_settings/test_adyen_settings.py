import frappe
from frappe.tests.utils import FrappeTestCase


class TestAdyenSettings(FrappeTestCase):
	def test_installed_off_until_configured(self):
		self.assertFalse(frappe.db.get_single_value("Adyen Settings", "enabled"))
		self.assertEqual(frappe.db.get_single_value("Adyen Settings", "environment"), "Test")
		from frappe_adyen.adyen import gateway

		self.assertEqual(gateway.payment_methods(), [])  # not offered at checkout

	def test_the_hmac_key_is_hex(self):
		settings = frappe.get_single("Adyen Settings").update(
			{"enabled": 1, "environment": "Test", "merchant_account": "PW", "api_key": "k", "client_key": "c"}
		)
		settings.hmac_key = "not-hex"
		self.assertRaises(frappe.ValidationError, settings.save)

	def test_live_environment_needs_the_url_prefix(self):
		values = {
			"enabled": 1,
			"environment": "Live",
			"merchant_account": "PW",
			"api_key": "k",
			"client_key": "live_CLIENTKEY",
			"hmac_key": "44782DEF",
		}
		settings = frappe.get_single("Adyen Settings").update(values)
		settings.live_url_prefix = "1797a841fbb37ca7-PerformanceWest"
		settings.save()
		self.assertEqual(settings.get_password("hmac_key"), "44782DEF")
		settings = frappe.get_single("Adyen Settings")
		settings.live_url_prefix = ""
		self.assertRaises(frappe.MandatoryError, settings.save)

	def test_a_client_key_saved_as_text_moves_to_the_password_store(self):
		from frappe_adyen.patches import client_key_to_password

		frappe.db.set_single_value("Adyen Settings", "client_key", "test_PLAINKEY")
		client_key_to_password.execute()
		self.assertEqual(frappe.get_single("Adyen Settings").get_password("client_key"), "test_PLAINKEY")
		self.assertEqual(frappe.db.get_single_value("Adyen Settings", "client_key"), "*" * 13)
