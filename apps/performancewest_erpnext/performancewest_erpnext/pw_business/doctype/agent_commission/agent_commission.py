from frappe.model.document import Document


class AgentCommission(Document):
	pass
