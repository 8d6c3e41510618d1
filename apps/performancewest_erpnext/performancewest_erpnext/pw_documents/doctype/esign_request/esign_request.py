# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

TRANSITIONS = {"Sent": {"Signed", "Expired", "Cancelled"}, "Expired": {"Sent", "Cancelled"}}


class eSignRequest(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		consent_text: DF.SmallText | None
		customer: DF.Link
		expires_on: DF.Datetime | None
		order_document: DF.Link
		order_step: DF.Data | None
		sent_on: DF.Datetime | None
		service_order: DF.Link | None
		sha256_after: DF.Data | None
		sha256_before: DF.Data | None
		sha256_stamped: DF.Data | None
		signature_type: DF.Literal["", "Drawn", "Typed"]
		signed_document: DF.Link | None
		signed_on: DF.Datetime | None
		signer_email: DF.Data
		signer_ip: DF.Data | None
		signer_name: DF.Data
		status: DF.Literal["Sent", "Signed", "Expired", "Cancelled"]
		token_hash: DF.Data | None
		user_agent: DF.SmallText | None

	# end: auto-generated types
	def validate(self) -> None:
		self.signer_email = (self.signer_email or "").strip().lower()
		previous = self.get_doc_before_save()
		if not previous:
			return
		if previous.status == "Signed":
			frappe.throw(
				_("{0} is signed: its audit trail cannot be edited.").format(self.name),
				frappe.PermissionError,
			)
		if self.status != previous.status and self.status not in TRANSITIONS.get(previous.status, ()):
			frappe.throw(
				_("An eSign Request cannot go from {0} to {1}.").format(previous.status, self.status)
			)

	def on_trash(self) -> None:
		if self.status == "Signed":
			frappe.throw(_("A signed request is kept as an audit record."), frappe.PermissionError)

	@frappe.whitelist(methods=["POST"])
	def resend(self) -> str:
		"""Staff: a fresh link by e-mail (the previous link stops working)."""
		self.check_permission("write")
		from performancewest_erpnext.pw_documents import esign

		esign.send_link(self.name)
		return _("A new signing link was sent to {0}.").format(self.signer_email)

	@frappe.whitelist(methods=["POST"])
	def cancel_request(self) -> None:
		self.check_permission("write")
		if self.status != "Sent":
			frappe.throw(_("Only a request waiting for its signature can be cancelled."))
		self.status = "Cancelled"
		self.token_hash = None
		self.save()
