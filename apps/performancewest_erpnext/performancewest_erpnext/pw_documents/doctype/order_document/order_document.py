# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

# What a signed document (the audit record of a signature) keeps for ever
SIGNED_LOCKED = ("customer", "service_order", "file_key", "storage", "sha256", "signed_from", "esign_request")


class OrderDocument(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		binder_fingerprint: DF.Data | None
		converter: DF.Data | None
		customer: DF.Link
		description: DF.SmallText | None
		error: DF.SmallText | None
		esign_request: DF.Link | None
		file_key: DF.Data | None
		file_name: DF.Data | None
		file_size: DF.Int
		kind: DF.Literal["Letter", "Certificate", "Filed Form", "Binder", "Signed Document", "Other"]
		page_count: DF.Int
		sequence: DF.Int
		service_order: DF.Link | None
		sha256: DF.Data | None
		signed_document: DF.Link | None
		signed_from: DF.Link | None
		source_key: DF.Data | None
		status: DF.Literal["Draft", "Converting", "Ready", "Awaiting Signature", "Signed", "Failed"]
		storage: DF.Literal["", "Frappe Files", "S3"]
		template: DF.Link | None
		template_version: DF.Int
		title: DF.Data

	# end: auto-generated types
	def validate(self) -> None:
		if self.service_order:
			customer = frappe.db.get_value("Service Order", self.service_order, "customer")
			if customer and customer != self.customer:
				frappe.throw(
					_("{0} belongs to {1}, not {2}.").format(self.service_order, customer, self.customer)
				)
		previous = self.get_doc_before_save()
		if previous and previous.kind == "Signed Document":
			changed = [f for f in SIGNED_LOCKED if (previous.get(f) or "") != (self.get(f) or "")]
			if changed or self.kind != previous.kind:
				frappe.throw(
					_("A signed document is an audit record and cannot be changed ({0}).").format(
						", ".join(changed or ["kind"])
					),
					frappe.PermissionError,
				)

	def on_trash(self) -> None:
		if self.kind == "Signed Document" or frappe.db.exists(
			"eSign Request", {"order_document": self.name, "status": "Signed"}
		):
			frappe.throw(_("A signed document is kept as an audit record."), frappe.PermissionError)
		for request in frappe.get_all("eSign Request", {"order_document": self.name}, pluck="name"):
			frappe.delete_doc("eSign Request", request, ignore_permissions=True)
		if self.storage == "S3":
			from performancewest_erpnext.pw_documents import storage

			for key in {self.file_key, self.source_key} - {None, ""}:
				storage.delete("S3", key)


def on_doctype_update() -> None:
	frappe.db.add_index("Order Document", ["service_order", "kind"])
