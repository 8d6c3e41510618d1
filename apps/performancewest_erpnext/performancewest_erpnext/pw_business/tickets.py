"""Support tickets on ERPNext's Issue. Mail to the support address becomes an Issue through Frappe's
Email Account (append_to Issue: a new thread opens an Issue, a reply joins its thread); ERPNext links the
Issue to the customer whose Contact has the sender's address. Customers open, read and answer their own
tickets on /portal/tickets; staff answer from the Issue's e-mail composer, which sends the reply by mail.
The response and resolution times follow the ticket's priority (ERPNext's Service Level Agreement)."""

from typing import Any

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import escape_html

from performancewest_erpnext.pw_portal.permissions import require_customer

ISSUE = "Issue"
SLA = "PW Support"
HOLIDAYS = "PW Support Holidays"
# Issue Priority: (first response hours, resolution hours), within support hours
PRIORITIES = {"High": (4, 24), "Medium": (8, 72), "Low": (24, 120)}
SUPPORT_HOURS = ("09:00:00", "17:00:00")
WORKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
MAX_MESSAGE = 20000


def setup_sla() -> None:
	"""The priorities and the default Service Level Agreement of Issues (missing records only)."""
	for priority in PRIORITIES:
		if not frappe.db.exists("Issue Priority", priority):
			frappe.get_doc({"doctype": "Issue Priority", "name": priority}).insert(ignore_permissions=True)
	if not frappe.db.get_single_value("Support Settings", "track_service_level_agreement"):
		frappe.db.set_single_value("Support Settings", "track_service_level_agreement", 1)
	if frappe.db.exists("Service Level Agreement", {"service_level": SLA, "document_type": ISSUE}):
		return
	if not frappe.db.exists("Holiday List", HOLIDAYS):
		frappe.get_doc(
			{
				"doctype": "Holiday List",
				"holiday_list_name": HOLIDAYS,
				"from_date": "2020-01-01",
				"to_date": "2035-12-31",
			}
		).insert(ignore_permissions=True)
	frappe.get_doc(
		{
			"doctype": "Service Level Agreement",
			"service_level": SLA,
			"document_type": ISSUE,
			"default_service_level_agreement": 1,
			"default_priority": "Medium",
			"enabled": 1,
			"holiday_list": HOLIDAYS,
			"apply_sla_for_resolution": 1,
			"sla_fulfilled_on": [{"status": "Resolved"}, {"status": "Closed"}],
			"pause_sla_on": [{"status": "On Hold"}],
			"priorities": [
				{
					"priority": name,
					"default_priority": int(name == "Medium"),
					"response_time": hours[0] * 3600,
					"resolution_time": hours[1] * 3600,
				}
				for name, hours in PRIORITIES.items()
			],
			"support_and_resolution": [
				{"workday": day, "start_time": SUPPORT_HOURS[0], "end_time": SUPPORT_HOURS[1]}
				for day in WORKDAYS
			],
		}
	).insert(ignore_permissions=True)


# ---------- what the portal shows ----------


def tickets(customer: str, order: str | None = None) -> list[dict]:
	filters: dict[str, Any] = {"customer": customer}
	if order:
		filters["pw_service_order"] = order
	return frappe.get_all(
		ISSUE,
		filters=filters,
		fields=["name", "subject", "status", "priority", "opening_date", "pw_service_order", "modified"],
		order_by="modified desc",
		limit_page_length=200,
	)


def own_ticket(name: str) -> Any:
	"""The user's customer's Issue, or 404 (another customer's ticket does not exist here)."""
	customer = require_customer()
	issue = frappe.db.get_value(ISSUE, {"name": name or "", "customer": customer}, "name")
	if not issue:
		raise frappe.DoesNotExistError(_("No ticket {0} on your account.").format(escape_html(name or "")))
	return frappe.get_doc(ISSUE, issue)


def thread(issue: str) -> list[dict]:
	"""The ticket's messages, oldest first: what the customer sent and what staff replied by mail
	(Frappe's Communications of the Issue; comments and internal notes are not shown)."""
	return frappe.get_all(
		"Communication",
		filters={
			"reference_doctype": ISSUE,
			"reference_name": issue,
			"communication_type": "Communication",
			"sent_or_received": ("in", ("Sent", "Received")),
		},
		fields=["name", "sender", "sender_full_name", "sent_or_received", "content", "communication_date"],
		order_by="communication_date asc, creation asc",
	)


def _message(text: Any) -> str:
	text = (text or "").strip() if isinstance(text, str) else ""
	if not text:
		frappe.throw(_("Write a message."))
	if len(text) > MAX_MESSAGE:
		frappe.throw(_("The message is too long ({0} characters at most).").format(MAX_MESSAGE))
	return escape_html(text).replace("\n", "<br>")


# ---------- portal actions ----------


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60 * 60)
def new_ticket(subject: str, message: str, order: str | None = None) -> str:
	"""A customer opens a ticket (optionally about one of its orders)."""
	customer = require_customer()
	subject = (subject or "").strip() if isinstance(subject, str) else ""
	if not subject or len(subject) > 140:
		frappe.throw(_("Give the ticket a subject (140 characters at most)."))
	content = _message(message)
	if order and not frappe.db.exists("Service Order", {"name": order, "customer": customer}):
		frappe.throw(_("No order {0} on your account.").format(escape_html(order)), frappe.DoesNotExistError)
	issue = frappe.get_doc(
		{
			"doctype": ISSUE,
			"subject": subject,
			"description": content,
			"raised_by": frappe.session.user,
			"customer": customer,
			"pw_service_order": order or None,
			"via_customer_portal": 1,  # ERPNext adds the message as the thread's first Communication
		}
	)
	issue.insert(ignore_permissions=True)
	return issue.name


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=60, seconds=60 * 60)
def reply(issue: str, message: str) -> str:
	"""The customer answers its ticket: a received Communication in the thread; the ticket opens again."""
	doc = own_ticket(issue)
	content = _message(message)
	communication = frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Email",
			"sent_or_received": "Received",
			"email_status": "Open",
			"subject": f"Re: {doc.subject}",
			"sender": frappe.session.user,
			"content": content,
			"reference_doctype": ISSUE,
			"reference_name": doc.name,
		}
	)
	communication.insert(ignore_permissions=True)
	if doc.status != "Open":
		doc.db_set("status", "Open")
	return communication.name
