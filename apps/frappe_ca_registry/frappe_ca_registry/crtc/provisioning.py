"""Buying and setting up what a Canadian carrier gets: the .ca domain and its DNS (Porkbun), the web and
mail domain and the mailboxes (HestiaCP), the Vancouver number and its route (Flowroute).

Each external effect is a CA Provisioning row whose name is its purchase key
(`<registration>::<kind>::<item>`), inserted and committed before the call: the database holds one row per
effect. A retry (the engine's, after a failure or a worker that died mid-call) finds the row still at
Intent and first asks the provider whether the effect exists (`find`: our numbers, our domains), so a
number or domain is bought once. With CA Registry Settings "live" off, nothing is bought: each row
waits for staff (status Staff) and one task on the registration says what would be bought.
"""

import secrets
from collections.abc import Callable
from typing import Any

import frappe
from frappe import _
from frappe.utils import escape_html, get_url, nowdate

from frappe_ca_registry.integrations import flowroute, hestia, porkbun
from frappe_ca_registry.integrations.settings import is_live, settings

ROW = "CA Provisioning"
REGISTRATION = "CRTC Registration"
PROVISIONED_EVENT = "ca_provisioned"


class StaffNeeded(Exception):
	"""This effect cannot be automated here (the reason is the message): staff do it."""


def purchase_key(reg: Any, kind: str, item: str, period: str = "") -> str:
	"""A renewal's key ends with its period: one renewal per domain, number or mailbox and year."""
	return f"{reg.name}::{kind}::{item}" + (f"::{period}" if period else "")


def _row(reg: Any, kind: str, item: str, amount: float = 0, period: str = "", entry: str = "") -> Any:
	key = purchase_key(reg, kind, item, period)
	if not frappe.db.exists(ROW, key):
		frappe.db.savepoint("ca_provisioning")
		try:
			frappe.get_doc(
				{
					"doctype": ROW, "purchase_key": key, "kind": kind, "item": item, "status": "Intent",
					"registration": reg.name, "service_order": None if entry else reg.service_order,
					"amount": amount, "period": period or None, "compliance_entry": entry or None,
				}
			).insert(ignore_permissions=True)  # fmt: skip
		except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
			frappe.db.rollback(save_point="ca_provisioning")
		# the intent is on record before the provider is called
		frappe.db.commit()  # nosemgrep: frappe-manual-commit
	return frappe.get_doc(ROW, key)


def effect(
	reg: Any,
	kind: str,
	item: str,
	run: Callable[[], str],
	find: Callable[[], str | None] | None = None,
	amount: float = 0,
	period: str = "",
	entry: str = "",
) -> str:
	"""Do one effect once. Returns its status: Done or Staff. `find` may raise StaffNeeded too (an earlier
	attempt whose outcome the provider cannot tell)."""
	tried_before = frappe.db.exists(ROW, purchase_key(reg, kind, item, period))
	row = _row(reg, kind, item, amount, period, entry)
	if row.status in ("Done", "Staff"):
		return row.status
	if not is_live():
		row.db_set({"status": "Staff", "response": frappe.as_json({"why": "live switch off"})})
		return "Staff"
	try:
		reference = (find() if find and tried_before else None) or run()
	except StaffNeeded as e:
		row.db_set({"status": "Staff", "response": frappe.as_json({"why": str(e)})})
		return "Staff"
	row.db_set({"status": "Done", "live": 1, "external_reference": str(reference or "")[:140]})
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the effect is recorded as soon as it happened
	return "Done"


def mailbox_names() -> list[str]:
	return [line.strip().lower() for line in (settings().mailboxes or "").splitlines() if line.strip()]


