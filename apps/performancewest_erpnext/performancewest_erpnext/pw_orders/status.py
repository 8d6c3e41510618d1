"""Service Order statuses and the transitions allowed between them (no Frappe import)."""

AWAITING_PAYMENT = "Awaiting Payment"
FUNDS_PENDING = "Funds Pending"
CLIENT_SELECTION = "Client Selection"
IN_PROGRESS = "In Progress"
WAITING = "Waiting"
REVIEW = "Review"
DELIVERED = "Delivered"
CANCELLED = "Cancelled"
REFUNDED = "Refunded"

STATUSES = (
	AWAITING_PAYMENT,
	FUNDS_PENDING,
	CLIENT_SELECTION,
	IN_PROGRESS,
	WAITING,
	REVIEW,
	DELIVERED,
	CANCELLED,
	REFUNDED,
)

# What an order in Waiting waits on
WAITING_ON = ("Identity", "Customer", "Staff", "Outside Body")

# Statuses in which the fulfilment engine works on the order
ACTIVE = frozenset({CLIENT_SELECTION, IN_PROGRESS, WAITING})
# Statuses that need a verified identity (the identity gate)
FILING = frozenset({CLIENT_SELECTION, IN_PROGRESS, REVIEW})
FINAL = frozenset({DELIVERED, CANCELLED, REFUNDED})
PAID = frozenset({FUNDS_PENDING, *ACTIVE, REVIEW, DELIVERED})

_REFUNDABLE = {REFUNDED, CANCELLED}
TRANSITIONS: dict[str, frozenset[str]] = {
	AWAITING_PAYMENT: frozenset({FUNDS_PENDING, CANCELLED}),
	FUNDS_PENDING: frozenset({IN_PROGRESS, WAITING, CLIENT_SELECTION, *_REFUNDABLE}),
	CLIENT_SELECTION: frozenset({IN_PROGRESS, WAITING, REVIEW, *_REFUNDABLE}),
	IN_PROGRESS: frozenset({WAITING, CLIENT_SELECTION, REVIEW, *_REFUNDABLE}),
	WAITING: frozenset({IN_PROGRESS, CLIENT_SELECTION, REVIEW, *_REFUNDABLE}),
	REVIEW: frozenset({DELIVERED, IN_PROGRESS, REFUNDED}),
	DELIVERED: frozenset({REFUNDED}),
	CANCELLED: frozenset(),
	REFUNDED: frozenset(),
}


class InvalidTransition(ValueError):
	def __init__(self, old: str, new: str) -> None:
		allowed = ", ".join(sorted(TRANSITIONS.get(old, ()))) or "none (final status)"
		super().__init__(
			f"A service order cannot go from {old} to {new}. From {old} it may go to: {allowed}."
		)
		self.old, self.new = old, new


def check_transition(old: str, new: str) -> None:
	if new not in STATUSES:
		raise InvalidTransition(old, new)
	if old != new and new not in TRANSITIONS.get(old, ()):
		raise InvalidTransition(old, new)


# Business days from payment until the money is available to pay filing fees (seed: card/Klarna T+2,
# ACH T+4, PayPal instant). None: cleared by hand (crypto goes through the treasury).
FUNDS_CLEARING_DAYS: dict[str, int | None] = {
	"Card": 2,
	"Klarna": 2,
	"ACH": 4,
	"PayPal": 0,
	"Bank Transfer": 0,
	"Manual": 0,
	"Crypto": None,
}
PAYMENT_METHODS = tuple(FUNDS_CLEARING_DAYS)


def add_business_days(start, days: int):
	"""`start` plus `days` working days (Saturday and Sunday skipped)."""
	from datetime import timedelta

	current = start
	while days > 0:
		current += timedelta(days=1)
		if current.weekday() < 5:
			days -= 1
	return current
