"""Adyen's Standard webhook (`/api/method/frappe_adyen.adyen.webhooks.notifications`).

In order: basic auth (Adyen sends the webhook user's API key and secret; Frappe authenticates them
before the method runs, and anything else is refused with 401), the raw body read and parsed here
(400 if it is not a notification), the HMAC of every item (401 and a log line if one does not match:
nothing is stored), each item stored once as an Adyen Notification named `{pspReference}:{eventCode}`
(a repeat hits the primary key and is skipped), `[accepted]`, and each new item processed once by a
background job."""

import json
from typing import Any

import frappe
from frappe import _
from frappe.utils import now_datetime
from werkzeug.wrappers import Response

from frappe_adyen.adyen import booking, signature
from frappe_adyen.adyen.gateway import SETTINGS

NOTIFICATION = "Adyen Notification"
PATH = "/api/method/frappe_adyen.adyen.webhooks.notifications"


def _answer(status: int, text: str) -> Response:
	return Response(text, status=status, mimetype="text/plain")


def _reject(status: int, reason: str) -> Response:
	frappe.logger("frappe_adyen").warning(
		f"Adyen webhook refused ({status}): {reason} from {getattr(frappe.local, 'request_ip', None)}"
	)
	return _answer(status, reason)


@frappe.whitelist(allow_guest=True, methods=["POST"])
def notifications() -> Response:
	settings = frappe.get_cached_doc(SETTINGS)
	if not settings.enabled:
		return _reject(404, "Adyen is not enabled")
	if not settings.webhook_user or frappe.session.user != settings.webhook_user:
		return _reject(401, "basic auth: not the webhook user")
	body = frappe.request.get_data()
	try:
		items = signature.parse(body)
		signature.verify_all(items, settings.get_password("hmac_key", raise_exception=False) or "")
	except signature.NotificationError as e:
		status = 401 if "HMAC" in str(e) else 400
		return _reject(status, str(e))
	live = json.loads(body).get("live")
	if str(live).lower() != ("true" if settings.environment == "Live" else "false"):
		return _reject(400, f"a {'live' if str(live).lower() == 'true' else 'test'} notification")
	user = frappe.session.user
	frappe.set_user("Administrator")  # verified; what it stores is the system's
	try:
		for item in items:
			store(item)
	finally:
		frappe.set_user(user)
	return _answer(200, "[accepted]")


def store(item: dict) -> str | None:
	"""The item as an Adyen Notification, once per pspReference and eventCode; its job is enqueued
	after the commit. None when it was stored before."""
	psp, code = str(item.get("pspReference") or ""), str(item.get("eventCode") or "")
	if not psp or not code:
		return None
	amount = item.get("amount") if isinstance(item.get("amount"), dict) else {}
	name = f"{psp}:{code}"[:140]
	doc = frappe.get_doc(
		{
			"doctype": NOTIFICATION,
			"psp_reference": psp[:140],
			"event_code": code[:140],
			"success": str(item.get("success")).lower() == "true",
			"original_reference": str(item.get("originalReference") or "")[:140] or None,
			"merchant_reference": str(item.get("merchantReference") or "")[:140] or None,
			"amount_minor": int(amount.get("value") or 0)
			if str(amount.get("value") or 0).lstrip("-").isdigit()
			else 0,
			"currency": str(amount.get("currency") or "")[:3] or None,
			"payment_method": str(item.get("paymentMethod") or "")[:140] or None,
			"reason": str(item.get("reason") or "")[:1000] or None,
			"event_date": str(item.get("eventDate") or "")[:40] or None,
			"status": "Queued",
			"item": json.dumps(item, indent=1),
		}
	)
	try:
		doc.insert(ignore_permissions=True, set_name=name)
	except frappe.DuplicateEntryError:
		frappe.clear_messages()
		return None
	enqueue(name)
	return name


def enqueue(name: str) -> None:
	frappe.enqueue(
		"frappe_adyen.adyen.webhooks.process",
		queue="short",
		job_id=f"adyen-notification::{name}",
		deduplicate=True,
		enqueue_after_commit=True,
		now=bool(frappe.flags.in_test),
		name=name,
	)


def after_request(request: Any = None, response: Any = None) -> None:
	"""`after_request` hook: Frappe parses a JSON body before any method runs and answers one that does
	not parse with a 500; for this endpoint that is a bad request: 400, logged, nothing stored. Any
	other refusal of this endpoint (e.g. Frappe's 401 for wrong basic-auth credentials) is logged."""
	if request is None or response is None or request.path != PATH:
		return
	if response.status_code >= 500:
		try:
			json.loads(request.get_data() or b"")
		except ValueError:
			response.status_code = 400
			response.set_data(b"body is not JSON")
			response.mimetype = "text/plain"
			frappe.logger("frappe_adyen").warning("Adyen webhook refused (400): body is not JSON")
	elif response.status_code == 401:
		frappe.logger("frappe_adyen").warning("Adyen webhook refused (401): basic auth")


# ---------- processing (background job) ----------


def process(name: str) -> None:
	"""Handle one stored notification, once: under a lock on its row, only while it is Queued."""
	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		_process(name)
	finally:
		frappe.set_user(user)


def _process(name: str) -> None:
	# nosemgrep: frappe-manual-commit -- a fresh read view, so the lock below sees what was committed
	frappe.db.commit()
	status = frappe.db.get_value(NOTIFICATION, name, "status", for_update=True)
	if status != "Queued":
		return
	doc = frappe.get_doc(NOTIFICATION, name)
	handler = booking.HANDLERS.get(doc.event_code)
	try:
		outcome = handler(doc) if handler else {"result": _("ignored")}
	except Exception:
		frappe.db.rollback()
		frappe.db.set_value(NOTIFICATION, name, {"status": "Failed", "error": frappe.get_traceback()[-4000:]})
		# nosemgrep: frappe-manual-commit -- the failure stays on record; staff process it again from the desk
		frappe.db.commit()
		raise
	frappe.db.set_value(
		NOTIFICATION,
		name,
		{"status": "Completed", "error": None, "result": f"{outcome.get('result')} ({now_datetime()})"[:1000]}
		| {k: v for k, v in outcome.items() if k in ("payment_entry", "todo") and v},
	)
	frappe.db.commit()  # nosemgrep


@frappe.whitelist(methods=["POST"])
def retry(name: str) -> None:
	"""Desk: process a failed notification again (after fixing what made it fail)."""
	frappe.only_for(("System Manager", "Accounts Manager"))
	if frappe.db.get_value(NOTIFICATION, name, "status") != "Failed":
		frappe.throw(_("Only a failed notification can be processed again."))
	frappe.db.set_value(NOTIFICATION, name, {"status": "Queued", "error": None})
	enqueue(name)
