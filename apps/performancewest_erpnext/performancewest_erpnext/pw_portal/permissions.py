"""Who may see what in the customer portal.

A customer's portal user (role Carrier Customer) reads only its own Customer's records. Which DocTypes
the portal exposes, and through which field they belong to a customer, is declared by each app in its
hooks.py (the apps depending on this one add theirs):

	pw_portal_doctypes = {"Service Order": "customer", "Carrier Profile": "customer"}

Three Frappe hooks enforce it, wired once for every DocType (`"*"`) and inert for the others:
`has_permission` denies another customer's document, `permission_query_conditions` limits every list,
count, report and link search to the user's customer (child tables of exposed DocTypes included), and
`has_website_permission` opens a customer's own documents to web views (print view). Users holding a
role that grants read beyond the portal roles (staff) are not restricted: they see what their role allows.
"""

from typing import Any
from urllib.parse import unquote, urlencode

import frappe
from frappe import _
from frappe.permissions import AUTOMATIC_ROLES
from frappe.utils.caching import request_cache

from performancewest_erpnext.pw_orders.customers import PORTAL_ROLES, customer_of

NOT_STAFF = frozenset(PORTAL_ROLES) | frozenset(AUTOMATIC_ROLES)
CHILD_LINKS_KEY = "pw_portal_child_links"


@request_cache
def portal_doctypes() -> dict[str, str]:
	"""{DocType: its Customer link field} over every installed app's `pw_portal_doctypes`."""
	declared = frappe.get_hooks("pw_portal_doctypes") or {}
	return {
		doctype: fields[-1] if isinstance(fields, list) else fields for doctype, fields in declared.items()
	}


def _child_links() -> dict[str, list[list[str]]]:
	"""{child DocType: [[parent DocType, parentfield, customer field], ...]} of the exposed DocTypes
	(cached until the next clear-cache, which every migrate and DocType change runs)."""

	def build() -> dict[str, list[list[str]]]:
		links: dict[str, list[list[str]]] = {}
		for doctype, field in portal_doctypes().items():
			if not frappe.db.exists("DocType", doctype):
				continue
			for table in frappe.get_meta(doctype).get_table_fields():
				links.setdefault(table.options, []).append([doctype, table.fieldname, field])
		return links

	return frappe.cache.get_value(CHILD_LINKS_KEY, build)


@request_cache
def portal_customer(user: str) -> str | None:
	"""The Customer whose records the user sees in the portal (once per request)."""
	return customer_of(user) if user and user != "Guest" else None


def is_staff(user: str, doctype: str) -> bool:
	"""Whether one of the user's roles grants read on the DocType beyond the portal roles."""
	if user == "Administrator":
		return True
	roles = set(frappe.get_roles(user)) - NOT_STAFF
	if not roles:
		return False
	return any(
		perm.role in roles and perm.read and not perm.permlevel
		for perm in frappe.get_meta(doctype).permissions
	)


def restricted(user: str | None, doctype: str) -> bool:
	"""Whether the user's view of an exposed DocType is limited to its own customer's records."""
	return doctype in portal_doctypes() and not is_staff(user or frappe.session.user, doctype)


def owns(doc: Any, user: str | None = None) -> bool:
	"""Whether the document belongs to the user's customer (exposed DocTypes only)."""
	field = portal_doctypes().get(doc.doctype)
	customer = portal_customer(user or frappe.session.user)
	return bool(field and customer and doc.get(field) == customer)


# ---------- Frappe hooks ----------


def has_permission(
	doc: Any, ptype: str | None = None, user: str | None = None, debug: bool = False
) -> bool | None:
	"""`has_permission` hook: False for another customer's document; otherwise no opinion (None), so
	role permissions and other apps' hooks decide."""
	user = user or frappe.session.user
	if not restricted(user, doc.doctype):
		return None
	if doc.get("__islocal"):
		return None  # creating: role permissions decide (the portal roles create nothing)
	return None if owns(doc, user) else False


def query_conditions(user: str | None = None, doctype: str | None = None) -> str | None:
	"""`permission_query_conditions` hook: a restricted user's lists hold only its customer's records."""
	user = user or frappe.session.user
	if not doctype:
		return None
	if doctype in portal_doctypes():
		if not restricted(user, doctype):
			return None
		return _belongs(doctype, portal_doctypes()[doctype], portal_customer(user))
	parents = [p for p in _child_links().get(doctype) or () if not is_staff(user, p[0])]
	if not parents:
		return None
	# rows of other parents stay as they are; rows of an exposed parent only if it is the customer's
	column = f"`tab{doctype}`"
	limits = [f"{column}.parenttype not in ({', '.join(frappe.db.escape(p[0]) for p in parents)})"]
	for parent, parentfield, field in parents:
		limits.append(
			f"({column}.parenttype = {frappe.db.escape(parent)}"
			f" and {column}.parentfield = {frappe.db.escape(parentfield)}"
			f" and {column}.parent in (select `name` from `tab{parent}` where"
			f" {_belongs(parent, field, portal_customer(user), qualified=False)}))"
		)
	return "(" + " or ".join(limits) + ")"


