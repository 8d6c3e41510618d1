"""Live portal pages: each portal user of the customer hears of a change to one of its orders through
Frappe's realtime (socket.io), after the change is committed; the open order page then redraws itself
from the server (www/portal/order.html)."""

import frappe

ORDER_CHANGED = "pw_order_changed"


def order_changed(order_name: str, customer: str | None) -> None:
	if not customer:
		return
	users = frappe.get_all(
		"Portal User", filters={"parenttype": "Customer", "parent": customer}, pluck="user"
	)
	for user in users:
		frappe.publish_realtime(ORDER_CHANGED, {"order": order_name}, user=user, after_commit=True)
