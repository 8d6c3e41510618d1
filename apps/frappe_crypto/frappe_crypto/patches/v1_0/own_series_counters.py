"""Treasury Job, Crypto Payout and Bank Deposit were named `format:CTJ-{YYYY}-{#####}` and the like,
and Frappe counts a `{#####}` under one empty series key shared by every such DocType. They are now
naming series (`CTJ-.YYYY.-.#####`) with a counter of their own, which on an existing site starts at
zero below the numbers already used: start each counter after the highest number in use under its
prefix."""

import re

import frappe

DOCTYPES = ("Treasury Job", "Crypto Payout", "Bank Deposit")


def execute() -> None:
	highest: dict[str, int] = {}
	for doctype in DOCTYPES:
		for name in frappe.get_all(doctype, pluck="name"):
			if match := re.fullmatch(r"(.*-)(\d+)", name):
				prefix, number = match.group(1), int(match.group(2))
				highest[prefix] = max(highest.get(prefix, 0), number)
	for prefix, number in highest.items():
		# nosemgrep: frappe-using-db-sql -- tabSeries is no DocType; an upsert that never lowers a counter
		frappe.db.sql(
			"insert into `tabSeries` (name, current) values (%s, %s)"
			" on duplicate key update current = greatest(current, values(current))",
			(prefix, number),
		)
