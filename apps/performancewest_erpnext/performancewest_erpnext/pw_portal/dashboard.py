"""What each portal page shows, as plain data for the templates.

Every function takes the customer (from `permissions.require_customer`) and filters by it, and reads a
page's rows in a fixed number of queries whatever the number of orders (no query per row). DocTypes
other apps or later work bring (Order Document, eSign Request) are read only once they exist.
"""

from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import flt, fmt_money, format_date, getdate, now_datetime
from frappe.utils.caching import request_cache

from performancewest_erpnext.pw_portal import progress

ORDER = "Service Order"
DOCUMENT = "Order Document"
ESIGN = "eSign Request"
# Documents a customer sees, and those it may download
VISIBLE_DOCUMENTS = ("Ready", "Awaiting Signature", "Signed")
DOWNLOAD_METHOD = "/api/method/performancewest_erpnext.pw_documents.api.download"
SIGN_METHOD = "/api/method/performancewest_erpnext.pw_portal.api.sign"


@request_cache
def has_doctype(doctype: str) -> bool:
	return bool(frappe.db.exists("DocType", doctype))


def _words() -> dict[str, str]:
	return {
		"done": _("Done on {0}"),
		"signature": _("Waiting for your signature"),
		"choices": _("Waiting for your choices"),
		"your_action": _("Waiting for you"),
		"outside_body": _("Waiting for the government agency"),
		"staff": _("With our staff"),
		"working": _("In progress"),
		"payment": _("Starts once the invoice is paid"),
		"funds": _("Starts when your payment clears"),
		"identity": _("Waiting for your identity verification"),
		"stopped": _("Not done: the order was stopped"),
		"next": _("Not started yet"),
	}


def _order_words() -> dict[str, str]:
	return {
		"payment": _("Waiting for your payment"),
		"funds": _("Paid; your payment is clearing"),
		"choices": _("Waiting for your choices"),
		"working": _("In progress"),
		"identity": _("Waiting for your identity verification"),
		"signature": _("Waiting for your signature"),
		"staff": _("With our staff"),
		"outside_body": _("Waiting for the government agency"),
		"your_action": _("Waiting for you"),
		"review": _("Final review by our staff"),
		"delivered": _("Delivered on {0}"),
		"cancelled": _("Cancelled"),
		"refunded": _("Refunded"),
	}


def short_date(value: Any) -> str:
	if not value:
		return ""
	day = getdate(value)
	return format_date(day, "d MMM" if day.year == getdate().year else "d MMM yyyy")


def money(amount: float, currency: str | None = None) -> str:
	return fmt_money(flt(amount), currency=currency or frappe.db.get_default("currency") or "USD")


def pay_route(invoice: str) -> str:
	return "/checkout?" + urlencode({"invoice": invoice})


def download_route(document: str) -> str:
	return DOWNLOAD_METHOD + "?" + urlencode({"name": document})


# ---------- orders ----------


def orders(customer: str, name: str | None = None, limit: int | None = None) -> list[dict]:
	"""The customer's orders, newest first, each with its tracks and steps in words and its progress.
	Four queries whatever the number of orders."""
	filters: dict[str, Any] = {"customer": customer}
	if name:
		filters["name"] = name
	rows = frappe.get_all(
		ORDER,
		filters=filters,
		fields=[
			"name", "status", "waiting_on", "transaction_date", "expected_delivery", "delivered_on",
			"grand_total", "sales_invoice", "payment_method", "creation",
		],
		order_by="creation desc",
		limit=limit,
	)  # fmt: skip
	if not rows:
		return []
	names = [r.name for r in rows]
	steps = defaultdict(list)
	for step in frappe.get_all(
		"Service Order Step",
		filters={"parenttype": ORDER, "parent": ("in", names)},
		fields=["parent", "track", "service", "title", "kind", "status", "event", "waiting_on", "attempts",
			"completed_on"],
		order_by="idx asc",
	):  # fmt: skip
		steps[step.parent].append(step)
	items = defaultdict(list)
	for item in frappe.get_all(
		"Service Order Item",
		filters={"parenttype": ORDER, "parent": ("in", names), "fee_of": ("in", ("", None))},
		fields=["parent", "service", "description"],
		order_by="idx asc",
	):
		items[item.parent].append(item)
	services = _service_names({s.service for rows_ in steps.values() for s in rows_})
	words, order_words = _words(), _order_words()
	result = []
	for row in rows:
		tracks: dict[int, dict] = {}
		states = []
		for step in steps[row.name]:
			state = progress.step_state(step, row.status, row.waiting_on)
			states.append(state)
			track = tracks.setdefault(
				step.track,
				{"service": services.get(step.service, step.service), "steps": []},
			)
			track["steps"].append(
				{
					"title": step.title,
					"state": state,
					"words": words[state].format(short_date(step.completed_on)),
					"done": state == "done",
					"needs_you": progress.needs_customer(state),
				}
			)
		state = progress.order_state(row.status, row.waiting_on, states)
		done = progress.progress((s.status for s in steps[row.name]), row.status)
		result.append(
			{
				"name": row.name,
				"title": ", ".join(i.description for i in items[row.name]) or row.name,
				"status": row.status,
				"state": state,
				"words": order_words[state].format(short_date(row.delivered_on)),
				"needs_you": progress.needs_customer(state),
				"done_steps": done.done,
				"total_steps": done.total,
				"percent": done.percent,
				"ordered_on": short_date(row.transaction_date),
				"expected_delivery": short_date(row.expected_delivery)
				if row.status not in ("Delivered", "Cancelled", "Refunded")
				else "",
				"total": money(row.grand_total),
				"sales_invoice": row.sales_invoice,
				"tracks": [tracks[k] for k in sorted(tracks)],
				"final": {
					"title": _("Final review and delivery"),
					"words": order_words[state].format(short_date(row.delivered_on))
					if state in ("review", "delivered")
					else words["next"],
					"done": state == "delivered",
					"needs_you": False,
				},
				"route": f"/portal/orders/{row.name}",
			}
		)
	return result


