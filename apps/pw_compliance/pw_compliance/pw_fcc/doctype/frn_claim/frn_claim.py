# Copyright (c) 2026, Performance West and contributors
# License: MIT. See LICENSE

import frappe
from frappe.model.document import Document


class FRNClaim(Document):
	"""Made by the FCC check's sign-up; confirmed or rejected through `pw_fcc.claims`."""

	@frappe.whitelist(methods=["POST"])
	def confirm_claim(self) -> str:
		"""Staff reviewed the claim: the Carrier Profile is made. Returns its name."""
		from pw_compliance.pw_fcc import claims

		self.check_permission("write")
		return claims.confirm_by_staff(self.name)

	@frappe.whitelist(methods=["POST"])
	def reject_claim(self) -> None:
		from pw_compliance.pw_fcc import claims

		self.check_permission("write")
		claims.reject(self.name)
