"""FRN to calendar in one step: a Customer with its Carrier Profile pre-filled from the synced FCC records,
so its compliance calendar is derived without typing; a Lead from a lookup. Staff actions (desk) here, and
the carrier's own sign-up (`guest_sign_up`, behind `pw_fcc.api.sign_up`), which claims the FRN for a new
customer of its own: the profile is made once the claim is confirmed (`pw_fcc.claims`)."""

from typing import Any

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from pw_compliance.fcc.identifiers import InvalidFRN, validate_frn
from pw_compliance.fcc.profile import KIND_FIELDS, open_questions, profile_values, yes_no
from pw_compliance.pw_fcc import lookup

ENTITY_TYPES = ("llc", "corporation", "nonprofit")
LEAD_SOURCE = "FCC Compliance Check"


class BadRequestError(frappe.ValidationError):
	"""Malformed input from a visitor: HTTP 400 rather than Frappe's 417."""

	http_status_code = 400


def clean_frn(frn: Any) -> str:
	try:
		return validate_frn(frn)
	except InvalidFRN:
		frappe.throw(
			_("An FRN is exactly 10 digits, leading zeros included (for example 0012345678)."),
			BadRequestError,
			title=_("Invalid FRN"),
		)


def clean_answers(answers: Any) -> dict:
	"""What the FCC data cannot tell, as the sign-up form (or the staff dialog) answers it."""
	if isinstance(answers, str):
		try:
			answers = frappe.parse_json(answers or "{}")
		except ValueError:
			answers = None
	answers = answers or {}
	if not isinstance(answers, dict):
		frappe.throw(_("The answers must be an object."), BadRequestError)
	out: dict[str, Any] = {}
	entity_type = str(answers.get("entity_type") or "").strip().lower()
	if entity_type:
		if entity_type not in ENTITY_TYPES:
			frappe.throw(_("The entity type is one of {0}.").format(", ".join(ENTITY_TYPES)), BadRequestError)
		out["entity_type"] = entity_type
	state = str(answers.get("formation_jurisdiction") or "").strip().upper()
	if state:
		if len(state) > 10 or not frappe.db.exists("Jurisdiction", state):
			frappe.throw(
				_("Unknown state or province code {0}.").format(frappe.utils.escape_html(state)),
				BadRequestError,
			)
		out["formation_jurisdiction"] = state
	if answers.get("formed_on"):
		try:
			formed = getdate(answers["formed_on"])
		except Exception:
			formed = None
		if not formed or formed > getdate(nowdate()):
			frappe.throw(_("The formation date must be a past date (YYYY-MM-DD)."), BadRequestError)
		out["formed_on"] = formed
	for key in ("holds_numbering", "broadband", "voice"):
		value = yes_no(answers.get(key))
		if value is not None:
			out[key] = value
	services = answers.get("services") or []
	if not isinstance(services, list) or any(s not in KIND_FIELDS for s in services):
		frappe.throw(
			_("Unknown service kind in {0}.").format(frappe.utils.escape_html(str(services))[:200]),
			BadRequestError,
		)
	out["services"] = services
	return out


def profile_for(frn: str, answers: dict) -> tuple[dict, Any]:
	matched = lookup.find(frn)
	values = profile_values(
		frn, matched.filer.record, matched.rmd.record, answers.get("broadband"), answers.get("voice")
	)
	for kind in answers.get("services") or []:
		values[kind] = 1
	for key in ("entity_type", "formation_jurisdiction", "formed_on"):
		if answers.get(key):
			values[key] = answers[key]
	if "holds_numbering" in answers:
		values["holds_numbering"] = int(answers["holds_numbering"])
	return values, matched


def create_profile(customer: str, frn: str, answers: dict) -> Any:
	"""The Carrier Profile (its on_update derives the calendar). One per customer, one per FRN and one
	per 499 Filer ID."""
	if frappe.db.exists("Carrier Profile", customer):
		frappe.throw(_("{0} already has a Carrier Profile.").format(customer))
	if other := frappe.db.get_value("Carrier Profile", {"frn": frn}):
		frappe.throw(_("FRN {0} is already set up for {1}.").format(frn, other))
	values, _matched = profile_for(frn, answers)
	filer_id = values.get("filer_499_id")
	if filer_id and (other := frappe.db.get_value("Carrier Profile", {"filer_499_id": filer_id})):
		frappe.throw(_("499 Filer ID {0} is already set up for {1}.").format(filer_id, other))
	return frappe.get_doc({"doctype": "Carrier Profile", "customer": customer, **values}).insert(
		ignore_permissions=True
	)


