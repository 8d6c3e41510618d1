# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from pw_compliance.jurisdictions import records


class Jurisdiction(Document):
	def validate(self) -> None:
		self.code = (self.code or "").strip().upper()
		if problems := records.problems_of(self.doctype, self.as_dict()):
			frappe.throw("<br>".join(problems), records.JurisdictionDataError)
