"""The FCC check's step of performancewest_erpnext's Order Funnel report (hook `pw_funnel_steps`)."""

from datetime import date

import frappe
from frappe import _
from frappe.utils import add_days


def steps(start: date, end: date) -> list[dict]:
	count = frappe.db.count(
		"FCC Compliance Check Log", [["checked_at", ">=", start], ["checked_at", "<", add_days(end, 1)]]
	)
	return [{"step": _("FCC checks run"), "count": count, "order": 20}]
