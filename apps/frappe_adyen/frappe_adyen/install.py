import frappe


def after_install() -> None:
	"""Register the gateway when Adyen Settings are enabled (also after every migrate: idempotent)."""
	if frappe.db.get_single_value("Adyen Settings", "enabled"):
		from frappe_adyen.adyen import gateway

		gateway.register()
