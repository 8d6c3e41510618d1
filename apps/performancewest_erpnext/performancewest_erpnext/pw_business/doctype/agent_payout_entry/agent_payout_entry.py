from frappe.model.document import Document


class AgentPayoutEntry(Document):
	pass
