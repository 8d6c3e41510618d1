"""Claims of an FRN by a sign-up of the public FCC check.

Anyone can type any FRN, so a sign-up does not make the Carrier Profile (and its calendar) at once: it
records an FRN Claim for its new Customer. An FRN, or a 499 Filer ID, already linked to a customer cannot
be claimed at all (`AlreadyLinkedError`, before anything is written). An open claim is confirmed
- through the contact e-mail of the FRN's CORES record (FCC CORES Registration, synced from the FCC):
  a single-use link valid `CLAIM_DAYS` days, opened at `/tools/fcc-claim`, or
- by staff (desk, on the FRN Claim), who get a ToDo when CORES gives no e-mail.
Confirming makes the Carrier Profile for the claim's customer (its calendar follows); the other open claims
of the FRN are rejected. Open claims do not block anyone: the first confirmed wins.
"""

import hashlib
import json
import secrets
from typing import Any
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import add_days, escape_html, format_datetime, get_datetime, get_url, now_datetime

CLAIM = "FRN Claim"
PROFILE = "Carrier Profile"
CLAIM_DAYS = 7
CONFIRM_PAGE = "/tools/fcc-claim"
OPEN = ("Awaiting Confirmation", "Staff Review")


class AlreadyLinkedError(frappe.ValidationError):
	"""The FRN or its 499 Filer ID already belongs to a customer: HTTP 409."""

	http_status_code = 409


def token_hash(token: str) -> str:
	return hashlib.sha256(token.encode()).hexdigest()


def linked_profile(frn: str, filer_499_id: str | None = None, lock: bool = False) -> str | None:
	"""The Carrier Profile holding the FRN or the 499 Filer ID, if any (a locking read with `lock`, which
	sees the latest committed rows)."""
	found = frappe.db.get_value(PROFILE, {"frn": frn}, "name", for_update=lock)
	if not found and filer_499_id:
		found = frappe.db.get_value(PROFILE, {"filer_499_id": filer_499_id}, "name", for_update=lock)
	return found


def refuse_linked(frn: str, filer_499_id: str | None = None, lock: bool = False) -> None:
	if linked_profile(frn, filer_499_id, lock):
		frappe.throw(
			_(
				"FRN {0} (or its 499 Filer ID) already has an account with us. Please log in, or ask a user"
				" of that account to invite you."
			).format(escape_html(frn)),
			AlreadyLinkedError,
			title=_("Already registered"),
		)


def masked(email: str | None) -> str:
	"""r•••@example.com: enough for the claimant to recognise the address, not to harvest it."""
	if not email or "@" not in email:
		return ""
	local, _at, domain = email.partition("@")
	return f"{local[:1]}•••@{domain}"


def start(
	customer: str, user: str, frn: str, answers: dict, legal_name: str | None, filer_499_id: str | None
):
	"""An FRN Claim for a new sign-up's customer, sent for confirmation to the CORES contact e-mail, or
	to staff when CORES gives none. Returns the claim."""
	refuse_linked(frn, filer_499_id)
	confirm_email = frappe.db.get_value(
		"FCC CORES Registration", {"frn": frn, "status": "Registered"}, "contact_email"
	)
	token = secrets.token_urlsafe(32) if confirm_email else None
	claim = frappe.get_doc(
		{
			"doctype": CLAIM,
			"frn": frn,
			"legal_name": legal_name,
			"filer_499_id": filer_499_id,
			"customer": customer,
			"user": user,
			"status": "Awaiting Confirmation" if confirm_email else "Staff Review",
			"confirm_email": confirm_email,
			"expires_on": add_days(now_datetime(), CLAIM_DAYS) if confirm_email else None,
			"token_hash": token_hash(token) if token else None,
			"answers": json.dumps(answers, default=str, sort_keys=True),
		}
	).insert(ignore_permissions=True)
	if token:
		send_confirmation(claim, token)
	else:
		staff_task(claim)
	return claim


def confirm_link(token: str) -> str:
	return get_url(CONFIRM_PAGE + "?" + urlencode({"token": token}))


def send_confirmation(claim: Any, token: str) -> None:
	customer_name = frappe.db.get_value("Customer", claim.customer, "customer_name") or claim.customer
	frappe.sendmail(
		recipients=[claim.confirm_email],
		sender=frappe.db.get_single_value("Performance West Settings", "support_email") or None,
		subject=_("Please confirm: {0} manages FRN {1}").format(customer_name, claim.frn),
		message=_(
			"<p>Hello,</p><p>{0} ({1}) signed up with Performance West to keep the FCC compliance calendar of"
			" FRN <b>{2}</b>. This address is the contact e-mail of that FRN in the FCC's CORES.</p>"
			'<p><a href="{3}">Review and confirm</a>, or decline there if you do not know them.</p>'
			"<p>The link works once and until {4}. Nothing is set up for the FRN until it is confirmed.</p>"
		).format(
			escape_html(customer_name),
			escape_html(claim.user or ""),
			escape_html(claim.frn),
			escape_html(confirm_link(token)),
			escape_html(format_datetime(claim.expires_on)),
		),
		reference_doctype=CLAIM,
		reference_name=claim.name,
		now=False,
	)


