# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CAProvisioning(Document):
	"""One external effect (a domain, DNS record, mailbox, number or route), keyed by `purchase_key`."""

	def validate(self) -> None:
		if self.compliance_entry:
			from frappe_ca_registry.crtc import renewals

			renewals.validate_row(self)

	def on_update(self) -> None:
		from frappe_ca_registry.crtc import provisioning

		provisioning.on_update(self)
