"""A frozen clock for Frappe tests. Frappe keeps a template of each new document per process, with the
"Today" defaults it was first made with (a Sales Invoice's posting date, an order's date), so freezing
the clock alone leaks a frozen date into later tests (or today's into the frozen block): the templates
are dropped on the way in and on the way out."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

import frappe
from freezegun import freeze_time


@contextmanager
def frozen(moment: str | date | datetime, tick: bool = True) -> Iterator[None]:
	frappe.local.new_doc_templates = {}
	try:
		with freeze_time(moment, tick=tick):
			yield
	finally:
		frappe.local.new_doc_templates = {}
