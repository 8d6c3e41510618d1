# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class FCCFiling(Document):
	"""One filing per carrier profile, obligation and period; the rules are in pw_compliance.fulfilment."""

	def validate(self) -> None:
		from pw_compliance.fulfilment import filings

		filings.validate_filing(self)

	def on_update(self) -> None:
		from pw_compliance.fulfilment import filings

		filings.on_filing_update(self)
