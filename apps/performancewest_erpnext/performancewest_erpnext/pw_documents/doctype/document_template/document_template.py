# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class DocumentTemplate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		default_kind: DF.Literal["Letter", "Certificate", "Filed Form", "Other"]
		description: DF.SmallText | None
		docx: DF.Attach
		enabled: DF.Check
		placeholders: DF.SmallText | None
		title: DF.Data
		version: DF.Int

	# end: auto-generated types
	def validate(self) -> None:
		from performancewest_erpnext.pw_documents import templates

		templates.check_template(self)
