# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from pw_compliance.calendar.entries import ENTRY
from pw_compliance.calendar.transitions import OPEN


def execute(filters: dict | None = None) -> tuple[list, list, None, dict]:
	"""Open entries due within the next N days (30, 60 or 90), and every overdue entry."""
	filters = frappe._dict(filters or {})
	today = getdate(nowdate())
	days = int(filters.get("days") or 30)
	conditions = {"status": ("in", OPEN), "due_date": ("<=", add_days(today, days))}
	if filters.get("customer"):
		conditions["customer"] = filters.customer
	rows = frappe.get_all(
		ENTRY,
		filters=conditions,
		fields=[
			"name",
			"customer",
			"title",
			"period",
			"due_date",
			"status",
			"billable",
			"sales_invoice",
			"todo",
			"source",
		],
		order_by="due_date asc",
	)
	for row in rows:
		row.days_left = (getdate(row.due_date) - today).days
	overdue = sum(row.status == "Overdue" for row in rows)
	chart = {
		"data": {
			"labels": [_("Overdue"), _("Due in {0} days").format(days)],
			"datasets": [{"values": [overdue, len(rows) - overdue]}],
		},
		"type": "bar",
		"colors": ["#e24c4c"],
	}
	return columns(), rows, None, chart


def columns() -> list[dict]:
	return [
		{"fieldname": "name", "label": _("Entry"), "fieldtype": "Link", "options": ENTRY, "width": 110},
		{
			"fieldname": "customer",
			"label": _("Carrier"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 180,
		},
		{"fieldname": "title", "label": _("Obligation"), "fieldtype": "Data", "width": 220},
		{"fieldname": "period", "label": _("Period"), "fieldtype": "Data", "width": 90},
		{"fieldname": "due_date", "label": _("Due"), "fieldtype": "Date", "width": 100},
		{"fieldname": "days_left", "label": _("Days Left"), "fieldtype": "Int", "width": 80},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 100},
		{
			"fieldname": "sales_invoice",
			"label": _("Invoice"),
			"fieldtype": "Link",
			"options": "Sales Invoice",
			"width": 150,
		},
		{"fieldname": "todo", "label": _("Staff Task"), "fieldtype": "Link", "options": "ToDo", "width": 110},
		{"fieldname": "source", "label": _("Source"), "fieldtype": "Data", "width": 200},
	]