def staff_task(claim: Any) -> None:
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"description": _(
				"Review the claim of FRN {0} ({1}) by {2}: CORES gives no contact e-mail to confirm it."
			).format(
				escape_html(claim.frn), escape_html(claim.legal_name or ""), escape_html(claim.customer)
			),
			"reference_type": CLAIM,
			"reference_name": claim.name,
			"role": "Compliance Staff",
			"priority": "Medium",
		}
	).insert(ignore_permissions=True)


def find(token: object, lock: bool = False) -> frappe._dict | None:
	if not isinstance(token, str) or not 20 <= len(token) <= 100:
		return None
	return frappe.db.get_value(
		CLAIM,
		{"token_hash": token_hash(token)},
		["name", "frn", "legal_name", "customer", "user", "status", "expires_on"],
		as_dict=True,
		for_update=lock,
	)


def check_open(claim: frappe._dict | None) -> frappe._dict:
	if not claim:
		raise frappe.DoesNotExistError(_("This confirmation link is not valid."))
	if claim.status not in OPEN:
		frappe.throw(_("This claim is {0}.").format(_(claim.status).lower()), title=_("FRN claim"))
	if claim.expires_on and get_datetime(claim.expires_on) < now_datetime():
		frappe.throw(_("This confirmation link has expired."), title=_("FRN claim"))
	return claim


def _lock_frn(frn: str) -> None:
	"""Confirmations of one FRN one at a time: every claim row of the FRN locked (InnoDB row locks)."""
	# nosemgrep: frappe-using-db-sql -- locks every claim row of the FRN, whatever its state
	frappe.db.sql(f"select name from `tab{CLAIM}` where frn = %s for update", frn)


def _complete(name: str, confirmed_by: str) -> str:
	from pw_compliance.pw_fcc.onboarding import create_profile

	claim = frappe.get_doc(CLAIM, name)
	refuse_linked(claim.frn, claim.filer_499_id, lock=True)
	profile = create_profile(claim.customer, claim.frn, json.loads(claim.answers or "{}"))
	frappe.db.set_value(
		CLAIM,
		name,
		{
			"status": "Confirmed",
			"confirmed_by": confirmed_by,
			"confirmed_on": now_datetime(),
			"carrier_profile": profile.name,
			"token_hash": None,
		},
	)
	if claim.user:
		frappe.sendmail(
			recipients=[claim.user],
			sender=frappe.db.get_single_value("Performance West Settings", "support_email") or None,
			subject=_("FRN {0}: your compliance calendar is ready").format(claim.frn),
			message=_(
				"<p>Hello,</p><p>Your claim of FRN {0} is confirmed: your compliance calendar is in the portal.</p>"
				'<p><a href="{1}">Open your calendar</a></p>'
			).format(escape_html(claim.frn), escape_html(get_url("/portal/calendar"))),
			reference_doctype=CLAIM,
			reference_name=name,
			now=False,
		)
	for other in frappe.get_all(
		CLAIM, {"frn": claim.frn, "status": ("in", OPEN), "name": ("!=", name)}, pluck="name"
	):
		reject(other)
	return profile.name


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=20, seconds=60 * 60)
def confirm(token: str | None = None) -> dict:
	"""The FRN's CORES contact confirms the claim (from the e-mailed link): the Carrier Profile and its
	calendar are made. Works once."""
	claim = find(token)
	if claim:
		_lock_frn(claim.frn)
	claim = check_open(find(token, lock=True))
	if claim.status != "Awaiting Confirmation":
		frappe.throw(_("This claim waits for our staff."), title=_("FRN claim"))
	profile = _complete(claim.name, frappe.db.get_value(CLAIM, claim.name, "confirm_email") or "CORES")
	return {"frn": claim.frn, "carrier_profile": profile}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=20, seconds=60 * 60)
def decline(token: str | None = None) -> None:
	"""The FRN's CORES contact does not know the claimant: the claim is rejected and staff are told."""
	claim = check_open(find(token, lock=True))
	reject(claim.name)
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"description": _("The CORES contact of FRN {0} declined the claim by {1}.").format(
				escape_html(claim.frn), escape_html(claim.customer)
			),
			"reference_type": CLAIM,
			"reference_name": claim.name,
			"role": "Compliance Staff",
			"priority": "High",
		}
	).insert(ignore_permissions=True)


def confirm_by_staff(name: str) -> str:
	frn = frappe.db.get_value(CLAIM, name, "frn")
	if not frn:
		raise frappe.DoesNotExistError(_("No FRN claim {0}").format(name))
	_lock_frn(frn)
	status = frappe.db.get_value(CLAIM, name, "status", for_update=True)
	if status not in OPEN:
		frappe.throw(_("This claim is {0}.").format(_(status).lower()), title=_("FRN claim"))
	return _complete(name, frappe.session.user)


def reject(name: str) -> None:
	frappe.db.set_value(CLAIM, name, {"status": "Rejected", "token_hash": None})
