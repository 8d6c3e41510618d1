import frappe
from frappe import _
from frappe.model.document import Document


class AgentCommissionSettings(Document):
	def validate(self) -> None:
		seen = set()
		for row in self.service_rates:
			if not 0 <= (row.rate or 0) <= 100:
				frappe.throw(_("Row {0}: a commission rate is between 0 and 100%.").format(row.idx))
			if row.service in seen:
				frappe.throw(_("Row {0}: {1} is listed twice.").format(row.idx, row.service))
			seen.add(row.service)
