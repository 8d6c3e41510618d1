from frappe.model.document import Document


class CDRStudyFile(Document):
	pass
