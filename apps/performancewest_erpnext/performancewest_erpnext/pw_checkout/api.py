"""Checkout endpoints of the portal (guest-callable with the order's checkout key, rate-limited)."""

import frappe
from frappe.rate_limiter import rate_limit

from performancewest_erpnext.pw_checkout import checkout


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=30, seconds=60 * 60)
def start(order: str, method: str, key: str | None = None) -> dict:
	"""The provider's payment page for the order, paid with `method`."""
	return {"url": checkout.start(order, method, key)}
