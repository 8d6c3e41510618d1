"""Web analytics without a third-party tracker: Frappe's own Web Page Views (Website Settings' view
tracking, switched on by a patch) and the funnel from a visit to a paid order (report Order Funnel).
Apps add their steps through the `pw_funnel_steps` hook: fn(from_date, to_date) -> [{"step", "count",
"order"}] (pw_compliance: addresses that ran the FCC check)."""

from typing import Any

import frappe
from frappe import _
from frappe.utils import add_days, getdate

# Public pages by the first part of their path
PAGES = {"order": "Order pages", "checkout": "Checkout", "tools/fcc-compliance-check": "FCC compliance check"}


def page_visitors(from_date: Any, to_date: Any) -> dict[str, int]:
	"""Visitors of the public pages in the period, by page: Web Page Views counted once per visitor id
	(Frappe's website script sends one), a view without one as a visitor of its own. Views would count a
	visitor reloading checkout three times as three, and a step could pass the one before."""
	start, end = getdate(from_date), add_days(getdate(to_date), 1)
	values: dict[str, Any] = {"start": start, "end": end}
	columns = []
	for i, prefix in enumerate(PAGES):  # one scan of the period's views, a column per page
		values[f"p{i}"], values[f"u{i}"] = prefix, f"{prefix}/%"
		columns.append(
			f"count(distinct case when path = %(p{i})s or path like %(u{i})s "
			"then coalesce(nullif(visitor_id, ''), name) end)"
		)
	# nosemgrep: frappe-using-db-sql -- counts over a period and path prefixes (trim, like)
	row = frappe.db.sql(
		f"""select {", ".join(columns)} from (
			select trim(leading '/' from path) as path, visitor_id, name from `tabWeb Page View`
			where creation >= %(start)s and creation < %(end)s) views""",
		values,
	)[0]
	return dict(zip(PAGES, (int(n or 0) for n in row), strict=True))


def funnel(from_date: Any, to_date: Any) -> list[dict]:
	"""The steps in order, each with its count and its share of the step before (over 100% where more
	reached a step than the one before: visitors also come to an order page without the FCC check)."""
	start, end = getdate(from_date), add_days(getdate(to_date), 1)
	visitors = page_visitors(from_date, to_date)
	steps = [
		{
			"step": _("Visited the FCC compliance check"),
			"count": visitors["tools/fcc-compliance-check"],
			"order": 10,
		},
		{"step": _("Visited an order page"), "count": visitors["order"], "order": 30},
		{"step": _("Visited checkout"), "count": visitors["checkout"], "order": 50},
	]
	# nosemgrep: frappe-using-db-sql -- counts over a period and path prefixes (trim, like)
	placed = frappe.db.sql(
		"""select count(*), sum(paid_on is not null) from `tabService Order`
		where creation >= %(start)s and creation < %(end)s and ifnull(sales_order, '') != ''""",
		{"start": start, "end": end},
	)[0]
	steps.append({"step": _("Orders placed"), "count": int(placed[0] or 0), "order": 40})
	steps.append({"step": _("Orders paid"), "count": int(placed[1] or 0), "order": 60})
	for fn in frappe.get_hooks("pw_funnel_steps"):
		steps.extend(frappe.get_attr(fn)(start, getdate(to_date)) or [])
	steps.sort(key=lambda s: s["order"])
	previous = None
	for step in steps:
		step["conversion"] = round(100.0 * step["count"] / previous, 1) if previous else None
		previous = step["count"] or None
	return steps
