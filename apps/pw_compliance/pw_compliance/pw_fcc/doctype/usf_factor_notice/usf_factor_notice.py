# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class USFFactorNotice(Document):
	def validate(self) -> None:
		from pw_compliance.usf import factors

		factors.validate_notice(self)
