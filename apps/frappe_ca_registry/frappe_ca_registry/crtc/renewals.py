"""Renewals of what the CRTC pipeline provisioned: the .ca domain, the Vancouver number and the mailbox.

Their calendar entries (`calendar_rules`: ca-domain-renewal, ca-did-renewal, ca-mailbox-renewal) are billable
through the catalog services of the same slugs; pw_compliance's sweep invoices them, and once an invoice is
paid it hands the entry to `start` (hook `pw_calendar_renewals`), which queues `renew`:

- domain: Porkbun's domain/renew at the renewal price checkDomain quotes;
- number: Flowroute bills the number monthly and has no renewal call, so the renewal checks that the
  number is still in our account (a number that is not goes to staff);
- mailbox: Anytime Mailbox has no API, so the renewal is always a staff task.

Each renewal is one CA Provisioning row keyed `<registration>::<kind>::<item>::<period>` (inserted and
committed before the provider is called, `provisioning.effect`): a second run of the same period finds the
row and calls nobody. With CA Registry Settings "live" off nothing is renewed: a staff task on the entry
says what would be renewed and at what price. A renewal done by the provider completes the entry with its
reference; one left to staff completes it when staff set its row Done with the provider's reference.
"""

from collections.abc import Callable
from typing import Any

import frappe
from frappe import _
from frappe.utils import escape_html, get_url
from performancewest_erpnext import jobs
from pw_compliance.calendar import entries

from frappe_ca_registry.crtc import provisioning
from frappe_ca_registry.integrations import flowroute, http, porkbun
from frappe_ca_registry.integrations.settings import configured, settings

ENTRY = "Compliance Entry"
REGISTRATION = "CRTC Registration"
KINDS = {
	"ca-domain-renewal": "Domain Renewal",
	"ca-did-renewal": "DID Renewal",
	"ca-mailbox-renewal": "Mailbox Renewal",
}
PORKBUN = ("porkbun_api_url", "porkbun_api_key", "porkbun_secret_key")


def registration_of(entry: Any) -> Any:
	"""The carrier's provisioned registration, or None (a Canadian profile we provisioned nothing for)."""
	name = frappe.db.get_value(
		REGISTRATION,
		{"carrier_profile": entry.carrier_profile, "provisioned_on": ("is", "set")},
		"name",
		order_by="provisioned_on desc",
	)
	return frappe.get_doc(REGISTRATION, name) if name else None


def item_of(kind: str, reg: Any) -> str:
	return {
		"Domain Renewal": reg.domain,
		"DID Renewal": reg.did,
		"Mailbox Renewal": " ".join(part for part in (reg.mailbox_location, reg.mailbox_unit) if part),
	}[kind] or ""


def what(entry: Any) -> tuple[Any, str, str, str]:
	"""(registration, kind, item, why not): `why not` says why the entry cannot be renewed here."""
	kind = KINDS.get(entry.service_slug or "", "")
	reg = registration_of(entry) if kind else None
	item = item_of(kind, reg) if reg else ""
	if not kind:
		return reg, kind, item, _("{0} is not a Canadian renewal").format(entry.service_slug)
	if not reg:
		return reg, kind, item, _("the carrier has no provisioned CRTC registration to renew from")
	if not item:
		return reg, kind, item, _("{0} holds nothing to renew for {1}").format(reg.name, _(kind))
	return reg, kind, item, ""


def start(entry_name: str) -> str:
	"""hook `pw_calendar_renewals`: the paid entry is Filing while its renewal runs in a background job
	(queued once the payment's transaction commits, never inside it). An entry with nothing of ours to
	renew becomes a staff task instead (the customer's payment is never refused for it)."""
	entry = frappe.get_doc(ENTRY, entry_name)
	if entry.status in ("Paid", "Due Soon"):
		entries._set_status(entry_name, "Filing")
	if why := what(entry)[3]:
		return unrenewable_task(entry, why)
	jobs.enqueue(
		"frappe_ca_registry.crtc.renewals.renew",
		queue="long",
		job_id=f"ca-renewal::{entry_name}",
		entry_name=entry_name,
	)
	return entry_name


