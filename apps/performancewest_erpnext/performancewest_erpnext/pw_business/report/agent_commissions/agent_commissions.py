"""Agent Commissions: per agent and period (the day each record was made), what was earned, cancelled,
clawed back and paid."""

import frappe
from frappe import _
from frappe.utils import getdate


def execute(filters: dict | None = None) -> tuple:
	filters = frappe._dict(filters or {})
	conditions = {}
	if filters.sales_partner:
		conditions["sales_partner"] = filters.sales_partner
	if filters.from_date and filters.to_date:
		if getdate(filters.from_date) > getdate(filters.to_date):
			frappe.throw(_("From Date must be before To Date."))
		conditions["posting_date"] = ("between", [filters.from_date, filters.to_date])
	elif filters.from_date:
		conditions["posting_date"] = (">=", filters.from_date)
	elif filters.to_date:
		conditions["posting_date"] = ("<=", filters.to_date)
	rows = frappe.get_list(
		"Agent Commission",
		filters=conditions,
		fields=[
			"sales_partner",
			"posting_date",
			"kind",
			"status",
			"service_order",
			"customer",
			"base_amount",
			"commission_amount",
			"payout",
			"reason",
		],
		order_by="sales_partner, posting_date, name",
	)
	columns = [
		{
			"fieldname": "sales_partner",
			"label": _("Agent"),
			"fieldtype": "Link",
			"options": "Sales Partner",
			"width": 160,
		},
		{"fieldname": "posting_date", "label": _("Made On"), "fieldtype": "Date", "width": 100},
		{"fieldname": "kind", "label": _("Kind"), "fieldtype": "Data", "width": 100},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 90},
		{
			"fieldname": "service_order",
			"label": _("Order"),
			"fieldtype": "Link",
			"options": "Service Order",
			"width": 140,
		},
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 160,
		},
		{"fieldname": "base_amount", "label": _("Commissionable"), "fieldtype": "Currency", "width": 120},
		{"fieldname": "commission_amount", "label": _("Commission"), "fieldtype": "Currency", "width": 110},
		{
			"fieldname": "payout",
			"label": _("Payout"),
			"fieldtype": "Link",
			"options": "Agent Payout",
			"width": 120,
		},
		{"fieldname": "reason", "label": _("Reason"), "fieldtype": "Data", "width": 240},
	]
	counted = [r for r in rows if r.status != "Cancelled"]
	summary = [
		{
			"label": _("Earned"),
			"value": sum(r.commission_amount for r in counted if r.kind == "Commission"),
			"datatype": "Currency",
		},
		{
			"label": _("Clawed Back"),
			"value": sum(r.commission_amount for r in counted if r.kind == "Clawback"),
			"datatype": "Currency",
		},
		{
			"label": _("Paid"),
			"value": sum(r.commission_amount for r in counted if r.status == "Paid"),
			"datatype": "Currency",
		},
		{
			"label": _("Payable"),
			"value": sum(r.commission_amount for r in counted if r.status == "Payable"),
			"datatype": "Currency",
		},
	]
	return columns, rows, None, None, summary
