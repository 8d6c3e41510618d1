from frappe.model.document import Document


class ListmonkSettings(Document):
	pass