def _service_names(slugs: set[str]) -> dict[str, str]:
	if not slugs:
		return {}
	return dict(
		frappe.get_all(
			"Catalog Service",
			filters={"name": ("in", list(slugs))},
			fields=["name", "service_name"],
			as_list=True,
		)
	)


def active_first(rows: list[dict]) -> list[dict]:
	"""Orders needing the customer first, then open ones, then finished ones (each newest first)."""
	finished = {"delivered", "cancelled", "refunded"}
	return sorted(rows, key=lambda o: (not o["needs_you"], o["state"] in finished))


# ---------- documents and signatures ----------


def documents(customer: str, order: str | None = None, limit: int | None = None) -> list[dict]:
	"""The customer's documents (ready, to sign or signed), newest first, with download links."""
	if not has_doctype(DOCUMENT):
		return []
	filters: dict[str, Any] = {
		"customer": customer,
		"status": ("in", VISIBLE_DOCUMENTS),
		"file_key": ("is", "set"),
		"signed_document": ("is", "not set"),  # once signed, the signed copy stands for the original
	}
	if order:
		filters["service_order"] = order
	rows = frappe.get_all(
		DOCUMENT,
		filters=filters,
		fields=["name", "title", "kind", "status", "service_order", "page_count", "modified", "sequence"],
		order_by="modified desc" if not order else "sequence asc, modified desc",
		limit=limit,
	)
	return [
		{
			"name": d.name,
			"title": d.title or d.name,
			"kind": _(d.kind) if d.kind else "",
			"status": _(d.status),
			"binder": d.kind == "Binder",
			"service_order": d.service_order,
			"pages": d.page_count,
			"date": short_date(d.modified),
			"download": download_route(d.name),
		}
		for d in rows
	]


def signatures(customer: str, user: str, order: str | None = None) -> list[dict]:
	"""eSign requests of the customer waiting for this user's signature, with a link that opens the
	signing page (a fresh signing link is made when followed)."""
	if not has_doctype(ESIGN):
		return []
	filters: dict[str, Any] = {"customer": customer, "status": "Sent"}
	if order:
		filters["service_order"] = order
	rows = frappe.get_all(
		ESIGN,
		filters=filters,
		fields=["name", "order_document", "service_order", "signer_name", "signer_email", "expires_on"],
		order_by="creation desc",
	)
	email = (frappe.db.get_value("User", user, "email") or user).lower()
	titles = _document_titles([r.order_document for r in rows])
	now = now_datetime()
	return [
		{
			"name": r.name,
			"document": titles.get(r.order_document, r.order_document),
			"service_order": r.service_order,
			"signer": r.signer_name,
			"expires": short_date(r.expires_on),
			"route": SIGN_METHOD,  # POST with the request's name (templates: sign_button)
		}
		for r in rows
		if (r.signer_email or "").lower() == email and (not r.expires_on or r.expires_on > now)
	]


def _document_titles(names: list[str]) -> dict[str, str]:
	names = [n for n in names if n]
	if not names:
		return {}
	return dict(
		frappe.get_all(DOCUMENT, filters={"name": ("in", names)}, fields=["name", "title"], as_list=True)
	)


# ---------- invoices and identity ----------


