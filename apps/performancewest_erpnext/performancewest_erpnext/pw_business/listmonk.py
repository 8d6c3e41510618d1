"""Listmonk (mailing lists) behind Listmonk Settings, on its REST API (listmonk.app/docs/apis):
subscribers are synced when a Contact is made or its e-mail changes and when an agent is set up, on the
lists of what they are (Listmonk Settings: a list per role); bounces and unsubscribes read back from
Listmonk mark the subscriber here, and such a subscriber is never put on a list again.

Roles: "Customer" (a Contact linked to a Customer), "Agent" (a Sales Partner's Agent Portal User);
apps add theirs through the `pw_mailing_roles` hook: fn(email) -> iterable of role names."""

import time
from typing import Any

import frappe
import requests
from frappe import _
from frappe.utils import now_datetime

from performancewest_erpnext import jobs
from performancewest_erpnext.pw_checkout.gateways import log_call

SETTINGS = "Listmonk Settings"
SUBSCRIBER = "Listmonk Subscriber"
SERVICE = "Listmonk"
RETRIES = 3


class ListmonkError(Exception):
	pass


class Client:
	"""A small client of Listmonk's API: Basic auth with the API user and token, a timeout, retries on
	connection errors and 5xx, one Integration Request per call."""

	def __init__(self) -> None:
		settings = frappe.get_single(SETTINGS)
		if not settings.enabled or not settings.url:
			raise ListmonkError(_("Listmonk is not enabled in Listmonk Settings."))
		self.base = settings.url.rstrip("/") + "/api"
		self.auth = (settings.api_user or "", settings.get_password("api_token", raise_exception=False) or "")
		self.timeout = settings.timeout or 10

	def call(self, method: str, path: str, params: Any = None, json: Any = None) -> Any:
		error, output, status = None, None, None
		try:
			for attempt in range(RETRIES):
				try:
					response = requests.request(
						method,
						self.base + path,
						params=params,
						json=json,
						auth=self.auth,
						timeout=self.timeout,
					)
				except requests.RequestException as e:
					error = str(e)
					if attempt + 1 == RETRIES:
						raise ListmonkError(_("Listmonk cannot be reached: {0}").format(e)) from e
				else:
					status = response.status_code
					if status < 500:
						break
					error = response.text[:500]
				time.sleep(0.2 * (attempt + 1) if not frappe.flags.in_test else 0)
			try:
				output = response.json()
			except ValueError:
				output = {"message": response.text[:500]}
			if status >= 400:
				error = output.get("message") or str(status)
				raise ListmonkError(_("Listmonk answered {0}: {1}").format(status, error))
			error = None
			return output.get("data")
		finally:
			log_call(SERVICE, f"{method} {path}", {"params": params, "json": json}, output, error)


def enabled() -> bool:
	return bool(frappe.db.get_single_value(SETTINGS, "enabled"))


# ---------- roles and lists ----------


def roles_of(email: str) -> list[str]:
	roles = set()
	contacts = frappe.get_all("Contact Email", {"email_id": email, "parenttype": "Contact"}, pluck="parent")
	if contacts and frappe.db.exists(
		"Dynamic Link",
		{"parenttype": "Contact", "parent": ("in", contacts), "link_doctype": "Customer"},
	):
		roles.add("Customer")
	if frappe.db.exists("Sales Partner", {"pw_agent_user": email}):
		roles.add("Agent")
	for fn in frappe.get_hooks("pw_mailing_roles"):
		roles.update(frappe.get_attr(fn)(email) or ())
	return sorted(roles)


def lists_of(roles: list[str]) -> list[int]:
	settings = frappe.get_single(SETTINGS)
	return sorted({row.list_id for row in settings.lists if row.role in roles and row.list_id})


# ---------- sync ----------


def sync(email: str, name: str = "", old_email: str | None = None) -> str | None:
	"""Create or update the subscriber of `email` on the lists of its roles (idempotent: the Listmonk
	id is kept here, else looked up by e-mail before anything is created). A subscriber that bounced
	or unsubscribed is left as it is."""
	email = (email or "").strip().lower()
	if not email or not enabled() or not frappe.utils.validate_email_address(email):
		return None
	record = _record(old_email or email) or _record(email)
	if record and record.status != "Subscribed":
		return record.status
	roles = roles_of(email)
	lists = lists_of(roles)
	client = Client()
	listmonk_id = record.listmonk_id if record else None
	if not listmonk_id:
		found = client.call(
			"GET",
			"/subscribers",
			params={"query": f"subscribers.email = {frappe.db.escape(email)}", "per_page": 1},
		)
		results = (found or {}).get("results") or []
		listmonk_id = results[0]["id"] if results else None
	body = {
		"email": email,
		"name": name or email.split("@")[0],
		"status": "enabled",
		"lists": lists,
		"attribs": {"roles": roles},
		"preconfirm_subscriptions": True,
	}
	if listmonk_id:
		client.call("PUT", f"/subscribers/{int(listmonk_id)}", json=body)
	else:
		listmonk_id = client.call("POST", "/subscribers", json=body)["id"]
	values = {
		"email": email,
		"listmonk_id": listmonk_id,
		"full_name": body["name"],
		"roles": ", ".join(roles),
		"last_synced": now_datetime(),
	}
	if record:
		if record.email != email:
			frappe.rename_doc(SUBSCRIBER, record.name, email, force=True)
		frappe.db.set_value(SUBSCRIBER, email, values)
	else:
		frappe.get_doc({"doctype": SUBSCRIBER, "status": "Subscribed", **values}).insert(
			ignore_permissions=True
		)
	return "Subscribed"


