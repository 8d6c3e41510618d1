"""A frozen clock for Frappe tests. Frappe keeps a template of each new document per process, with the
"Today" defaults it was first made with (a Sales Invoice's posting date, an order's date), so freezing
the clock alone leaks a frozen date into later tests (or today's into the frozen block): the templates
are dropped on the way in, on every move and on the way out.

	with frozen("2026-11-27 15:00:00") as clock:  # the whole test runs on the frozen clock
		...
		clock.move_to("2026-12-01 09:00:00")
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

import frappe
from freezegun import freeze_time


class Clock:
	"""The frozen clock of a `frozen` block; `move_to` sets it to another moment (ticking on from there
	when the block ticks)."""

	def __init__(self, moment: str | date | datetime, tick: bool) -> None:
		self._tick = tick
		self._freezer = freeze_time(moment, tick=tick)
		self._freezer.start()

	def move_to(self, moment: str | date | datetime) -> None:
		frappe.local.new_doc_templates = {}
		self._freezer.stop()
		self._freezer = freeze_time(moment, tick=self._tick)
		self._freezer.start()

	def stop(self) -> None:
		self._freezer.stop()


@contextmanager
def frozen(moment: str | date | datetime, tick: bool = True) -> Iterator[Clock]:
	frappe.local.new_doc_templates = {}
	clock = Clock(moment, tick)
	try:
		yield clock
	finally:
		clock.stop()
		frappe.local.new_doc_templates = {}
