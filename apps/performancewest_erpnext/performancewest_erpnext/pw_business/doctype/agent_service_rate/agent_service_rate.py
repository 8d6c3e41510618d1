from frappe.model.document import Document


class AgentServiceRate(Document):
	pass
