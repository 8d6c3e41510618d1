"""Treasury balances per coin and account (from the ledger), and what the open treasury jobs hold
per stage."""

import frappe
from frappe import _

from frappe_crypto.ledger import chain, ledger

STAGES = ("received", "sizing", "offramping", "funds_at_relay", "failed", "manual")


def execute(filters=None):
	report = ledger.verify()
	jobs = frappe.get_all(
		"Treasury Job",
		filters={"status": ("!=", "settled")},
		fields=[
			"coin",
			"status",
			"count(*) as n",
			"sum(received_fiat) as fiat",
			"sum(offramp_fiat) as offramp",
		],
		group_by="coin, status",
	)
	rows = []
	for (account, coin), amount in sorted(report.balances.items()):
		if account not in chain.HELD_ACCOUNTS and not amount:
			continue
		rows.append(
			{
				"kind": _("Balance"),
				"coin": coin,
				"name": account,
				"amount": float(amount),
				"held": account in chain.HELD_ACCOUNTS,
			}
		)
	for row in sorted(
		jobs, key=lambda r: (r.coin or "", STAGES.index(r.status) if r.status in STAGES else 99)
	):
		rows.append(
			{
				"kind": _("Jobs"),
				"coin": row.coin,
				"name": row.status,
				"jobs": row.n,
				"fiat": row.fiat,
				"offramp": row.offramp,
			}
		)
	columns = [
		{"fieldname": "kind", "label": _("What"), "fieldtype": "Data", "width": 90},
		{"fieldname": "coin", "label": _("Coin"), "fieldtype": "Data", "width": 80},
		{"fieldname": "name", "label": _("Account / Stage"), "fieldtype": "Data", "width": 150},
		{"fieldname": "amount", "label": _("Balance"), "fieldtype": "Float", "precision": 8, "width": 150},
		{"fieldname": "jobs", "label": _("Jobs"), "fieldtype": "Int", "width": 70},
		{"fieldname": "fiat", "label": _("Received (fiat)"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "offramp", "label": _("To Off-ramp"), "fieldtype": "Currency", "width": 130},
	]
	summary = [
		{
			"value": _("Intact") if report.ok else _("{0} breaks").format(len(report.breaks)),
			"label": _("Ledger chain"),
			"indicator": "Green" if report.ok else "Red",
			"datatype": "Data",
		}
	]
	return columns, rows, None, None, summary
