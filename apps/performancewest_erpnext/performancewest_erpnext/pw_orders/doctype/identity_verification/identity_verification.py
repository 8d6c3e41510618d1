# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime


class IdentityVerification(Document):
	def validate(self) -> None:
		if self.status == "Verified" and not self.verified_on:
			if self.provider == "Manual" and frappe.session.user == "Guest":
				frappe.throw(_("Only staff can verify an identity by hand."), frappe.PermissionError)
			self.verified_by = frappe.session.user
			self.verified_on = now_datetime()
		elif self.status != "Verified":
			self.verified_by = self.verified_on = None

	def on_update(self) -> None:
		if self.status == "Verified" and self.has_value_changed("status"):
			from performancewest_erpnext.pw_orders.orders import on_identity_verified

			on_identity_verified(self.customer)

	@frappe.whitelist(methods=["POST"])
	def verify(self, notes: str | None = None) -> None:
		"""Staff verified the customer's identity by hand (documents checked)."""
		self.check_permission("write")
		self.status = "Verified"
		if notes:
			self.notes = notes
		self.save()


def record_provider_result(provider: str, reference: str, status: str, customer: str | None = None) -> str:
	"""For identity providers (Stripe Identity through checkout): record a session's result once per
	provider reference; a verified result releases the customer's held orders."""
	name = frappe.db.get_value("Identity Verification", {"provider_reference": reference})
	doc = frappe.get_doc("Identity Verification", name) if name else frappe.new_doc("Identity Verification")
	if not name:
		if not customer:
			frappe.throw(_("Unknown verification {0} and no customer given.").format(reference))
		doc.update({"customer": customer, "provider": provider, "provider_reference": reference})
	if doc.status != "Verified":
		doc.status = status
		doc.save(ignore_permissions=True)
	return doc.name