def _entry_task(entry: Any, lines: Callable[[], list[str]]) -> str:
	"""The one open staff task on a renewal entry, made with `lines` (escaped, one per line) the first
	time; the entry points at it."""
	todo = frappe.db.get_value(
		"ToDo", {"reference_type": ENTRY, "reference_name": entry.name, "status": ("!=", "Cancelled")}
	)
	if not todo:
		todo = (
			frappe.get_doc(
				{
					"doctype": "ToDo",
					"reference_type": ENTRY,
					"reference_name": entry.name,
					"role": "CA Registry Staff",
					"allocated_to": settings().registry_assignee,
					"date": entry.due_date,
					"description": "<br>".join(escape_html(line) for line in lines()),
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	frappe.db.set_value(ENTRY, entry.name, "todo", todo)
	return todo


def unrenewable_task(entry: Any, why: str) -> str:
	return _entry_task(
		entry,
		lambda: [
			_(
				"{0} ({1}) for {2} is paid (invoice {3}, {4}) but cannot be renewed automatically: {5}. Renew "
				"it by hand and record the reference on this entry, or refund the invoice."
			).format(entry.title, entry.period, entry.customer, entry.sales_invoice, entry.price, why)
		],
	)


def provider_price(kind: str, reg: Any) -> float:
	"""What the provider charges for a year, in USD, as far as we know it (0: unknown)."""
	if kind == "Domain Renewal":
		if not configured(*PORKBUN):
			return 0
		try:
			return porkbun.check(reg.domain).renewal
		except http.ApiError:
			return 0
	if kind == "DID Renewal":
		return round((reg.did_monthly_cost or 0) * 12, 2)
	monthly = (
		frappe.db.get_value("AMB Location", reg.mailbox_location, "monthly_price")
		if reg.mailbox_location
		else 0
	)
	return round((monthly or 0) * 12, 2)


def renew(entry_name: str) -> str:
	"""Renew the entry's domain, number or mailbox once for its period; returns the row's status."""
	entry = frappe.get_doc(ENTRY, entry_name)
	if entry.status in ("Completed", "Closed"):
		return entry.status
	if not (entry.billable and entry.paid_on):
		frappe.throw(_("{0} is not a paid renewal.").format(entry_name))
	reg, kind, item, why = what(entry)
	if why:
		frappe.throw(_("{0}: {1}.").format(entry_name, why))
	price = provider_price(kind, reg)

	def run() -> str:
		if kind == "Domain Renewal":
			cost = price or porkbun.check(reg.domain).renewal
			return porkbun.renew(reg.domain, cost, reference=(ENTRY, entry.name))["order_id"]
		if kind == "DID Renewal":
			if not flowroute.owned(reg.did):
				raise provisioning.StaffNeeded(_("{0} is no longer in our Flowroute account").format(reg.did))
			return _("{0} active in Flowroute").format(reg.did)
		raise provisioning.StaffNeeded(_("Anytime Mailbox has no API: renew the plan in its dashboard"))

	def find() -> str | None:
		if kind == "DID Renewal":
			return run()  # a read: safe to ask again
		raise provisioning.StaffNeeded(
			_("an earlier attempt did not record its answer: check the provider before renewing by hand")
		)

	key = provisioning.purchase_key(reg, kind, item, entry.period)
	try:
		status = provisioning.effect(
			reg, kind, item, run, find, amount=price, period=entry.period, entry=entry.name
		)
	except http.ApiError as e:
		status = "Staff"
		why = _(
			"the provider refused or did not answer ({0}); check whether it renewed before renewing by hand"
		)
		frappe.db.set_value(
			provisioning.ROW,
			key,
			{"status": "Staff", "response": frappe.as_json({"why": why.format(str(e)[:300])})},
		)
	row = frappe.get_doc(provisioning.ROW, key)
	if status == "Done":
		_complete(entry.name, row.external_reference or row.name)
	else:
		row.db_set("staff_todo", staff_task(entry, row))
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a renewal is its own unit of work (a background job)
	return status


def _complete(entry_name: str, reference: str) -> None:
	status = frappe.db.get_value(ENTRY, entry_name, "status")
	if status == "Completed":
		return
	if status in ("Paid", "Due Soon"):
		entries._set_status(entry_name, "Filing")
	entries.complete(entry_name, confirmation_number=reference[:140])


def staff_task(entry: Any, row: Any) -> str:
	"""One task on the entry: what would be renewed, at what price, and why it was not (made once)."""

	def lines() -> list[str]:
		why = frappe.parse_json(row.response or "{}").get("why", "")
		cost = _("{0} USD a year").format(row.amount) if row.amount else _("not known")
		return [
			_("Not renewed automatically ({0}): {1} {2} for {3}, period {4}.").format(
				why, _(row.kind), row.item, entry.customer, entry.period
			),
			_("Billed to the customer: {0} (invoice {1}, paid on {2}). Provider price: {3}.").format(
				entry.price, entry.sales_invoice, entry.paid_on, cost
			),
			_("Renew it with the provider, then open {0}, enter the provider's reference and set it Done: "
				"the calendar entry is completed with that reference.").format(
				get_url(f"/app/ca-provisioning/{row.name}")
			),
		]  # fmt: skip

	return _entry_task(entry, lines)


def validate_row(row: Any) -> None:
	"""CA Provisioning validate: a renewal row is set Done only with the provider's reference."""
	if row.status == "Done" and not (row.external_reference or "").strip():
		frappe.throw(_("Enter the provider's reference of the renewal before setting it Done."))


def row_done(row: Any) -> None:
	"""CA Provisioning on_update: staff set a renewal row Done; its entry is completed with the reference."""
	_complete(row.compliance_entry, row.external_reference)
