import frappe
from frappe.utils.password import set_encrypted_password


def execute() -> None:
	"""Adyen Settings' client key became a Password field: a key saved as plain text moves to the
	encrypted store (Password fields keep only a mask in the document)."""
	value = frappe.db.get_value(
		"Singles", {"doctype": "Adyen Settings", "field": "client_key"}, "value", order_by=None
	)
	if value and set(value) != {"*"}:
		set_encrypted_password("Adyen Settings", "Adyen Settings", value, "client_key")
		frappe.db.set_single_value("Adyen Settings", "client_key", "*" * len(value))
