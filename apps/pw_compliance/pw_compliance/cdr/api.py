"""Whitelisted endpoints of the portal's CDR study page (/portal/cdr): each acts on a study of the
logged-in user's customer only, and answers bad input with a message naming the file, line or column."""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from performancewest_erpnext.pw_portal.dashboard import pay_route

from pw_compliance.cdr import studies


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=30, seconds=60 * 60)
def create(title: str | None = None) -> dict:
	doc = studies.create_study(studies._customer(), title)
	return {"name": doc.name, "route": f"/portal/cdr/{doc.name}"}


@frappe.whitelist(methods=["POST"])
def upload_chunk(
	study: str, upload_id: str, file_name: str, offset: int | str = 0, total: int | str = 0
) -> dict:
	"""One chunk (multipart field `chunk`, at most 8 MB) of a CDR file, at byte `offset` of `total`."""
	doc = studies.own_study(study)
	chunk = frappe.request.files.get("chunk") if frappe.request else None
	if chunk is None:
		frappe.throw(_("No file chunk was sent."), studies.CdrInputError)
	name = file_name if isinstance(file_name, str) and file_name.strip() else "cdr.csv"
	return studies.receive_chunk(doc, upload_id, name.strip()[:140], offset, total, chunk.stream)


@frappe.whitelist(methods=["POST"])
def preview(study: str, delimiter: str | None = None) -> dict:
	return studies.preview(studies.own_study(study), delimiter or None)


@frappe.whitelist(methods=["POST"])
def map_and_run(
	study: str, mapping: str | dict, delimiter: str | None = None, duration_unit: str | None = None
) -> dict:
	"""Save the column mapping (checked against every file first) and queue the study."""
	doc = studies.own_study(study, for_update=True)
	try:
		mapping = frappe.parse_json(mapping) if isinstance(mapping, str) else mapping
	except ValueError:
		mapping = None
	studies.set_mapping(doc, mapping, delimiter, duration_unit)
	studies.start(doc)
	return status(study)


@frappe.whitelist(methods=["GET", "POST"])
def status(study: str) -> dict:
	doc = studies.own_study(study)
	out = {"name": doc.name, "status": doc.status, "progress": doc.progress, "error": doc.error}
	if doc.status == "Completed":
		out["summary"] = studies.summary(doc)
		out["unlocked"] = bool(doc.unlocked)
	return out


@frappe.whitelist(methods=["POST"])
def unlock(study: str) -> dict:
	"""The invoice of the full report (made once) and where to pay it."""
	doc = studies.own_study(study)
	if doc.unlocked:
		return {"unlocked": True}
	invoice = studies.invoice_for(doc.name)
	return {"invoice": invoice, "pay": pay_route(invoice)}
