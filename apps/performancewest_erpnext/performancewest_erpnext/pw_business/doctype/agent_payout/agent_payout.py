from frappe.model.document import Document


class AgentPayout(Document):
	pass
