# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class BankDeposit(Document):
	"""A deposit read from a bank alert e-mail. Staff match an unmatched one by setting its treasury
	job and marking it Matched; the job then moves on as if the monitor had matched it."""

	def validate(self) -> None:
		if self.status == "Matched" and not self.treasury_job:
			frappe.throw(_("Set the treasury job this deposit belongs to."))
		before = self.get_doc_before_save()
		if before and before.status == "Matched" and self.treasury_job != before.treasury_job:
			frappe.throw(_("A matched deposit stays with its treasury job."))

	def on_update(self) -> None:
		if self.flags.from_monitor:
			return
		before = self.get_doc_before_save()
		if self.status == "Matched" and (not before or before.status != "Matched"):
			from frappe_crypto.treasury import deposit_monitor

			self.db_set("matched_by", _("staff ({0})").format(frappe.session.user))
			deposit_monitor.apply_deposit(self, _("staff"))
			if self.todo and frappe.db.get_value("ToDo", self.todo, "status") == "Open":
				frappe.db.set_value("ToDo", self.todo, "status", "Closed")