def calendar_of(profile: str) -> list[dict]:
	return frappe.get_all(
		"Compliance Entry",
		{"carrier_profile": profile},
		["title", "period", "due_date", "status"],
		order_by="due_date",
	)


def _log(name: str) -> Any:
	if not frappe.db.exists("FCC Compliance Check Log", name):
		frappe.throw(_("No compliance check {0}").format(name), frappe.DoesNotExistError)
	return frappe.get_doc("FCC Compliance Check Log", name)


@frappe.whitelist()
def preview(frn: str) -> dict:
	"""Staff: what the FCC records fill in for an FRN and what is left to ask."""
	frappe.has_permission("Carrier Profile", "create", throw=True)
	values, matched = profile_for(clean_frn(frn), {})
	return {"values": values, "questions": open_questions(values), "legal_name": matched.legal_name}


@frappe.whitelist(methods=["POST"])
def lead_from_check(log: str) -> str:
	"""Staff: a Lead with the FRN from a lookup (the same Lead for the same FRN)."""
	frappe.has_permission("Lead", "create", throw=True)
	doc = _log(log)
	if doc.lead and frappe.db.exists("Lead", doc.lead):
		return doc.lead
	lead = frappe.db.get_value("Lead", {"pw_frn": doc.frn})
	if not lead:
		if not frappe.db.exists("Lead Source", LEAD_SOURCE):
			frappe.get_doc({"doctype": "Lead Source", "source_name": LEAD_SOURCE}).insert(
				ignore_permissions=True
			)
		lead = (
			frappe.get_doc(
				{
					"doctype": "Lead",
					"company_name": doc.legal_name or _("FRN {0}").format(doc.frn),
					"pw_frn": doc.frn,
					"source": LEAD_SOURCE,
					"type": "Client",
				}
			)
			.insert()
			.name
		)
	doc.db_set("lead", lead)
	return lead


@frappe.whitelist(methods=["POST"])
def customer_from_check(
	log: str, answers: Any = None, email: str | None = None, full_name: str | None = None
) -> dict:
	"""Staff: the Customer and its Carrier Profile from a lookup; with an e-mail, the carrier's portal
	user too (no welcome e-mail: staff decide when to invite)."""
	from performancewest_erpnext.pw_orders.customers import ensure_portal_customer, new_customer

	frappe.has_permission("Customer", "create", throw=True)
	frappe.has_permission("Carrier Profile", "create", throw=True)
	doc = _log(log)
	if doc.customer and frappe.db.exists("Carrier Profile", doc.customer):
		return {
			"customer": doc.customer,
			"carrier_profile": doc.customer,
			"entries": calendar_of(doc.customer),
		}
	answers = clean_answers(answers)
	name = doc.legal_name or _("FRN {0}").format(doc.frn)
	if email:
		email = frappe.utils.validate_email_address(email.strip().lower(), throw=True)
		customer = ensure_portal_customer(name, email, (full_name or name).strip())
	else:
		customer = new_customer(name)
	profile = create_profile(customer, doc.frn, answers)
	doc.db_set("customer", customer)
	if doc.lead and frappe.db.exists("Lead", doc.lead):
		frappe.db.set_value("Lead", doc.lead, "customer", customer)
	return {"customer": customer, "carrier_profile": profile.name, "entries": calendar_of(profile.name)}


def guest_sign_up(frn: Any, signup: Any, answers: Any) -> dict:
	"""The carrier itself, from the public check: a portal account and a Customer of its own, and a claim
	of the FRN (`pw_fcc.claims`) that makes the Carrier Profile and its calendar once confirmed. An FRN or
	499 Filer ID already linked to a customer is refused before anything is written."""
	from performancewest_erpnext.pw_orders.customers import sign_up as portal_sign_up

	from pw_compliance.pw_fcc import claims

	frn = clean_frn(frn)
	answers = clean_answers(answers)  # everything is validated before anything is written
	values, matched = profile_for(frn, answers)
	claims.refuse_linked(frn, values.get("filer_499_id"))
	customer, email = portal_sign_up(signup)
	claim = claims.start(customer, email, frn, answers, matched.legal_name, values.get("filer_499_id"))
	return {
		"customer": customer,
		"email": email,
		"claim": claim.name,
		"status": claim.status,
		"confirm_to": claims.masked(claim.confirm_email),
	}