def provision(reg: Any) -> dict[str, int]:
	"""Every effect of the registration, in order; returns how many are done and how many wait for staff."""
	conf = settings()
	domain, number = reg.domain, reg.did
	if not domain or not number:
		frappe.throw(_("{0} has no domain or number selected yet.").format(reg.name))

	def register_domain() -> str:
		if not porkbun.api_registerable(domain.rsplit(".", 1)[-1]):
			raise StaffNeeded(
				_("Porkbun does not register .{0} through its API").format(domain.rsplit(".", 1)[-1])
			)
		quote = porkbun.check(domain)
		if not quote.available:
			raise StaffNeeded(_("{0} was taken after the customer chose it").format(domain))
		return porkbun.register(domain, quote.price, reference=(REGISTRATION, reg.name))["order_id"]

	def find_domain() -> str | None:
		return _("already ours") if porkbun.owned(domain) else None

	statuses = [effect(reg, "Domain", domain, register_domain, find_domain, amount=reg.domain_price or 0)]
	if conf.hosting_ip:
		statuses.append(
			effect(reg, "DNS", f"{domain} A", lambda: porkbun.create_record(domain, "A", "", conf.hosting_ip))
		)
	if conf.mail_host:
		statuses.append(
			effect(reg, "DNS", f"{domain} MX", lambda: porkbun.create_record(domain, "MX", "", conf.mail_host, prio=10))
		)  # fmt: skip
	statuses.append(effect(reg, "Hosting Domain", domain, lambda: hestia.add_domain(domain)))
	for local in mailbox_names():
		address = f"{local}@{domain}"
		row = _row(reg, "Mailbox", address)
		if not row.get_password("secret", raise_exception=False):
			row.secret = secrets.token_urlsafe(18)
			row.save(ignore_permissions=True)
		password = row.get_password("secret")
		statuses.append(
			effect(reg, "Mailbox", address, lambda l=local, p=password: hestia.add_mailbox(domain, l, p))
		)

	def buy_number() -> str:
		return flowroute.purchase(number, reference=(REGISTRATION, reg.name))

	def find_number() -> str | None:
		return number if flowroute.owned(number) else None

	statuses.append(effect(reg, "DID", number, buy_number, find_number, amount=reg.did_monthly_cost or 0))
	if conf.flowroute_route_id:
		statuses.append(
			effect(reg, "DID Route", number, lambda: flowroute.set_primary_route(number, conf.flowroute_route_id) or conf.flowroute_route_id)
		)  # fmt: skip
	staff = statuses.count("Staff")
	if staff:
		staff_task(reg)
	elif not reg.provisioned_on:
		reg.db_set("provisioned_on", nowdate())
	return {"done": statuses.count("Done"), "staff": staff}


def pending(reg_name: str) -> list[Any]:
	"""The registration's own effects not done yet (renewals are the calendar's: `crtc.renewals`)."""
	return frappe.get_all(
		ROW,
		filters={"registration": reg_name, "status": ("!=", "Done"), "compliance_entry": ("is", "not set")},
		fields=["name", "kind", "item", "status", "amount", "response"],
		order_by="creation asc",
	)


def staff_task(reg: Any) -> str:
	"""One task on the registration listing every effect staff do by hand, and why (made once)."""
	open_todo = frappe.db.get_value(
		"ToDo", {"reference_type": REGISTRATION, "reference_name": reg.name, "status": "Open",
			"description": ("like", "%would be bought%")}, "name"
	)  # fmt: skip
	if open_todo:
		return open_todo
	lines = [
		_(
			"Nothing below was bought automatically (live switch off, or the provider cannot do it by API): "
			"what would be bought, for {0} ({1})."
		).format(reg.approved_name or reg.customer, reg.service_order)
	]
	for row in pending(reg.name):
		why = frappe.parse_json(row.response or "{}").get("why", "")
		price = " " + _("at {0} USD").format(row.amount) if row.amount else ""
		lines.append(f"{row.kind}: {row.item}{price} ({why})")
	lines.append(
		_("Buy or set up each one, then open it in {0}, enter the provider's reference and set it Done; the order goes on "
			"when every row is Done.").format(get_url(f"/app/ca-provisioning?registration={reg.name}"))
	)  # fmt: skip
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"reference_type": REGISTRATION,
			"reference_name": reg.name,
			"role": "CA Registry Staff",
			"allocated_to": settings().registry_assignee,
			"description": "<br>".join(escape_html(line) for line in lines),
		}
	).insert(ignore_permissions=True)
	return todo.name


def on_update(doc: Any) -> None:
	"""A row staff completed: once every row of the registration is Done, the order goes on; a renewal
	row completes its calendar entry."""
	if doc.status != "Done" or not doc.registration or not doc.has_value_changed("status"):
		return
	if doc.compliance_entry:
		from frappe_ca_registry.crtc import renewals

		renewals.row_done(doc)
		return
	if pending(doc.registration):
		return
	reg = frappe.get_doc(REGISTRATION, doc.registration)
	if not reg.provisioned_on:
		reg.db_set("provisioned_on", nowdate())
	for todo in frappe.get_all(
		"ToDo", {"reference_type": REGISTRATION, "reference_name": reg.name, "status": "Open",
			"description": ("like", "%would be bought%")}, pluck="name"
	):  # fmt: skip
		frappe.db.set_value("ToDo", todo, "status", "Closed")
	if reg.service_order:
		from performancewest_erpnext.pw_orders import engine

		engine.notify(reg.service_order, PROVISIONED_EVENT)


def all_done(reg_name: str) -> bool:
	return bool(frappe.db.exists(ROW, {"registration": reg_name})) and not pending(reg_name)
