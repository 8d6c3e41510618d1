import frappe


def execute() -> None:
	"""Frappe's own web analytics: Web Page Views of the public pages (pw_business.analytics)."""
	frappe.db.set_single_value("Website Settings", "enable_view_tracking", 1)
