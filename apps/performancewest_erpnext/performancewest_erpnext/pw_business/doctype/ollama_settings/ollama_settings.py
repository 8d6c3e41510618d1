from frappe.model.document import Document


class OllamaSettings(Document):
	pass
