"""What Frappe's database API does not return: how many rows the last UPDATE changed (for this app and the
apps built on it; frappe_crypto stands alone and reads its cursor itself)."""

import frappe


def rows_changed() -> int:
	"""Rows the last statement on this connection changed. A conditional UPDATE ("set x = new where
	x = old") is how a race is claimed: 0 rows means another request or job got there first."""
	return frappe.db._cursor.rowcount
