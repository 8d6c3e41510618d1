"""The crypto ledger with its chain status: every row (filtered), whether the whole chain verifies,
and the rows where it breaks."""

import frappe
from frappe import _

from frappe_crypto.ledger import ledger


def execute(filters=None):
	filters = frappe._dict(filters or {})
	report = ledger.verify()
	broken = {b.name: b.problem for b in report.breaks}
	conditions = {
		field: filters[field]
		for field in ("coin", "account", "entry_type", "treasury_job", "crypto_invoice")
		if filters.get(field)
	}
	if filters.get("from_date") and filters.get("to_date"):
		conditions["posting_datetime"] = (
			"between",
			[filters.from_date, f"{filters.to_date} 23:59:59.999999"],
		)
	columns = get_columns()
	rows = frappe.get_all(
		ledger.DOCTYPE,
		filters=conditions,
		fields=[c["fieldname"] for c in columns if c["fieldname"] != "chain"],
		order_by="seq asc",
		limit_page_length=0,
	)
	for row in rows:
		row["chain"] = broken.get(row.name) or _("ok")
		row["row_hash"] = (row.row_hash or "")[:16]
	guard = ledger.guard_installed()
	summary = [
		{
			"value": _("Intact") if report.ok else _("{0} breaks").format(len(report.breaks)),
			"label": _("Hash chain"),
			"indicator": "Green" if report.ok else "Red",
			"datatype": "Data",
		},
		{"value": report.rows, "label": _("Rows"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": _("On") if guard else _("Off"),
			"label": _("Database guard"),
			"indicator": "Green" if guard else "Red",
			"datatype": "Data",
		},
		{"value": report.head_hash[:16], "label": _("Head hash"), "datatype": "Data", "indicator": "Grey"},
	]
	message = None
	if not report.ok:
		message = "<br>".join(
			frappe.utils.escape_html(f"#{b.seq} {b.name}: {b.problem}") for b in report.breaks[:50]
		)
	return columns, rows, message, None, summary


def get_columns() -> list[dict]:
	return [
		{"fieldname": "seq", "label": _("#"), "fieldtype": "Int", "width": 60},
		{
			"fieldname": "name",
			"label": _("Entry"),
			"fieldtype": "Link",
			"options": ledger.DOCTYPE,
			"width": 120,
		},
		{"fieldname": "posting_datetime", "label": _("Posted"), "fieldtype": "Datetime", "width": 160},
		{"fieldname": "entry_type", "label": _("Movement"), "fieldtype": "Data", "width": 110},
		{"fieldname": "coin", "label": _("Coin"), "fieldtype": "Data", "width": 70},
		{"fieldname": "account", "label": _("Account"), "fieldtype": "Data", "width": 110},
		{"fieldname": "counter_account", "label": _("Counter Account"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "amount_crypto",
			"label": _("Amount"),
			"fieldtype": "Float",
			"precision": 8,
			"width": 120,
		},
		{"fieldname": "amount_fiat", "label": _("Fiat"), "fieldtype": "Currency", "width": 100},
		{"fieldname": "rate", "label": _("Rate"), "fieldtype": "Float", "precision": 2, "width": 100},
		{
			"fieldname": "balance_after",
			"label": _("Balance After"),
			"fieldtype": "Float",
			"precision": 8,
			"width": 120,
		},
		{"fieldname": "txid", "label": _("Transaction"), "fieldtype": "Data", "width": 140},
		{"fieldname": "bank_reference", "label": _("Bank Reference"), "fieldtype": "Data", "width": 120},
		{
			"fieldname": "treasury_job",
			"label": _("Job"),
			"fieldtype": "Link",
			"options": "Treasury Job",
			"width": 120,
		},
		{
			"fieldname": "crypto_invoice",
			"label": _("Crypto Invoice"),
			"fieldtype": "Link",
			"options": "Crypto Invoice",
			"width": 140,
		},
		{
			"fieldname": "reverses",
			"label": _("Reverses"),
			"fieldtype": "Link",
			"options": ledger.DOCTYPE,
			"width": 110,
		},
		{"fieldname": "row_hash", "label": _("Hash"), "fieldtype": "Data", "width": 140},
		{"fieldname": "chain", "label": _("Chain"), "fieldtype": "Data", "width": 220},
	]
