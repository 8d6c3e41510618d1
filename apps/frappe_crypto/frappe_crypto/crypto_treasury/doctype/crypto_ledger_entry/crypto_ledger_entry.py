# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from frappe_crypto.ledger import ledger


def _refuse(action: str) -> None:
	frappe.throw(
		_("Crypto Ledger Entry is append-only: it cannot be {0}. Add a reversing entry instead.").format(
			_(action)
		),
		ledger.LedgerImmutableError,
		title=_("Not allowed"),
	)


class CryptoLedgerEntry(Document):
	"""One money movement. Inserted submitted, never changed: update, delete, cancel and amend are
	refused here for every user (Administrator included) and by database triggers below the ORM."""

	def autoname(self) -> None:
		self.name = f"CLE-{int(self.seq):08d}"

	def before_insert(self) -> None:
		if self.amended_from:
			_refuse("amended")
		ledger.stamp(self)

	def validate(self) -> None:
		if not self.is_new():
			_refuse("changed")
		if self.entry_type != "Genesis" and not self.coin:
			frappe.throw(_("A ledger entry needs a coin (or the fiat currency)."))

	def before_update_after_submit(self) -> None:
		_refuse("changed")

	def before_cancel(self) -> None:
		_refuse("cancelled")

	def on_trash(self) -> None:
		_refuse("deleted")
