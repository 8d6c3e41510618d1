import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime


class OrderNarrative(Document):
	def validate(self) -> None:
		if self.status == "Approved":
			if not (self.text or "").strip():
				frappe.throw(_("Write the narrative before approving it."))
			if self.has_value_changed("status") or self.has_value_changed("text"):
				self.approved_by, self.approved_on = frappe.session.user, now_datetime()
		else:
			self.approved_by = self.approved_on = None
