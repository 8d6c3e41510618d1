# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from frappe_crypto.ledger import ledger


class CryptoLedgerCheckpoint(Document):
	"""The ledger's head on a day (written by the daily check). Insert-only: changes and deletion are
	refused here and by database triggers below the ORM."""

	def validate(self) -> None:
		if not self.is_new():
			self._refuse()

	def on_trash(self) -> None:
		self._refuse()

	def _refuse(self) -> None:
		frappe.throw(
			_("Crypto Ledger Checkpoint is insert-only."), ledger.LedgerImmutableError, title=_("Not allowed")
		)
