def before_uninstall() -> None:
	"""Remove the gateway records that would point at a missing settings page."""
	from frappe_adyen.adyen import gateway

	gateway.unregister()
