"""The Order Funnel report: visitors of the public pages (Frappe's Web Page Views, once per visitor id),
addresses that ran the FCC check, orders placed and paid, each step with its share of the one before
(counted as the difference the test's records make, in a frozen period)."""

import frappe
from frappe.tests.utils import FrappeTestCase

from performancewest_erpnext.pw_business.report.order_funnel.order_funnel import execute
from performancewest_erpnext.pw_orders import orders
from performancewest_erpnext.pw_orders.customers import new_customer
from performancewest_erpnext.tests.test_commissions import frozen

DAY = "2026-09-14"


def counts() -> dict[str, int]:
	_columns, rows, _message, chart = execute({"from_date": DAY, "to_date": DAY})
	assert chart["data"]["labels"] == [r["step"] for r in rows]
	return {r["step"]: r["count"] for r in rows}


class TestOrderFunnel(FrappeTestCase):
	def test_the_funnel_counts_each_step_of_the_period(self):
		before = counts()
		with frozen(f"{DAY} 15:00:00"):
			visitor = frappe.generate_hash(length=12)
			for path, visitor_id in (
				("tools/fcc-compliance-check", None),  # no visitor id: a visitor of its own
				("tools/fcc-compliance-check", None),
				("order/fcc-compliance", visitor),
				("order/fcc-compliance?services=rmd", visitor),  # the same visitor again: counted once
				("/checkout", visitor),
				("/checkout", visitor),
			):
				frappe.get_doc({"doctype": "Web Page View", "path": path, "visitor_id": visitor_id}).insert(
					ignore_permissions=True
				)
			frappe.get_doc({"doctype": "Web Page View", "path": "portal"}).insert(ignore_permissions=True)
			customer = new_customer(f"Funnel {frappe.generate_hash(length=6)}")
			paid = orders.place_order([{"service": "rmd-filing"}], customer, "Manual")
			orders.place_order([{"service": "cpni-certification", "variant": "clec"}], customer, "Card")
			orders.payment_received(paid.name, DAY, "test")
			if frappe.db.exists("DocType", "FCC Compliance Check Log"):
				for frn in ("0012345678", "0087654321"):  # one address checking two FRNs: one step
					frappe.get_doc(
						{
							"doctype": "FCC Compliance Check Log",
							"frn": frn,
							"checked_at": f"{DAY} 15:00:00",
							"ip_hash": f"funnel-{visitor}",
						}
					).insert(ignore_permissions=True)
		after = counts()
		delta = {step: after[step] - before.get(step, 0) for step in after}
		self.assertEqual(delta["Visited the FCC compliance check"], 2)
		self.assertEqual(delta["Visited an order page"], 1)
		self.assertEqual(delta["Visited checkout"], 1)
		self.assertEqual((delta["Orders placed"], delta["Orders paid"]), (2, 1))
		if "Ran the FCC check" in after:  # pw_compliance's step, second in the funnel
			self.assertEqual(delta["Ran the FCC check"], 1)
			self.assertEqual(list(after)[:2], ["Visited the FCC compliance check", "Ran the FCC check"])
		_columns, rows, _message, _chart = execute({"from_date": DAY, "to_date": DAY})
		paid_row = next(r for r in rows if r["step"] == "Orders paid")
		self.assertEqual(
			paid_row["conversion"], round(100.0 * after["Orders paid"] / after["Visited checkout"], 1)
		)
		self.assertRaises(frappe.ValidationError, execute, {"from_date": DAY, "to_date": "2026-09-01"})
