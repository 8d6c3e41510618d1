# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class AMBLocation(Document):
	pass
