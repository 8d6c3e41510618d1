# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CRTCRegistration(Document):
	"""One per CRTC order: intake answers, the customer's selections, BC incorporation, CRTC letter and
	the evidence of each staff step. The rules are in frappe_ca_registry.crtc.registration."""

	def validate(self) -> None:
		from frappe_ca_registry.crtc import registration

		registration.validate(self)

	def on_update(self) -> None:
		from frappe_ca_registry.crtc import registration

		registration.on_update(self)
