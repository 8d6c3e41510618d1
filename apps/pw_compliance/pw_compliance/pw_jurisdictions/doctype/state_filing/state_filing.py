# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class StateFiling(Document):
	"""One formation or foreign-qualification filing per customer, kind and state; the rules are in
	pw_compliance.formation."""

	def validate(self) -> None:
		from pw_compliance.formation import filings

		filings.validate_filing(self)

	def on_update(self) -> None:
		from pw_compliance.formation import filings

		filings.on_filing_update(self)