def _record(email: str | None) -> Any:
	if not email:
		return None
	return frappe.db.get_value(SUBSCRIBER, email, ["name", "email", "status", "listmonk_id"], as_dict=True)


def enqueue_sync(email: str | None, name: str = "", old_email: str | None = None) -> None:
	if email and enabled():
		jobs.enqueue(
			"performancewest_erpnext.pw_business.listmonk.sync",
			job_id=f"listmonk-sync::{email}",
			email=email,
			name=name,
			old_email=old_email,
		)


def on_contact_update(doc: Any, method: str | None = None) -> None:
	"""doc_events Contact (after_insert, on_update): a new contact or a changed primary e-mail; a new
	contact of a customer gets the "Signed Up" message."""
	if not doc.email_id:
		return
	before = doc.get_doc_before_save()
	old = before.email_id if before else None
	if method == "after_insert" or (old and old != doc.email_id):
		enqueue_sync(doc.email_id, doc.full_name or "", old_email=old if old != doc.email_id else None)
	if method == "after_insert" and any(link.link_doctype == "Customer" for link in doc.links):
		enqueue_tx("Signed Up", doc.email_id, {"name": doc.full_name or ""}, reference=("Contact", doc.name))


def on_order_placed(doc: Any, method: str | None = None) -> None:
	"""doc_events Service Order (after_insert): the "Order Placed" message to the order's contact."""
	if doc.contact_email:
		data = {"order": doc.name, "total": doc.grand_total, "services": [i.service for i in doc.items]}
		enqueue_tx("Order Placed", doc.contact_email, data, reference=("Service Order", doc.name))


def on_sales_partner_update(doc: Any, method: str | None = None) -> None:
	"""doc_events Sales Partner: an agent's portal user goes on the agents' list and gets the "Agent
	Joined" message."""
	if doc.get("pw_agent_user") and doc.has_value_changed("pw_agent_user"):
		enqueue_sync(doc.pw_agent_user, doc.partner_name)
		data = {"agent": doc.partner_name, "code": doc.referral_code}
		enqueue_tx("Agent Joined", doc.pw_agent_user, data, reference=("Sales Partner", doc.name))


# ---------- transactional messages ----------


def template_for(event: str) -> int | None:
	settings = frappe.get_single(SETTINGS)
	return next(
		(row.template_id for row in settings.triggers if row.event == event and row.template_id), None
	)


def send_tx(trigger: str, email: str, data: dict, reference: tuple[str, str] | None = None) -> bool:
	"""Listmonk's transactional template for the event (POST /api/tx), to a subscriber synced first;
	never to one that bounced or unsubscribed."""
	template = enabled() and template_for(trigger)
	if not template:
		return False
	email = (email or "").strip().lower()
	if sync(email, data.get("name") or "") != "Subscribed":
		return False
	Client().call(
		"POST",
		"/tx",
		json={"subscriber_email": email, "template_id": int(template), "data": data, "content_type": "html"},
	)
	return True


def enqueue_tx(event: str, email: str | None, data: dict, reference: tuple[str, str] | None = None) -> None:
	if email and enabled() and template_for(event):
		key = f"{reference[0]}:{reference[1]}" if reference else email
		jobs.enqueue(
			"performancewest_erpnext.pw_business.listmonk.send_tx",
			job_id=f"listmonk-tx::{event}::{key}",
			trigger=event,  # `event` is a keyword of frappe.enqueue itself
			email=email,
			data=data,
			reference=reference,
		)


# ---------- bounces and unsubscribes back from Listmonk ----------


def pull_feedback() -> dict[str, int]:
	"""Scheduler (hourly): bounces since the last one read, and unsubscribes from our lists, mark the
	subscriber here (and its Contacts unsubscribed), so it is never mailed or put on a list again."""
	if not enabled():
		return {}
	client = Client()
	settings = frappe.get_single(SETTINGS)
	marked = {"bounced": 0, "unsubscribed": 0}
	last = settings.last_bounce_id or 0
	bounces = client.call(
		"GET", "/bounces", params={"per_page": "all", "order_by": "created_at", "order": "asc"}
	)
	for bounce in (bounces or {}).get("results") or []:
		if bounce["id"] <= last:
			continue
		if bounce.get("type") == "hard" or bounce.get("type") == "complaint":
			marked["bounced"] += _mark(
				bounce["email"],
				"Bounced",
				_("{0} bounce ({1})").format(bounce.get("type"), bounce.get("source")),
			)
		last = max(last, bounce["id"])
	for list_id in sorted({row.list_id for row in settings.lists if row.list_id}):
		found = client.call(
			"GET",
			"/subscribers",
			params={"list_id": list_id, "subscription_status": "unsubscribed", "per_page": "all"},
		)
		for subscriber in (found or {}).get("results") or []:
			marked["unsubscribed"] += _mark(
				subscriber["email"], "Unsubscribed", _("unsubscribed from list {0}").format(list_id)
			)
	frappe.db.set_single_value(SETTINGS, "last_bounce_id", last)
	return marked


def _mark(email: str, status: str, reason: str) -> int:
	email = (email or "").strip().lower()
	record = _record(email)
	if record and record.status == status:
		return 0
	if record:
		frappe.db.set_value(SUBSCRIBER, record.name, {"status": status, "reason": reason})
	else:
		frappe.get_doc({"doctype": SUBSCRIBER, "email": email, "status": status, "reason": reason}).insert(
			ignore_permissions=True
		)
	for contact in frappe.get_all(
		"Contact Email", {"email_id": email, "parenttype": "Contact"}, pluck="parent"
	):
		frappe.db.set_value("Contact", contact, "unsubscribed", 1)
	return 1
