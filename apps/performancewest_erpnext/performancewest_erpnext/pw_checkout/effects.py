"""Exactly once, enforced by the database: the record of a money effect (a provider's payment or
refund taken into the books) is inserted before the effect is made, named after the provider's id.
A concurrent second attempt blocks on that primary key until the first transaction ends: if it
committed, the insert fails (DuplicateEntryError) and the caller returns what the first booked; if it
rolled back, the insert goes through and the second books."""

from typing import Any

import frappe

DOCTYPE = "Payment Effect"


def key(effect: str, gateway: str, provider_id: str) -> str:
	return f"{effect}:{gateway}:{provider_id}"[:140]


def claim(effect: str, gateway: str, provider_id: str) -> Any | None:
	"""The new Payment Effect when this transaction is the first to make the effect, else None."""
	if not provider_id:
		frappe.throw(frappe._("A {0} without the provider's id cannot be booked.").format(effect))
	doc = frappe.get_doc(
		{"doctype": DOCTYPE, "effect": effect, "gateway": gateway, "provider_id": provider_id}
	)
	try:
		doc.insert(ignore_permissions=True)
	except frappe.DuplicateEntryError:
		frappe.clear_messages()
		return None
	return doc


def booked(effect: str, gateway: str, provider_id: str) -> str | None:
	"""What the effect was booked as: a locking read, so the latest commit and not this transaction's
	older snapshot."""
	return frappe.db.get_value(DOCTYPE, key(effect, gateway, provider_id), "reference_name", for_update=True)


def record(effect: Any, doc: Any) -> None:
	effect.db_set({"reference_doctype": doc.doctype, "reference_name": doc.name})
