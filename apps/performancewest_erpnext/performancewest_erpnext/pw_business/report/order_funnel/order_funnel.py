"""Order Funnel: from a visit to the FCC check or an order page, to an order placed, to an order paid,
in a period (pw_business.analytics)."""

import frappe
from frappe import _
from frappe.utils import getdate

from performancewest_erpnext.pw_business.analytics import funnel


def execute(filters: dict | None = None) -> tuple:
	filters = frappe._dict(filters or {})
	if not filters.from_date or not filters.to_date:
		frappe.throw(_("Choose the period (From Date and To Date)."))
	if getdate(filters.from_date) > getdate(filters.to_date):
		frappe.throw(_("From Date must be before To Date."))
	rows = funnel(filters.from_date, filters.to_date)
	columns = [
		{"fieldname": "step", "label": _("Step"), "fieldtype": "Data", "width": 280},
		{"fieldname": "count", "label": _("Count"), "fieldtype": "Int", "width": 100},
		{"fieldname": "conversion", "label": _("% of the step before"), "fieldtype": "Percent", "width": 160},
	]
	chart = {
		"data": {
			"labels": [r["step"] for r in rows],
			"datasets": [{"name": _("Count"), "values": [r["count"] for r in rows]}],
		},
		"type": "bar",
	}
	return columns, rows, None, chart
