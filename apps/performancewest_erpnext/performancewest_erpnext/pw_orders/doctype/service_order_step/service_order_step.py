# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class ServiceOrderStep(Document):
	pass


def on_doctype_update() -> None:
	frappe.db.add_index("Service Order Step", ["status", "retry_at"])
	frappe.db.add_index("Service Order Step", ["todo"])
