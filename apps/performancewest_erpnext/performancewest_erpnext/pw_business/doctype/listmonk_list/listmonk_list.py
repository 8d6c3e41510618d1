from frappe.model.document import Document


class ListmonkList(Document):
	pass
