"""Service Order, Identity Verification and Filing Card Top-up were named `format:PWO-{YYYY}-{#####}`
and the like, and Frappe counts a `{#####}` on its own under one empty series key shared by every such
DocType, so their numbers jumped. They are now naming series (`PWO-.YYYY.-.#####`) with a counter of
their own: start each counter after the highest number already used under its prefix."""

import re

import frappe

DOCTYPES = ("Service Order", "Identity Verification", "Filing Card Top-up")


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
