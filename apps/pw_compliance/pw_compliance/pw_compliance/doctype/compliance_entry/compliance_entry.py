# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from performancewest_erpnext import jobs

from pw_compliance.calendar import entries, transitions


class ComplianceEntry(Document):
	def validate(self) -> None:
		previous = self.get_doc_before_save()
		if previous and previous.status != self.status:
			transitions.check_transition(previous.status, self.status)

	@frappe.whitelist(methods=["POST"])
	def record_filing(self, confirmation_number: str | None = None) -> str | None:
		"""Staff: the filing is done; returns the next period's entry. An entry filed through an FCC Filing
		is completed by that filing, once it holds its confirmation number and receipt."""
		self.check_permission("write")
		if self.fcc_filing and frappe.db.get_value("FCC Filing", self.fcc_filing, "status") != "Filed":
			frappe.throw(
				_(
					"{0} is filed through FCC Filing {1}: record its confirmation number and receipt there."
				).format(self.name, self.fcc_filing),
				title=_("Filed through its FCC Filing"),
			)
		return entries.complete(self.name, confirmation_number=confirmation_number)


@frappe.whitelist(methods=["POST"])
def run_sweep() -> None:
	"""Staff: today's sweep now (what the daily job runs), in the background, one at a time."""
	frappe.has_permission("Compliance Entry", "write", throw=True)
	jobs.enqueue("pw_compliance.calendar.entries.sweep", queue="long", job_id="pw_compliance_sweep")


def on_doctype_update() -> None:
	frappe.db.add_unique("Compliance Entry", ["carrier_profile", "obligation", "period"], "unique_period")
	frappe.db.add_index("Compliance Entry", ["status", "due_soon_on"])
	frappe.db.add_index("Compliance Entry", ["status", "due_date"])
	frappe.db.add_index("Compliance Entry", ["sales_invoice"])
