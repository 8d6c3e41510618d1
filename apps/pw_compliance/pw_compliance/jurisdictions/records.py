"""The jurisdiction data on a site: import, export and due dates, over the DocTypes.

The rows have the shape of the seed files in ``data/`` (see ``dataset``), so an export is a seed file and
an import accepts either. Imports are validated whole before anything is written, and write only what
changed: importing the same data twice changes nothing.
"""

import json
from datetime import date
from typing import Any

import frappe
from frappe import _
from frappe.utils import add_months, getdate, today

from pw_compliance.jurisdictions import dataset, rules

JURISDICTION = "Jurisdiction"
ENTITY_RULE = "Jurisdiction Entity Rule"
# seed key -> DocType field, where they differ
JURISDICTION_KEYS = {"name": "jurisdiction_name"}
JSON_FIELDS = {"registered_agent_address", "due_rule", "franchise_tax", "verified_fields"}
MONEY_FIELDS = {"formation_fee", "foreign_qualification_fee", "report_fee", "late_fee"}
STALE_AFTER_MONTHS = 12
SEED_SHAPE = {
	JURISDICTION: ((*dataset.JURISDICTION_FIELDS, "notes"), JURISDICTION_KEYS),
	ENTITY_RULE: (dataset.RULE_FIELDS, {}),
}


class JurisdictionDataError(frappe.ValidationError):
	pass


def stale_before() -> date:
	"""Rows checked before this date are due for a re-check."""
	return getdate(add_months(today(), -STALE_AFTER_MONTHS))


def _to_doc_values(row: dict[str, Any], keys: dict[str, str]) -> dict[str, Any]:
	values = {}
	for key, value in row.items():
		field = keys.get(key, key)
		if field in JSON_FIELDS:
			value = None if value is None else json.dumps(value, sort_keys=True)
		elif field in MONEY_FIELDS:
			value = value or 0
		elif isinstance(value, bool):
			value = int(value)
		values[field] = value
	return values


def as_row(doctype: str, doc: dict[str, Any]) -> dict[str, Any]:
	"""A record of either DocType in the seed files' shape."""
	seed_keys, keys = SEED_SHAPE[doctype]
	row = {}
	for key in seed_keys:
		value = doc.get(keys.get(key, key))
		if keys.get(key, key) in JSON_FIELDS:
			value = json.loads(value) if value else None
		elif key == "no_report":
			value = bool(value)
		elif key in MONEY_FIELDS:
			value = float(value or 0)
		elif key == "checked_on" or key.endswith("_checked_on"):
			value = str(value) if value else None
		row[key] = value if value != "" else None
	return row


def export_data() -> dict[str, list[dict[str, Any]]]:
	"""Every jurisdiction and entity rule on the site, in the seed files' shape."""
	jurisdictions = frappe.get_all(JURISDICTION, fields=["*"], order_by="country desc, code asc")
	entity_rules = frappe.get_all(ENTITY_RULE, fields=["*"], order_by="jurisdiction asc, entity_type asc")
	return {
		"jurisdictions": [as_row(JURISDICTION, d) for d in jurisdictions],
		"entity_rules": [as_row(ENTITY_RULE, d) for d in entity_rules],
	}


def problems_of(doctype: str, doc: dict[str, Any]) -> list[str]:
	"""What is wrong with one record, by the same rules as an import."""
	row = as_row(doctype, doc)
	if doctype == JURISDICTION:
		return dataset.validate_jurisdiction_row(row)
	known = frozenset(frappe.get_all(JURISDICTION, pluck="name"))
	return dataset.validate_rule_row(row, known_jurisdictions=known)


def validate_data(data: dict[str, list[dict[str, Any]]]) -> None:
	"""Refuse the whole import, with every problem listed, if any row is invalid."""
	problems = []
	known = set(frappe.get_all(JURISDICTION, pluck="name"))
	for index, row in enumerate(data.get("jurisdictions") or [], 1):
		problems += [
			_("Jurisdiction row {0}: {1}").format(index, p) for p in dataset.validate_jurisdiction_row(row)
		]
		if isinstance(row, dict) and row.get("code"):
			known.add(row["code"])
	for index, row in enumerate(data.get("entity_rules") or [], 1):
		found = dataset.validate_rule_row(row, known_jurisdictions=frozenset(known))
		problems += [_("Entity rule row {0}: {1}").format(index, p) for p in found]
	if problems:
		frappe.throw("<br>".join(problems[:50]), JurisdictionDataError, title=_("Jurisdiction data refused"))


