"""The FCC check's step of performancewest_erpnext's Order Funnel report (hook `pw_funnel_steps`)."""

from datetime import date

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce, Count, NullIf
from frappe.utils import add_days


def steps(start: date, end: date) -> list[dict]:
	"""Who ran the check in the period: once per address (the log keeps its hash, not the address), as
	the funnel's page steps count visitors, not views."""
	log = frappe.qb.DocType("FCC Compliance Check Log")
	count = (
		frappe.qb.from_(log)
		.select(Count(Coalesce(NullIf(log.ip_hash, ""), log.name)).distinct())
		.where((log.checked_at >= start) & (log.checked_at < add_days(end, 1)))
	).run()[0][0]
	return [{"step": _("Ran the FCC check"), "count": count, "order": 20}]
