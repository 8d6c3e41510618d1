"""Live portal pages (pw_portal/live.py): a change of an order reaches every portal user of its customer, and
nobody else, through Frappe's realtime after the change is committed. The browser test
tests/browser/test_realtime.py follows it to an open order page."""

from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from performancewest_erpnext.pw_orders.customers import add_portal_user, ensure_portal_customer
from performancewest_erpnext.pw_portal import live

RUN = frappe.generate_hash(length=6).lower()


class TestPortalLive(FrappeTestCase):
	def test_an_order_change_reaches_each_portal_user_of_its_customer_after_commit(self):
		customer = ensure_portal_customer(f"Live Test {RUN}", f"live-{RUN}@example.com", "Liv Tester")
		add_portal_user(customer, f"live-colleague-{RUN}@example.com", "Col League")
		ensure_portal_customer(f"Live Other {RUN}", f"live-other-{RUN}@example.com", "Otto Other")

		with patch.object(frappe, "publish_realtime") as publish:
			live.order_changed("PWO-LIVE-1", customer)
			live.order_changed("PWO-LIVE-2", None)  # an order without a customer reaches nobody

		self.assertCountEqual(
			[call.kwargs["user"] for call in publish.call_args_list],
			[f"live-{RUN}@example.com", f"live-colleague-{RUN}@example.com"],
		)
		for call in publish.call_args_list:
			self.assertEqual(call.args, (live.ORDER_CHANGED, {"order": "PWO-LIVE-1"}))
			self.assertTrue(call.kwargs["after_commit"])
