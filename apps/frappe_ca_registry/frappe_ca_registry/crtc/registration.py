"""The CRTC Registration record: one per order (a unique `service_order`), filled by the intake form of
pw_compliance (hook `pw_intake_doctypes`), the client selection and staff; its evidence fields gate
the staff tasks."""

import json
from typing import Any

import frappe
from frappe import _
from frappe.utils import escape_html
from pw_compliance.fulfilment import intake as intake_rules

from frappe_ca_registry.crtc import intake

REGISTRATION = "CRTC Registration"
INTAKE_EVENT = "intake_complete"


class EvidenceMissing(frappe.ValidationError):
	pass


def intake_spec(doc: Any) -> intake.Spec:
	return intake.SPEC


def answers_of(doc: Any) -> dict:
	try:
		value = json.loads(doc.intake or "{}")
	except ValueError:
		frappe.throw(_("The intake answers of {0} are not valid JSON.").format(doc.name))
	return value if isinstance(value, dict) else {}


def missing(doc: Any) -> list[str]:
	answers = answers_of(doc)
	return intake_rules.missing(intake.DECLARATION, answers) + list(intake.check(answers))


def validate(doc: Any) -> None:
	answers = answers_of(doc)
	clean, errors = intake_rules.validate(intake.DECLARATION, answers)
	wrong = {k: e for k, e in errors.items() if answers.get(k) not in (None, "")}
	if wrong:
		frappe.throw(
			"<br>".join(escape_html(f"{intake.DECLARATION.fact(k).label}: {_(e)}") for k, e in wrong.items()),
			title=_("Check the intake answers"),
		)
	doc.intake = json.dumps({**answers, **clean}, sort_keys=True)
	still = missing(doc)
	doc.intake_missing = "\n".join(
		intake.DECLARATION.fact(k).label if k in intake.DECLARATION.keys else k for k in still
	)
	if not still and doc.status == "Awaiting Intake":
		doc.status = "Awaiting Selection"
	if doc.incorporation_number:
		doc.incorporation_number = doc.incorporation_number.strip().upper()


def on_update(doc: Any) -> None:
	before = doc.get_doc_before_save()
	if doc.service_order and before and before.status == "Awaiting Intake" and doc.status != before.status:
		_notify(doc, INTAKE_EVENT, "intake")


def _notify(doc: Any, event: str, step: str) -> None:
	from performancewest_erpnext.pw_orders import engine

	row = frappe.db.get_value(
		"Service Order Step",
		{"parent": doc.service_order, "parenttype": "Service Order", "step": step, "status": ("in", ("Pending",
			"Waiting"))}, "name",
	)  # fmt: skip
	if row:
		engine.notify(doc.service_order, event, step=row)


def require(doc: Any, fields: dict[str, str]) -> None:
	"""Refuse to close a staff task until the registration holds its evidence ({field: label})."""
	gaps = [label for field, label in fields.items() if not str(doc.get(field) or "").strip()]
	if gaps:
		frappe.throw(
			_("Record {0} on {1} before closing this task.").format(", ".join(gaps), doc.name),
			exc=EvidenceMissing,
			title=_("Evidence missing"),
		)


def for_order(order_name: str) -> Any:
	name = frappe.db.get_value(REGISTRATION, {"service_order": order_name})
	if not name:
		frappe.throw(_("Order {0} has no CRTC registration yet.").format(order_name))
	return frappe.get_doc(REGISTRATION, name)


def ensure(order: Any, track: Any) -> str:
	"""The order's registration, made once (the database's unique service_order decides)."""
	name = frappe.db.get_value(REGISTRATION, {"service_order": order.name})
	if name:
		return name
	if not frappe.db.exists("Carrier Profile", order.customer):
		frappe.get_doc({"doctype": "Carrier Profile", "customer": order.customer, "country": "CA"}).insert(
			ignore_permissions=True
		)
	frappe.db.savepoint("crtc_registration")
	try:
		return (
			frappe.get_doc(
				{
					"doctype": REGISTRATION,
					"customer": order.customer,
					"carrier_profile": order.customer,
					"service": track.service,
					"service_order": order.name,
					"track": track.track,
					"intake": json.dumps(
						{"contact_email": order.contact_email} if order.contact_email else {}
					),
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		frappe.db.rollback(save_point="crtc_registration")
		return frappe.db.get_value(REGISTRATION, {"service_order": order.name})


def document_context(order: Any | None) -> dict:
	"""hooks `pw_document_context`: the `crtc` namespace of the CRTC letter (its fields while checked)."""
	if order is None:
		return {"crtc": (REGISTRATION, None), "crtc_intake": dict.fromkeys(intake.DECLARATION.keys)}
	name = frappe.db.get_value(REGISTRATION, {"service_order": order.name})
	if not name:
		return {}
	answers = answers_of(frappe.get_doc(REGISTRATION, name))
	return {
		"crtc": (REGISTRATION, name),
		"crtc_intake": {k: answers.get(k) or "" for k in intake.DECLARATION.keys},
	}
