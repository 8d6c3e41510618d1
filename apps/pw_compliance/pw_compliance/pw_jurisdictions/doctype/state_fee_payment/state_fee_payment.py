# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class StateFeePayment(Document):
	"""The state fee of one State Filing, paid with the filing card: written once by
	pw_compliance.formation.filings.record_fee_payment, its name being the filing's."""
