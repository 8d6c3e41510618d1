"""Data patches of frappe_crypto on a site that already has records."""

import frappe
from frappe.tests.utils import FrappeTestCase

from frappe_crypto.patches.v1_0 import own_series_counters


def new(doctype: str) -> str:
	values = (
		{"purpose": "Sweep", "coin": "LTC", "destination": "ltc1test"} if doctype == "Crypto Payout" else {}
	)
	return frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True).name


class TestOwnSeriesCounters(FrappeTestCase):
	def test_each_counter_starts_after_the_highest_number_in_use(self):
		for doctype in own_series_counters.DOCTYPES:
			with self.subTest(doctype=doctype):
				first = new(doctype)
				prefix, number = first[:-5], int(first[-5:])
				# a site numbered by the old shared counter: the new counter is missing, or behind
				frappe.db.sql("delete from `tabSeries` where name = %s", prefix)
				own_series_counters.execute()
				self.assertEqual(new(doctype), f"{prefix}{number + 1:05d}")
				frappe.db.sql("update `tabSeries` set current = 0 where name = %s", prefix)
				own_series_counters.execute()
				self.assertEqual(new(doctype), f"{prefix}{number + 2:05d}")
				# with the counter already ahead the patch never moves it back
				frappe.db.sql("update `tabSeries` set current = %s where name = %s", (number + 10, prefix))
				own_series_counters.execute()
				self.assertEqual(new(doctype), f"{prefix}{number + 11:05d}")