def invoices(customer: str, unpaid_only: bool = False, names: list[str] | None = None) -> list[dict]:
	"""The customer's submitted invoices, newest first, with a pay link when money is due."""
	filters: dict[str, Any] = {"customer": customer, "docstatus": 1}
	if unpaid_only:
		filters["outstanding_amount"] = (">", 0)
	if names is not None:
		filters["name"] = ("in", names or [""])
	rows = frappe.get_all(
		"Sales Invoice",
		filters=filters,
		fields=["name", "posting_date", "due_date", "grand_total", "outstanding_amount", "status",
			"currency", "is_return"],
		order_by="posting_date desc, creation desc",
	)  # fmt: skip
	orders_by_invoice = dict(
		frappe.get_all(
			ORDER,
			filters={"customer": customer, "sales_invoice": ("in", [r.name for r in rows] or [""])},
			fields=["sales_invoice", "name"],
			as_list=True,
		)
	)
	return [
		{
			"name": r.name,
			"date": short_date(r.posting_date),
			"due": short_date(r.due_date),
			"total": money(r.grand_total, r.currency),
			"outstanding": money(r.outstanding_amount, r.currency),
			"status": _(r.status),
			"overdue": r.status == "Overdue",
			"unpaid": flt(r.outstanding_amount) > 0 and not r.is_return,
			"pay": pay_route(r.name) if flt(r.outstanding_amount) > 0 and not r.is_return else None,
			"order": orders_by_invoice.get(r.name),
		}
		for r in rows
	]


def identity(customer: str) -> dict:
	"""The identity verification of the customer: verified or what to do."""
	status = frappe.db.get_value(
		"Identity Verification", {"customer": customer}, "status", order_by="modified desc"
	)
	verified = status == "Verified"
	return {
		"status": _(status) if status else _("Not started"),
		"verified": verified,
		"route": None if verified else "/verify_identity",
	}


# ---------- pages from other apps ----------


def cards(customer: str) -> list[dict]:
	"""Dashboard cards other apps contribute through `pw_portal_dashboard` (next deadlines ...)."""
	result = []
	for method in frappe.get_hooks("pw_portal_dashboard"):
		result.extend(frappe.get_attr(method)(customer) or [])
	return sorted(result, key=lambda card: card.get("order", 50))


def profile_sections(customer: str) -> list[dict]:
	"""The read-only profile: the company as we have it, then what other apps add (`pw_portal_profile`)."""
	values = frappe.db.get_value(
		"Customer", customer, ["customer_name", "email_id", "mobile_no", "tax_id"], as_dict=True
	)
	sections = [
		{
			"title": _("Company"),
			"order": 0,
			"fields": [
				{"label": _("Name"), "value": values.customer_name},
				{"label": _("E-mail"), "value": values.email_id},
				{"label": _("Phone"), "value": values.mobile_no},
				{"label": _("Tax ID"), "value": values.tax_id},
			],
		}
	]
	for method in frappe.get_hooks("pw_portal_profile"):
		sections.extend(frappe.get_attr(method)(customer) or [])
	for section in sections:
		section["fields"] = [f for f in section.get("fields", []) if f.get("value") not in (None, "")]
	return sorted(sections, key=lambda s: s.get("order", 50))


def doc_fields(doctype: str, name: str, skip: tuple[str, ...] = ()) -> list[dict]:
	"""A document's filled-in fields as read-only label/value pairs of plain text (templates escape
	them), in form order, for the profile sections other apps supply: ticked checks as Yes, dates and
	amounts as the desk shows them."""
	doc = frappe.get_doc(doctype, name)
	fields = []
	for df in doc.meta.fields:
		if df.fieldtype in frappe.model.no_value_fields or df.hidden or df.fieldname in skip:
			continue
		value = doc.get(df.fieldname)
		if df.fieldtype == "Check":
			if not value:
				continue
			value = _("Yes")
		elif value in (None, ""):
			continue
		elif df.fieldtype in ("Date", "Datetime", "Currency", "Float", "Int", "Percent"):
			value = frappe.format_value(value, df, doc=doc)
		else:
			value = _(str(value)) if df.fieldtype == "Select" else str(value)
		fields.append({"label": _(df.label), "value": value})
	return fields


def dashboard(customer: str, user: str) -> dict:
	"""Everything /portal shows, in a bounded number of queries."""
	all_orders = orders(customer)
	return {
		"orders": active_first(all_orders)[:5],
		"order_count": len(all_orders),
		"documents": documents(customer, limit=5),
		"signatures": signatures(customer, user),
		"unpaid": invoices(customer, unpaid_only=True),
		"identity": identity(customer),
		"cards": cards(customer),
	}


def support_email() -> str | None:
	return frappe.get_cached_doc("Performance West Settings").support_email
