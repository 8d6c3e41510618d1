"""Whitelisted methods of the FCC filing intake: the portal form's submission."""

import frappe
from frappe import _
from performancewest_erpnext.pw_portal.permissions import require_customer

from pw_compliance.fulfilment import filings


def _own_order(order: str) -> str:
	customer = require_customer()
	if not order or frappe.db.get_value("Service Order", order, "customer") != customer:
		raise frappe.DoesNotExistError(_("No order {0} on your account.").format(order))
	return customer


@frappe.whitelist(methods=["POST"])
def submit_intake(order: str, answers: str | dict | None = None) -> dict:
	"""The customer's answers for the order's filings: {"ok": true}, or HTTP 422 with
	{"errors": {fact: message}} and nothing written."""
	_own_order(order)
	if isinstance(answers, str):
		try:
			answers = frappe.parse_json(answers)
		except ValueError:
			answers = None
	if not isinstance(answers, dict):
		frappe.throw(_("Send the answers as a JSON object."))
	errors = filings.submit_intake(order, answers, frappe.session.user)
	if errors:
		frappe.local.response.http_status_code = 422
		return {"errors": {key: _(message) for key, message in errors.items()}}
	return {"ok": True}
