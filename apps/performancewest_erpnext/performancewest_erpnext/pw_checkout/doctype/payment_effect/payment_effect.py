from frappe.model.document import Document


class PaymentEffect(Document):
	"""Named after what it records (effect, gateway, provider id): the primary key is the lock."""

	def autoname(self) -> None:
		from performancewest_erpnext.pw_checkout.effects import key

		self.name = key(self.effect, self.gateway, self.provider_id)