def import_data(data: dict[str, list[dict[str, Any]]], overwrite: bool = True) -> dict[str, int]:
	"""Create or update rows; with ``overwrite=False`` only missing rows are created (staff edits kept)."""
	validate_data(data)
	counts = {"created": 0, "updated": 0, "unchanged": 0}
	for doctype, rows, keys in (
		(JURISDICTION, data.get("jurisdictions") or [], JURISDICTION_KEYS),
		(ENTITY_RULE, data.get("entity_rules") or [], {}),
	):
		for row in rows:
			values = _to_doc_values(row, keys)
			name = row["code"] if doctype == JURISDICTION else f"{row['jurisdiction']}-{row['entity_type']}"
			if not frappe.db.exists(doctype, name):
				frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True)
				counts["created"] += 1
				continue
			doc = frappe.get_doc(doctype, name)
			before = doc.as_dict()
			doc.update(values)
			changed = [f for f, v in values.items() if _normal(f, before.get(f)) != _normal(f, doc.get(f))]
			if overwrite and changed:
				doc.save(ignore_permissions=True)
				counts["updated"] += 1
			else:
				counts["unchanged"] += 1
	return counts


def _normal(field: str, value: Any) -> Any:
	if field in JSON_FIELDS:
		return json.loads(value) if isinstance(value, str) and value else value or None
	if field in MONEY_FIELDS:
		return float(value or 0)
	if field == "checked_on" or field.endswith("_checked_on"):
		return str(value) if value else None
	return value if value != "" else None


def load_seed(overwrite: bool = False) -> dict[str, int]:
	return import_data(
		{"jurisdictions": dataset.load_jurisdictions(), "entity_rules": dataset.load_entity_rules()},
		overwrite=overwrite,
	)


def load_fee_sources() -> int:
	"""The fees and their sources from the shipped dataset onto the site's rules (patch), fee by fee: a fee
	the dataset checked on or after the site's date (or that the site has no source for) takes the dataset's
	amount, source URL and checked-on date; a fee staff checked later than the dataset stands, and so do the
	row's notes then (otherwise the notes follow the dataset's). The due-date fields are left as staff keep
	them."""
	updated = 0
	for row in dataset.load_entity_rules():
		name = f"{row['jurisdiction']}-{row['entity_type']}"
		if not frappe.db.exists(ENTITY_RULE, name):
			continue
		site = frappe.db.get_value(
			ENTITY_RULE, name, ["notes", *dataset.FEE_KEYS, *dataset.FEE_SOURCE_FIELDS], as_dict=True
		)
		values: dict[str, Any] = {}
		staff_later = False
		for fee in dataset.FEE_KEYS:
			ours = row.get(f"{fee}_checked_on")
			theirs = site.get(f"{fee}_checked_on") and str(site.get(f"{fee}_checked_on"))
			if theirs and site.get(f"{fee}_source") and (not ours or theirs > ours):
				staff_later = True
				continue
			if ours:
				values.update(
					{fee: row.get(fee) or 0, f"{fee}_source": row[f"{fee}_source"], f"{fee}_checked_on": ours}
				)
		if not staff_later and (site.get("notes") or None) != row.get("notes"):
			values["notes"] = row.get("notes")
		if values:
			frappe.db.set_value(ENTITY_RULE, name, values, update_modified=False)
			updated += 1
	return updated


def fee_status(jurisdiction: str, entity_type: str, fee: str) -> tuple[float | None, bool]:
	"""(the fee on file, whether it is confirmed from its own source)."""
	row = frappe.db.get_value(
		ENTITY_RULE,
		{"jurisdiction": jurisdiction, "entity_type": entity_type},
		[fee, f"{fee}_source", f"{fee}_checked_on"],
		as_dict=True,
	)
	if not row:
		return None, False
	return row.get(fee), dataset.fee_confirmed({**row, fee: row.get(fee)}, fee)


def rule_row(jurisdiction: str, entity_type: str) -> dict[str, Any]:
	"""The site's rule for a jurisdiction and entity type, in the seed shape; clear errors otherwise."""
	code = (jurisdiction or "").strip().upper()
	kind = (entity_type or "").strip().lower()
	if not frappe.db.exists(JURISDICTION, code):
		frappe.throw(_("Unknown jurisdiction {0}").format(frappe.bold(jurisdiction)), JurisdictionDataError)
	name = f"{code}-{kind}"
	if not frappe.db.exists(ENTITY_RULE, name):
		frappe.throw(
			_("There is no {0} rule for {1}").format(frappe.bold(entity_type), frappe.bold(code)),
			JurisdictionDataError,
		)
	return as_row(ENTITY_RULE, frappe.get_doc(ENTITY_RULE, name).as_dict())


def due(
	jurisdiction: str,
	entity_type: str,
	formed_on: str | date,
	year: int,
	entity_number: str | None = None,
) -> list[dict[str, Any]]:
	"""The obligations due in ``year`` for an entity formed (or qualified) on ``formed_on``."""
	row = rule_row(jurisdiction, entity_type)
	formed = getdate(formed_on)
	if formed > getdate(today()):
		frappe.throw(_("The formation date {0} is in the future").format(formed), JurisdictionDataError)
	try:
		found = rules.due_obligations(row, formed, int(year), entity_number=entity_number)
	except rules.RuleError as e:
		frappe.throw(str(e), JurisdictionDataError)
	return [
		{
			key: (value.isoformat() if isinstance(value, date) else value)
			for key, value in vars(obligation).items()
		}
		for obligation in found
	]
