"""CA Registry Settings as the clients read it (secrets through get_password, never logged)."""

from typing import Any

import frappe
from frappe import _

SETTINGS = "CA Registry Settings"


def settings() -> Any:
	return frappe.get_cached_doc(SETTINGS)


def is_live() -> bool:
	"""Real purchases and filings happen only with the switch on."""
	return bool(frappe.db.get_single_value(SETTINGS, "live"))


def secret(field: str) -> str:
	return settings().get_password(field, raise_exception=False) or ""


def required(*fields: str) -> dict[str, str]:
	"""The named settings (Password fields read as secrets); a blank one stops the caller clearly."""
	doc = settings()
	meta = frappe.get_meta(SETTINGS)
	values = {}
	for field in fields:
		value = secret(field) if meta.get_field(field).fieldtype == "Password" else doc.get(field)
		if not value:
			frappe.throw(
				_("Fill {0} in CA Registry Settings.").format(_(meta.get_field(field).label)),
				title=_("Not configured"),
			)
		values[field] = value
	return values


def configured(*fields: str) -> bool:
	doc = settings()
	meta = frappe.get_meta(SETTINGS)
	return all((secret(f) if meta.get_field(f).fieldtype == "Password" else doc.get(f)) for f in fields)
