"""Where a service order stands, as the customer reads it (no Frappe import).

`step_state` and `order_state` return a key; `pw_portal.dashboard` turns each key into translated words
("Waiting for your signature", "With our staff", "Done on 3 May" ...).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# Events a step can wait for that need the customer (see pw_orders.steps)
SIGNATURE_EVENTS = frozenset({"document_signed", "signature"})
SELECTION_EVENTS = frozenset({"client_selection"})
STOPPED = frozenset({"Cancelled", "Refunded"})


def step_state(step: Mapping[str, Any], order_status: str, order_waiting_on: str | None = None) -> str:
	"""The state of one Service Order Step for the customer:
	done, signature, choices, your_action, outside_body, staff, working, payment, funds, identity,
	stopped or next."""
	status = step.get("status")
	if status == "Done":
		return "done"
	if order_status in STOPPED:
		return "stopped"
	if order_status == "Awaiting Payment":
		return "payment"
	if order_status == "Funds Pending":
		return "funds"
	if order_status == "Waiting" and order_waiting_on == "Identity":
		return "identity"
	kind = step.get("kind")
	if status == "Needs Staff" or (kind == "Staff Task" and status in ("Waiting", "Running")):
		return "staff"
	if status == "Waiting" and kind == "Wait":
		event = step.get("event") or ""
		if event in SIGNATURE_EVENTS:
			return "signature"
		if event in SELECTION_EVENTS:
			return "choices"
		waiting_on = step.get("waiting_on") or "Customer"
		if waiting_on == "Staff":
			return "staff"
		if waiting_on == "Outside Body":
			return "outside_body"
		return "your_action"
	if status == "Running" or (status == "Pending" and step.get("attempts")):
		return "working"
	return "next"


def order_state(status: str, waiting_on: str | None, step_states: Iterable[str] = ()) -> str:
	"""The order's state for the customer: the status, made specific by what it waits on."""
	states = set(step_states)
	if status == "Waiting":
		if waiting_on == "Identity":
			return "identity"
		if "signature" in states:
			return "signature"
		if waiting_on == "Staff":
			return "staff"
		if waiting_on == "Outside Body":
			return "outside_body"
		return "your_action"
	if status == "Client Selection":
		return "choices"
	return {
		"Awaiting Payment": "payment",
		"Funds Pending": "funds",
		"In Progress": "working",
		"Review": "review",
		"Delivered": "delivered",
		"Cancelled": "cancelled",
		"Refunded": "refunded",
	}.get(status, "working")


@dataclass(frozen=True)
class Progress:
	done: int
	total: int

	@property
	def percent(self) -> int:
		return round(100 * self.done / self.total) if self.total else 0


def progress(step_statuses: Iterable[str], order_status: str) -> Progress:
	"""Steps done out of all steps, plus our final review and delivery as the last one."""
	statuses = list(step_statuses)
	done = sum(s == "Done" for s in statuses)
	delivered = order_status == "Delivered"
	return Progress(done + (1 if delivered else 0), len(statuses) + 1)


def needs_customer(state: str) -> bool:
	"""Whether the customer has something to do."""
	return state in {"signature", "choices", "your_action", "payment", "identity"}
