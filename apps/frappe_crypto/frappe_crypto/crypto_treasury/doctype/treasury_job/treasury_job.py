# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class TreasuryJob(Document):
	"""A paid crypto invoice on its way from the hot wallet to the filing card. Its state moves only
	through frappe_crypto.treasury.jobs.transition (checked, recorded, ledger rows written)."""

	def validate(self) -> None:
		if not self.offramp_reference:
			self.offramp_reference = self.name
		if not self.is_new() and not self.flags.via_transition:
			before = self.get_doc_before_save()
			if before and before.status != self.status:
				frappe.throw(
					_("A treasury job's state changes only through its transitions (retry, staff tasks)."),
					frappe.ValidationError,
				)
