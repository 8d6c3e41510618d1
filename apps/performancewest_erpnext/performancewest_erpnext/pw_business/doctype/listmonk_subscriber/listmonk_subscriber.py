from frappe.model.document import Document


class ListmonkSubscriber(Document):
	pass
