"""A CDR traffic study; the work is in pw_compliance.cdr.studies."""

from frappe.model.document import Document


class CDRStudy(Document):
	def validate(self) -> None:
		from pw_compliance.cdr.studies import validate_study

		validate_study(self)
