# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import getdate

from pw_compliance.jurisdictions import dataset
from pw_compliance.jurisdictions.records import ENTITY_RULE, stale_before

FEE_LABELS = {
	"formation_fee": "Formation Fee",
	"foreign_qualification_fee": "Foreign Qualification Fee",
	"report_fee": "Report Fee",
}


def execute(filters: dict | None = None) -> tuple[list, list, str | None]:
	filters = frappe._dict(filters or {})
	conditions = {}
	for field in ("jurisdiction", "entity_type", "confidence"):
		if filters.get(field):
			conditions[field] = filters[field]
	if filters.get("stale_only"):
		conditions["checked_on"] = ("<", stale_before())
	rows = frappe.get_all(
		ENTITY_RULE,
		filters=conditions,
		fields=[
			"jurisdiction", "entity_type", "report_name", "rule_text", "report_fee", "late_fee",
			"franchise_tax", "currency", "confidence", "source_url", "checked_on", "formation_fee",
			"foreign_qualification_fee", "no_report", *dataset.FEE_SOURCE_FIELDS,
		],
		order_by="jurisdiction asc, entity_type asc",
	)  # fmt: skip
	cutoff = stale_before()
	for row in rows:
		row.stale = getdate(row.checked_on) < cutoff
		for fee in dataset.FEE_KEYS:
			applies = not (fee == "report_fee" and row.no_report)  # no report: no report fee to confirm
			row[f"{fee}_confirmed"] = dataset.fee_confirmed(row, fee) if applies else None
		row.fees_to_confirm = ", ".join(
			_(FEE_LABELS[fee]) for fee in dataset.FEE_KEYS if row[f"{fee}_confirmed"] is False
		)
		row.franchise_tax = frappe.parse_json(row.franchise_tax).get("name") if row.franchise_tax else ""
	stale = sum(row.stale for row in rows)
	message = (
		_("{0} rows were not checked against their source in the last 12 months.").format(stale)
		if stale
		else None
	)
	return columns(), rows, message


def columns() -> list[dict]:
	return [
		{
			"fieldname": "jurisdiction",
			"label": _("State"),
			"fieldtype": "Link",
			"options": "Jurisdiction",
			"width": 80,
		},
		{"fieldname": "entity_type", "label": _("Entity Type"), "fieldtype": "Data", "width": 100},
		{"fieldname": "report_name", "label": _("Report"), "fieldtype": "Data", "width": 160},
		{"fieldname": "rule_text", "label": _("Due Rule"), "fieldtype": "Data", "width": 320},
		{
			"fieldname": "report_fee",
			"label": _("Fee"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 90,
		},
		{
			"fieldname": "late_fee",
			"label": _("Late Fee"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 90,
		},
		{
			"fieldname": "report_fee_confirmed",
			"label": _("Report Fee Confirmed"),
			"fieldtype": "Check",
			"width": 80,
		},
		{
			"fieldname": "formation_fee",
			"label": _("Formation Fee"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 90,
		},
		{
			"fieldname": "formation_fee_confirmed",
			"label": _("Formation Fee Confirmed"),
			"fieldtype": "Check",
			"width": 80,
		},
		{
			"fieldname": "foreign_qualification_fee",
			"label": _("Foreign Qualification Fee"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 90,
		},
		{
			"fieldname": "foreign_qualification_fee_confirmed",
			"label": _("Foreign Qualification Fee Confirmed"),
			"fieldtype": "Check",
			"width": 80,
		},
		{"fieldname": "fees_to_confirm", "label": _("Fees To Confirm"), "fieldtype": "Data", "width": 200},
		{"fieldname": "franchise_tax", "label": _("Franchise Tax"), "fieldtype": "Data", "width": 140},
		{"fieldname": "confidence", "label": _("Confidence"), "fieldtype": "Data", "width": 100},
		{
			"fieldname": "source_url",
			"label": _("Source"),
			"fieldtype": "Data",
			"options": "URL",
			"width": 200,
		},
		{"fieldname": "checked_on", "label": _("Checked On"), "fieldtype": "Date", "width": 100},
		{"fieldname": "stale", "label": _("Re-check"), "fieldtype": "Check", "width": 80},
		{"fieldname": "currency", "label": _("Currency"), "fieldtype": "Data", "hidden": 1},
	]
