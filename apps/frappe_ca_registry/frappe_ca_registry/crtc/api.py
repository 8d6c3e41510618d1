"""Whitelisted methods of the CRTC client selection page (/portal/crtc-selection/<order>): the numbers of
a rate centre, a domain's availability and price, and the submission (re-checked; HTTP 422 with
{"errors": {field: message}} and nothing written when a choice is taken)."""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from performancewest_erpnext.pw_portal.permissions import require_customer

from frappe_ca_registry.crtc import selection


def _own_order(order: str) -> None:
	customer = require_customer()
	if not order or frappe.db.get_value("Service Order", order, "customer") != customer:
		raise frappe.DoesNotExistError(_("No order {0} on your account.").format(order))


@frappe.whitelist(methods=["GET"])
@rate_limit(limit=60, seconds=60)
def numbers(order: str, rate_center: str) -> list[dict]:
	_own_order(order)
	return selection.numbers(str(rate_center or ""))


@frappe.whitelist(methods=["GET"])
@rate_limit(limit=60, seconds=60)
def domain(order: str, name: str) -> dict:
	_own_order(order)
	return selection.domain_quote(name)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60)
def submit(order: str, data: str | dict | None = None) -> dict:
	_own_order(order)
	if isinstance(data, str):
		try:
			data = frappe.parse_json(data)
		except ValueError:
			data = None
	if not isinstance(data, dict):
		frappe.throw(_("Send the selection as a JSON object."))
	errors = selection.submit(order, data)
	if errors:
		frappe.local.response.http_status_code = 422
		return {"errors": errors}
	return {"ok": True}
