from frappe.model.document import Document


class ListmonkTrigger(Document):
	pass
