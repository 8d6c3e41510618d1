# Copyright (c) 2026, Performance West and contributors
# License: MIT. See LICENSE

import frappe
from frappe.model.document import Document


class PortalInvitation(Document):
	"""Made and accepted through `pw_orders.invitations` (the token is kept only as its hash)."""

	@frappe.whitelist(methods=["POST"])
	def cancel_invitation(self) -> None:
		"""Staff: the link stops working."""
		from performancewest_erpnext.pw_orders.invitations import cancel

		self.check_permission("write")
		cancel(self.name)
		self.reload()
