# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from pw_compliance.jurisdictions import records, rules


class JurisdictionEntityRule(Document):
	def validate(self) -> None:
		if problems := records.problems_of(self.doctype, self.as_dict()):
			frappe.throw("<br>".join(problems), records.JurisdictionDataError)
		self.rule_text = rules.describe(frappe.parse_json(self.due_rule))
