# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import re

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from pw_compliance.calendar import entries


class CarrierProfile(Document):
	def validate(self) -> None:
		self.frn = (self.frn or "").strip() or None
		if self.frn and not re.fullmatch(r"\d{10}", self.frn):
			frappe.throw(_("An FRN has exactly 10 digits (leading zeros kept), not {0}").format(self.frn))
		if self.formed_on and getdate(self.formed_on) > getdate(nowdate()):
			frappe.throw(_("The formation date cannot be in the future"))
		if self.status == "Left" and not self.left_on:
			self.left_on = nowdate()

	def on_update(self) -> None:
		# obligations are derived from the profile: recalendar on every change, close when the carrier leaves
		if self.status == "Left":
			entries.close_entries(self.name)
		else:
			year = getdate(nowdate()).year
			entries.ensure_entries(self.name, (year, year + 1))
