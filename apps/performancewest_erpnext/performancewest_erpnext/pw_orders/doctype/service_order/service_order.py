# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from performancewest_erpnext.pw_orders import engine
from performancewest_erpnext.pw_orders import status as st


class ServiceOrder(Document):
	def validate(self) -> None:
		previous = self.get_doc_before_save()
		if previous and previous.status != self.status:
			# the engine moves statuses (engine.set_status); a desk edit is checked the same way
			try:
				st.check_transition(previous.status, self.status)
			except st.InvalidTransition as e:
				frappe.throw(_(str(e)), title=_("Not allowed"))
			engine.check_identity_gate(self, self.status)

	def on_trash(self) -> None:
		if self.status not in (st.AWAITING_PAYMENT, st.CANCELLED):
			frappe.throw(_("A paid order is kept; cancel or refund it instead."))


def on_doctype_update() -> None:
	frappe.db.add_index("Service Order", ["status", "waiting_on"])