def _belongs(doctype: str, field: str, customer: str | None, qualified: bool = True) -> str:
	if not customer:
		return "1=0"
	column = f"`tab{doctype}`.`{field}`" if qualified else f"`{field}`"
	return f"{column} = {frappe.db.escape(customer)}"


# Frappe 15 checks a child-table row read on its own (`/api/resource/<child>/<name>`, `frappe.client.get`,
# `getdoc`, the print view and its PDF) against its parent DocType only: `has_child_permission` passes the
# row's `parent_doc`, which is None for a row loaded alone, so no document-level rule (ours included)
# applies. Portal users never read rows alone; for the child tables of the exposed DocTypes such reads are
# refused at the request, through every door that loads a document by DocType and name.
# {whitelisted method: the form key naming the DocType}
ROW_BY_NAME_METHODS = {
	"frappe.client.get": "doctype",
	"frappe.desk.form.load.getdoc": "doctype",
	"frappe.desk.form.load.get_docinfo": "doctype",
	"frappe.utils.print_format.download_pdf": "doctype",
	"frappe.utils.print_format.download_multi_pdf": "doctype",
	"frappe.utils.print_format.download_multi_pdf_async": "doctype",
	"frappe.utils.print_format.print_by_server": "doctype",
	"frappe.www.printview.get_html_and_style": "doc",
	"frappe.www.printview.get_rendered_raw_commands": "doc",
}
# {web page: the form key naming the DocType}
ROW_BY_NAME_PAGES = {"printview": "doctype"}


def _doctypes_in(value: Any) -> list[str]:
	"""The DocType(s) a form value names: a name, or a JSON object (a document, or {DocType: [names]})."""
	if isinstance(value, str) and value.lstrip().startswith("{"):
		try:
			value = frappe.parse_json(value)
		except ValueError:
			return []
	if isinstance(value, dict):
		return [value["doctype"]] if isinstance(value.get("doctype"), str) else [str(k) for k in value]
	return [value] if isinstance(value, str) and value else []


def requested_row_doctypes(path: str, form: dict) -> list[str]:
	"""The DocTypes a request reads documents of by name, if it does (REST v1/v2, a method, a page)."""
	parts = [p for p in path.split("/") if p]
	if parts[:1] != ["api"]:
		key = ROW_BY_NAME_PAGES.get("/".join(parts))
		return _doctypes_in(form.get(key)) if key else []
	parts = parts[2:] if parts[1:2] in (["v1"], ["v2"]) else parts[1:]
	if len(parts) >= 3 and parts[0] in ("resource", "document"):
		return [unquote(parts[1])]
	if len(parts) == 2 and parts[0] == "method" and (key := ROW_BY_NAME_METHODS.get(parts[1])):
		return _doctypes_in(form.get(key))
	return []


def refuse_child_rows_by_name() -> None:
	"""`before_request` hook: a restricted user may not read a row of an exposed DocType's child table
	on its own (see above)."""
	request = getattr(frappe.local, "request", None)
	user = frappe.session.user if getattr(frappe.local, "session", None) else "Guest"
	if not request or user == "Administrator":
		return
	links = _child_links()
	for doctype in requested_row_doctypes(request.path, frappe.local.form_dict):
		parents = links.get(doctype)
		if parents and any(not is_staff(user, parent) for parent, _field, _customer in parents):
			raise frappe.PermissionError(_("Rows of {0} are read with their document.").format(_(doctype)))


def has_website_permission(
	doc: Any, ptype: str | None = None, user: str | None = None, verbose: bool = False
) -> bool:
	"""`has_website_permission` hook for the exposed DocTypes: a customer's own documents (read only)."""
	user = user or frappe.session.user
	if user == "Guest" or ptype not in (None, "read", "print"):
		return False
	return owns(doc, user) or is_staff(user, doc.doctype)


# ---------- portal pages ----------


class LoginRequired(frappe.Redirect, frappe.PermissionError):
	"""A guest on a portal page: web requests are sent to log in (302) and come back; callers that
	catch permission errors see one."""

	def __init__(self) -> None:
		super().__init__(302)


def require_customer() -> str:
	"""The logged-in user's customer for a portal page: guests go to the login page and come back;
	a user linked to no customer is refused."""
	if frappe.session.user == "Guest":
		request = getattr(frappe.local, "request", None)
		path = request.full_path.rstrip("?") if request else "/portal"
		frappe.local.flags.redirect_location = "/login?" + urlencode({"redirect-to": path})
		raise LoginRequired
	customer = portal_customer(frappe.session.user)
	if not customer:
		frappe.throw(_("Your account is not linked to a customer."), frappe.PermissionError)
	return customer
