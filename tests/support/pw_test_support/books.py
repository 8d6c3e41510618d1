"""Accounting set-up the Frappe tests share."""

import frappe


def fiscal_year(year: int) -> None:
	"""ERPNext's Fiscal Year `year` (calendar year), made if the site has none: a test that invoices on a
	frozen day needs that day's fiscal year (a site made later has only its own)."""
	if not frappe.db.exists("Fiscal Year", str(year)):
		frappe.get_doc(
			{
				"doctype": "Fiscal Year",
				"year": str(year),
				"year_start_date": f"{year}-01-01",
				"year_end_date": f"{year}-12-31",
			}
		).insert(ignore_permissions=True)
