"""Whitelisted endpoints of the customer portal."""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from performancewest_erpnext.pw_portal.permissions import require_customer

ESIGN = "eSign Request"


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=60, seconds=60 * 60)
def sign(request: str) -> None:
	"""Open the signing page for one of the customer's signature requests addressed to this user: a
	fresh single-use link is made (the e-mailed one stops working) and the browser is sent to it. It
	changes state, so POST only (the portal's "Sign now" is a form with the CSRF token)."""
	customer = require_customer()
	row = None
	if isinstance(request, str) and frappe.db.exists("DocType", ESIGN):
		row = frappe.db.get_value(
			ESIGN, {"name": request, "customer": customer}, ["name", "status", "signer_email"], as_dict=True
		)
	if not row:
		raise frappe.DoesNotExistError(_("No such signature request on your account."))
	email = frappe.db.get_value("User", frappe.session.user, "email") or frappe.session.user
	if (row.signer_email or "").lower() != email.lower():
		raise frappe.PermissionError(_("This signature request is for someone else."))
	if row.status != "Sent":
		frappe.throw(_("This signature request is {0}.").format(_(row.status)), title=_("Nothing to sign"))
	from performancewest_erpnext.pw_documents import esign

	frappe.local.response["type"] = "redirect"
	frappe.local.response["location"] = esign.link_for(row.name)
	frappe.local.response["http_status_code"] = 302


# ---------- Frappe's counting methods, with permissions ----------
# (override_whitelisted_methods) Frappe 15's `frappe.client.get_count` counts the rows of any DocType
# matching any filters for any logged-in user, and `frappe.desk.listview.get_group_by_count` does the
# same for assignments: an oracle a customer could use to read another's records a bit at a time.


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug: bool = False, cache: bool = False) -> int:
	"""`frappe.client.get_count`, counting only the rows the user may read."""
	from frappe.utils import get_safe_filters

	if not isinstance(doctype, str) or not frappe.db.exists("DocType", doctype):
		raise frappe.DoesNotExistError(_("No DocType {0}.").format(doctype))
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=[f"count(`tab{doctype}`.`name`) as total"],
		order_by=None,
		limit_page_length=0,
	)
	return rows[0].total if rows else 0


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""`frappe.desk.listview.get_group_by_count` for users who may read the DocType; assignments
	(staff business) only for desk users beyond the portal's limits."""
	from frappe.desk.listview import get_group_by_count as frappe_group_by_count
	from frappe.utils.user import is_website_user

	from performancewest_erpnext.pw_portal.permissions import restricted

	if not (frappe.has_permission(doctype, "select") or frappe.has_permission(doctype, "read")):
		raise frappe.PermissionError(_("No permission to read {0}").format(_(doctype)))
	if field == "assigned_to" and (is_website_user() or restricted(frappe.session.user, doctype)):
		return []
	return frappe_group_by_count(doctype, current_filters, field)
