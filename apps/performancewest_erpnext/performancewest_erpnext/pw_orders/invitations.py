"""Joining an existing customer: only by invitation, from one of its portal users (portal profile page) or
from staff (desk, on the Customer). An invitation is a Portal Invitation record holding the hash of a
single-use token e-mailed to the invited address; the invited e-mail's user accepts it after logging in,
before it expires (`INVITATION_DAYS`). A guest sign-up never joins an existing customer
(`customers.sign_up` always makes a new one)."""

import hashlib
import secrets
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import add_days, escape_html, format_datetime, get_datetime, get_url, now_datetime

from performancewest_erpnext.pw_orders.customers import add_portal_user, customer_of

INVITATION = "Portal Invitation"
INVITATION_DAYS = 7
JOIN_PAGE = "/portal/join"


def token_hash(token: str) -> str:
	return hashlib.sha256(token.encode()).hexdigest()


def clean_email(email: object) -> str:
	address = str(email or "").strip().lower()
	if not address or len(address) > 140 or not frappe.utils.validate_email_address(address):
		frappe.throw(
			_("{0} is not a valid e-mail address.").format(escape_html(address[:140])),
			title=_("Invalid e-mail"),
		)
	return address


def invite(customer: str, email: str, invited_by: str | None = None) -> str:
	"""An invitation of `email` to `customer`, e-mailed with its link. Callers check who may invite.
	Returns the invitation's name."""
	email = clean_email(email)
	if customer_of(email) == customer:
		frappe.throw(_("{0} already uses this portal account.").format(escape_html(email)))
	if not frappe.db.exists("User", email):  # a website user to log in with (no roles, no customer)
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": email.split("@")[0],
				"user_type": "Website User",
				"send_welcome_email": 1,  # Frappe's link to set a password, which verifies the address
			}
		).insert(ignore_permissions=True)
	token = secrets.token_urlsafe(32)
	doc = frappe.get_doc(
		{
			"doctype": INVITATION,
			"customer": customer,
			"email": email,
			"invited_by": invited_by or frappe.session.user,
			"expires_on": add_days(now_datetime(), INVITATION_DAYS),
			"status": "Sent",
			"token_hash": token_hash(token),
		}
	).insert(ignore_permissions=True)
	send_invitation(doc.name, token)
	return doc.name


def join_link(token: str) -> str:
	return get_url(JOIN_PAGE + "?" + urlencode({"token": token}))


def send_invitation(name: str, token: str) -> None:
	doc = frappe.get_doc(INVITATION, name)
	customer_name = frappe.db.get_value("Customer", doc.customer, "customer_name") or doc.customer
	inviter = frappe.utils.get_fullname(doc.invited_by) if doc.invited_by else _("Performance West")
	frappe.sendmail(
		recipients=[doc.email],
		sender=frappe.db.get_single_value("Performance West Settings", "support_email") or None,
		subject=_("You are invited to {0}'s Performance West portal").format(customer_name),
		message=_(
			"<p>Hello,</p><p>{0} invites you to the Performance West customer portal of <b>{1}</b>.</p>"
			'<p><a href="{2}">Accept the invitation</a> (log in first with this e-mail address).</p>'
			"<p>The link works once and until {3}. If you did not expect this e-mail, ignore it.</p>"
		).format(
			escape_html(inviter),
			escape_html(customer_name),
			escape_html(join_link(token)),
			escape_html(format_datetime(doc.expires_on)),
		),
		reference_doctype=INVITATION,
		reference_name=doc.name,
		now=False,
	)


def find(token: object, lock: bool = False) -> frappe._dict | None:
	if not isinstance(token, str) or not 20 <= len(token) <= 100:
		return None
	# one locking read: it sees the latest committed status, whatever this transaction read before
	return frappe.db.get_value(
		INVITATION,
		{"token_hash": token_hash(token)},
		["name", "customer", "email", "status", "expires_on"],
		as_dict=True,
		for_update=lock,
	)


def check(invitation: frappe._dict | None, user: str) -> frappe._dict:
	"""The invitation if `user` may accept it now; otherwise a clear error."""
	if user == "Guest":
		raise frappe.PermissionError(_("Log in with the invited e-mail address to accept the invitation."))
	if not invitation:
		raise frappe.DoesNotExistError(_("This invitation link is not valid."))
	email = (frappe.db.get_value("User", user, "email") or user).lower()
	if email != invitation.email.lower():
		raise frappe.PermissionError(_("This invitation is for another e-mail address."))
	if invitation.status != "Sent":
		frappe.throw(
			_("This invitation was {0}.").format(_(invitation.status).lower()), title=_("Invitation")
		)
	if get_datetime(invitation.expires_on) < now_datetime():
		frappe.throw(_("This invitation has expired; ask for a new one."), title=_("Invitation"))
	current = customer_of(user)
	if current and current != invitation.customer:
		frappe.throw(
			_("Your account already belongs to another customer; please contact us to move it."),
			title=_("Invitation"),
		)
	return invitation


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60 * 60)
def accept(token: str) -> str:
	"""The logged-in user accepts the invitation sent to its e-mail address: it becomes a portal user of
	the customer. Works once (the row is locked, then marked Accepted). Returns the customer."""
	user = frappe.session.user
	invitation = check(find(token, lock=user != "Guest"), user)
	full_name = frappe.utils.get_fullname(user)
	add_portal_user(invitation.customer, invitation.email, full_name)
	frappe.db.set_value(
		INVITATION,
		invitation.name,
		{"status": "Accepted", "accepted_by": user, "accepted_on": now_datetime()},
	)
	return invitation.customer


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60 * 60)
def invite_colleague(email: str) -> str:
	"""A portal user invites a colleague to its own customer."""
	from performancewest_erpnext.pw_portal.permissions import require_customer

	return invite(require_customer(), email, frappe.session.user)


@frappe.whitelist(methods=["POST"])
def invite_to_customer(customer: str, email: str) -> str:
	"""Staff (desk, on the Customer): invite someone to the customer's portal."""
	if not frappe.has_permission(INVITATION, "write") or not frappe.has_permission(
		"Customer", "write", customer
	):
		raise frappe.PermissionError(_("Only staff invite people to a customer's portal."))
	if not isinstance(customer, str) or not frappe.db.exists("Customer", customer):
		raise frappe.DoesNotExistError(_("No such customer."))
	return invite(customer, email, frappe.session.user)


def cancel(name: str) -> None:
	if frappe.db.get_value(INVITATION, name, "status") == "Sent":
		frappe.db.set_value(INVITATION, name, {"status": "Cancelled", "token_hash": None})
