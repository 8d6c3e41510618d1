"""WSGI entry point for gunicorn (`performancewest_erpnext.wsgi:application`): Frappe's application, with
this app's request guard installed before the first request (see request_guard)."""

from frappe.app import application

import performancewest_erpnext  # installs the request guard

__all__ = ["application"]
