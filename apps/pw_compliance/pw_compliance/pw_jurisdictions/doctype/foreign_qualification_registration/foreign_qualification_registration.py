# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from pw_compliance.jurisdictions import records

# status -> the statuses it may move to; every change is kept in the document's version history
TRANSITIONS = {
	"Planned": {"Filed", "Withdrawn"},
	"Filed": {"Approved", "Rejected", "Withdrawn"},
	"Rejected": {"Filed", "Withdrawn"},
	"Approved": {"Withdrawn"},
	"Withdrawn": set(),
}


class ForeignQualificationRegistration(Document):
	def validate(self) -> None:
		records.rule_row(self.jurisdiction, self.entity_type)  # the state must have a rule for this entity
		if self.home_jurisdiction and self.home_jurisdiction == self.jurisdiction:
			frappe.throw(_("An entity is not foreign in its home jurisdiction {0}").format(self.jurisdiction))
		previous = self.get_doc_before_save()
		if previous and previous.status != self.status and self.status not in TRANSITIONS[previous.status]:
			frappe.throw(
				_("A registration cannot move from {0} to {1}").format(_(previous.status), _(self.status)),
				frappe.ValidationError,
			)
		if self.status in ("Filed", "Approved", "Rejected") and not self.filing_date:
			frappe.throw(_("Set the filing date of a {0} registration").format(_(self.status)))
		if self.status == "Approved" and not self.approved_on:
			frappe.throw(_("Set the date the registration was approved"))

	def obligations(self, year: int) -> list[dict]:
		"""The state's reports due in ``year``: counted from the approval, the foreign entity's start there."""
		if self.status != "Approved":
			return []
		return records.due(self.jurisdiction, self.entity_type, self.approved_on, year)
