"""What a fulfilment handler is made of (no Frappe import).

A handler is an ordered list of steps. The engine runs them one after another for each track of an
order (one track per ordered service; a bundle gives one track per member):

- `Auto`: runs `run(ctx)` in a background job and returns the external reference of what it did.
  If it may have run before (a retry, or a worker that died after the side effect but before the
  engine recorded it), the engine first calls `find(ctx)`, which looks the side effect up by
  `ctx.idempotency_key` and returns its reference, so the side effect is never repeated.
- `Wait`: waits for an event (`payment_cleared`, `client_selection`, `document_signed`,
  `staff_approval`, or any name a handler chooses) sent to the order with `engine.notify`. With
  `ready(ctx)`, a step whose condition already holds when the track reaches it is done at once (the
  customer answered before the step started).
- `StaffTask`: hands a ToDo to staff; closing the ToDo in the desk resumes the order. `describe(ctx)`
  adds lines computed for the order (the values to type, links); `before_close(ctx)` may refuse the
  closing (it raises, e.g. until the evidence of a filing is recorded).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Auto:
	name: str
	run: Callable[[Any], str | None]
	find: Callable[[Any], str | None] | None = None
	title: str = ""
	kind: str = field(default="Auto", init=False)


@dataclass(frozen=True)
class Wait:
	name: str
	event: str
	waiting_on: str = "Customer"  # Customer, Staff or Outside Body
	title: str = ""
	ready: Callable[[Any], bool] | None = None
	kind: str = field(default="Wait", init=False)


@dataclass(frozen=True)
class StaffTask:
	name: str
	instructions: str
	title: str = ""
	describe: Callable[[Any], list[str]] | None = None
	before_close: Callable[[Any], None] | None = None
	kind: str = field(default="Staff Task", init=False)


Step = Auto | Wait | StaffTask

CLIENT_SELECTION_EVENT = "client_selection"


@dataclass(frozen=True)
class Handler:
	steps: tuple[Step, ...]

	def __post_init__(self) -> None:
		names = [step.name for step in self.steps]
		if not names:
			raise ValueError("A handler needs at least one step.")
		if len(set(names)) != len(names):
			raise ValueError(f"Step names repeat: {names}")

	def step(self, name: str) -> Step:
		for step in self.steps:
			if step.name == name:
				return step
		raise KeyError(name)


def staff_handler(service_title: str) -> Handler:
	"""The fallback for a catalog service no app automates yet: one staff task with the order's data."""
	return Handler(
		(
			StaffTask(
				"fulfil",
				f"Fulfil {service_title} for this customer, attach the documents to the order, then close this task.",
				title=f"Fulfil {service_title}",
			),
		)
	)


def backoff_minutes(attempt: int, base: int) -> int:
	"""Minutes to wait before retrying after the given failed attempt: base, 2·base, 4·base ..."""
	return base * 2 ** max(attempt - 1, 0)
