"""The portal shell around every /portal page: who is looking, the navigation, the page's title."""

from typing import Any

import frappe
from frappe import _

from performancewest_erpnext.pw_portal.permissions import require_customer


def navigation() -> list[dict]:
	"""The portal's own pages, then those other apps add through `pw_portal_pages`, by `order`."""
	entries = [
		{"title": _("Dashboard"), "route": "/portal", "icon": "dashboard", "order": 0},
		{"title": _("Orders"), "route": "/portal/orders", "icon": "list-alt", "order": 10},
		{"title": _("Documents"), "route": "/portal/documents", "icon": "file", "order": 20},
		{"title": _("Invoices"), "route": "/portal/invoices", "icon": "card", "order": 30},
		{"title": _("Profile"), "route": "/portal/profile", "icon": "customer", "order": 60},
	]
	for page in frappe.get_hooks("pw_portal_pages"):
		if isinstance(page, dict) and page.get("route") and page.get("title"):
			entries.append({"icon": "file", "order": 50, **page, "title": _(page["title"])})
	return sorted(entries, key=lambda e: e["order"])


def portal_context(context: Any, route: str, title: str) -> str:
	"""Set up a portal page; returns the customer. Guests are sent to log in and come back."""
	customer = require_customer()
	context.no_cache = 1
	context.title = title
	context.customer = customer
	context.customer_name = frappe.db.get_value("Customer", customer, "customer_name") or customer
	context.portal_nav = navigation()
	context.portal_route = route
	context.show_sidebar = False
	context.no_breadcrumbs = True
	return customer
