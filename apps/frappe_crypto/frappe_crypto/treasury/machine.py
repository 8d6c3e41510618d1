"""The treasury job's states and the transitions allowed between them (no Frappe import).

A paid crypto invoice becomes a job: `received` → `sizing` (the order's vendor obligations are
reserved and the off-ramp amount decided) → `offramping` (crypto sent to the off-ramp) →
`funds_at_relay` (the fiat arrived at the bank) → `settled` (the filing card topped up). A job with
nothing to off-ramp settles from `sizing`. Any open step can fail; a failed job is retried into the
step it failed in, or handed to staff (`manual`), who finish it by hand.
"""

RECEIVED, SIZING, OFFRAMPING, FUNDS_AT_RELAY, SETTLED = (
	"received",
	"sizing",
	"offramping",
	"funds_at_relay",
	"settled",
)
FAILED, MANUAL = "failed", "manual"
STATES = (RECEIVED, SIZING, OFFRAMPING, FUNDS_AT_RELAY, SETTLED, FAILED, MANUAL)
OPEN = (RECEIVED, SIZING, OFFRAMPING, FUNDS_AT_RELAY)
FINAL = frozenset({SETTLED})

TRANSITIONS: dict[str, frozenset[str]] = {
	RECEIVED: frozenset({SIZING, FAILED, MANUAL}),
	SIZING: frozenset({OFFRAMPING, SETTLED, FAILED, MANUAL}),
	OFFRAMPING: frozenset({FUNDS_AT_RELAY, FAILED, MANUAL}),
	FUNDS_AT_RELAY: frozenset({SETTLED, FAILED, MANUAL}),
	FAILED: frozenset({*OPEN, MANUAL}),  # a retry goes back into the step that failed
	MANUAL: frozenset({*OPEN, SETTLED}),  # staff resume a step, or finish the job by hand
	SETTLED: frozenset(),
}

# The step each state is waiting on (what a staff task asks for in manual mode)
NEXT = {RECEIVED: SIZING, SIZING: OFFRAMPING, OFFRAMPING: FUNDS_AT_RELAY, FUNDS_AT_RELAY: SETTLED}

# Seconds before the n-th automatic retry of a failed job (then it goes to staff)
RETRY_DELAYS = (60, 300, 1800)


class InvalidTransition(ValueError):
	def __init__(self, old: str, new: str) -> None:
		allowed = ", ".join(sorted(TRANSITIONS.get(old, ()))) or "none (final state)"
		super().__init__(f"A treasury job cannot go from {old} to {new}. From {old} it may go to: {allowed}.")
		self.old, self.new = old, new


def check(old: str, new: str) -> None:
	if new not in STATES or new not in TRANSITIONS.get(old, ()):
		raise InvalidTransition(old, new)


def retry_target(failed_in: str | None) -> str:
	"""Where a failed job resumes."""
	if failed_in not in OPEN:
		raise InvalidTransition(FAILED, str(failed_in))
	return failed_in


def retry_delay(attempts: int) -> int | None:
	"""Seconds to wait before automatic retry number `attempts + 1`, or None: hand it to staff."""
	return RETRY_DELAYS[attempts] if attempts < len(RETRY_DELAYS) else None
