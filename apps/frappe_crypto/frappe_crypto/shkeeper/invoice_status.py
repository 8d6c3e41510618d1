"""The status of a crypto invoice from what SHKeeper reported (no Frappe import).

BTCPay Server's model (docs.btcpayserver.org/Invoices): a main status (New, Processing, Settled,
Expired, Invalid) plus a "why" (None, PaidPartial, PaidOver, PaidLate, Marked, Invalid).
SHKeeper decides PARTIAL/PAID/OVERPAID with its per-wallet tolerances (llimit/ulimit), so its word
is taken for "paid enough"; the amounts are ours (the sum of the transactions recorded once each).
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

NEW, PROCESSING, SETTLED, EXPIRED, INVALID = "New", "Processing", "Settled", "Expired", "Invalid"
STATUSES = (NEW, PROCESSING, SETTLED, EXPIRED, INVALID)
NONE, PAID_PARTIAL, PAID_OVER, PAID_LATE, MARKED = "None", "PaidPartial", "PaidOver", "PaidLate", "Marked"
ADDITIONAL = (NONE, PAID_PARTIAL, PAID_OVER, PAID_LATE, MARKED, INVALID)

# SHKeeper invoice statuses (shkeeper/models.py InvoiceStatus)
PAID_STATUSES = {"PAID", "OVERPAID"}
DEAD_STATUSES = {"CANCELLED", "REFUNDED"}


def money(value) -> Decimal:
	return Decimal(str(value or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class InvoiceState:
	status: str
	additional_status: str
	received_fiat: Decimal
	remaining_fiat: Decimal  # still owed (0 once paid)
	excess_fiat: Decimal  # received beyond what was due (customer credit)

	@property
	def paid(self) -> bool:
		return self.status == SETTLED or (self.status == EXPIRED and self.additional_status == PAID_LATE)


def evaluate(
	due_fiat,
	received_fiat,
	shkeeper_status: str | None = None,
	*,
	expires_at: datetime | None = None,
	paid_in_full_at: datetime | None = None,
	now: datetime | None = None,
	pending_fiat=0,
) -> InvoiceState:
	"""`due_fiat`: what the invoice asks; `received_fiat`: the confirmed transactions' fiat value;
	`shkeeper_status`: UNPAID/PARTIAL/PAID/OVERPAID/EXPIRED/... from the latest callback;
	`paid_in_full_at`: when the transaction completing the payment was made; `pending_fiat`:
	unconfirmed transactions' estimated value."""
	due, received, pending = money(due_fiat), money(received_fiat), money(pending_fiat)
	reported = (shkeeper_status or "").upper()
	if reported in PAID_STATUSES:
		paid = True
	elif reported in {"PARTIAL", "UNPAID", "EXPIRED"}:
		paid = False
	else:  # an older payload without status: compare the amounts
		paid = received >= due > 0
	remaining = Decimal("0.00") if paid else max(due - received, Decimal("0.00"))
	excess = max(received - due, Decimal("0.00"))
	expired = expires_at is not None and now is not None and now > expires_at

	def state(status: str, why: str) -> InvoiceState:
		return InvoiceState(status, why, received, remaining, excess)

	if reported in DEAD_STATUSES:
		return state(INVALID, INVALID)
	if paid:
		late = expires_at is not None and paid_in_full_at is not None and paid_in_full_at > expires_at
		if late:
			return state(EXPIRED, PAID_LATE)
		if reported == "OVERPAID" or (not reported and excess > 0):
			return state(SETTLED, PAID_OVER)
		return state(SETTLED, NONE)
	if received > 0:
		if not expired and received + pending >= due:
			return state(PROCESSING, NONE)
		return state(EXPIRED if expired else NEW, PAID_PARTIAL)
	if pending > 0 and not expired:
		return state(PROCESSING if pending >= due else NEW, NONE)
	return state(EXPIRED if (expired or reported == "EXPIRED") else NEW, NONE)


def allocation(outstanding, amount) -> tuple[Decimal, Decimal]:
	"""(allocated to the invoice, left unallocated as customer credit) for a payment of `amount`
	against an invoice with `outstanding` still owed."""
	outstanding, amount = money(outstanding), money(amount)
	allocated = min(max(outstanding, Decimal("0.00")), amount)
	return allocated, amount - allocated
