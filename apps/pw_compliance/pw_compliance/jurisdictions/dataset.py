"""Load and validate the jurisdiction and entity-rule seed data (``data/*.json``). Pure Python, no Frappe.

These files are the seed the Frappe DocTypes are loaded from. Both are JSON arrays, one object per row,
keys sorted, tab-indented.

``jurisdictions.json``: the 50 states and DC (country ``US``), the 13 provinces and territories (``CA``)
and the two federal levels ``US-FED`` and ``CA-FED``.

``entity_rules.json``: one row per jurisdiction and entity type (``llc``, ``corporation``, optionally
``nonprofit``). ``confidence`` is ``"confirmed"`` when the due rule and the report fee were matched, on
``checked_on``, against an official or statutory page or at least two consistent independent secondary
sources, and ``"unconfirmed"`` otherwise (``notes`` then say why). ``verified_fields`` lists exactly which
fields were checked; formation and foreign-qualification fees are the compiler's knowledge unless listed
there. Amounts are in ``currency`` (USD unless stated).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pw_compliance.jurisdictions.rules import RuleError, validate_rule

DATA_DIR = Path(__file__).resolve().parent / "data"
JURISDICTIONS_FILE = DATA_DIR / "jurisdictions.json"
ENTITY_RULES_FILE = DATA_DIR / "entity_rules.json"

US_CODES = frozenset(
	"AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC "
	"ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split()
)
CA_PROVINCES = frozenset("AB BC MB NB NL NS ON PE QC SK".split())
CA_TERRITORIES = frozenset("NT NU YT".split())
FEDERAL_CODES = frozenset({"US-FED", "CA-FED"})

ENTITY_TYPES = ("llc", "corporation", "nonprofit")
FREQUENCIES = ("annual", "biennial", "none")
CONFIDENCE = ("confirmed", "unconfirmed")
CURRENCIES = ("USD", "CAD")

JURISDICTION_FIELDS = (
	"business_search_url",
	"checked_on",
	"code",
	"country",
	"kind",
	"name",
	"portal_url",
	"registered_agent_address",
	"registry_name",
	"source_url",
	"time_zone",
)
FEE_KEYS = ("formation_fee", "foreign_qualification_fee", "report_fee")
FEE_SOURCE_FIELDS = tuple(f"{fee}_{part}" for fee in FEE_KEYS for part in ("source", "checked_on"))
RULE_FIELDS = (
	"checked_on",
	"confidence",
	"currency",
	"due_rule",
	"entity_type",
	"foreign_qualification_fee",
	"formation_fee",
	"franchise_tax",
	"frequency",
	"jurisdiction",
	"late_fee",
	"no_report",
	"notes",
	"report_fee",
	"report_name",
	"source_url",
	"verified_fields",
	*FEE_SOURCE_FIELDS,
)
_ADDRESS_FIELDS = frozenset({"name", "line1", "line2", "city", "region", "postal_code"})
_FRANCHISE_FIELDS = frozenset(
	{"name", "description", "minimum", "due_rule", "included_in_report_fee", "no_tax_due_threshold"}
)
_TZ_NAME = re.compile(r"^[A-Za-z_]+(/[A-Za-z_+\-0-9]+)+$")


# ------------------------------------------------------------------------------------------- loading


@cache
def _read(path: Path) -> tuple[dict[str, Any], ...]:
	with path.open(encoding="utf-8") as handle:
		rows = json.load(handle)
	if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
		raise RuleError(f"{path.name} must be a JSON array of objects")
	return tuple(rows)


def load_jurisdictions() -> list[dict[str, Any]]:
	"""All jurisdiction rows (a fresh copy; callers may modify it)."""
	return copy.deepcopy(list(_read(JURISDICTIONS_FILE)))


def load_entity_rules() -> list[dict[str, Any]]:
	"""All entity rule rows (a fresh copy; callers may modify it)."""
	return copy.deepcopy(list(_read(ENTITY_RULES_FILE)))


def jurisdiction_codes() -> frozenset[str]:
	return frozenset(row["code"] for row in _read(JURISDICTIONS_FILE))


def find_rule(state: str, entity_type: str) -> dict[str, Any]:
	"""The rule row for a jurisdiction code (``"DE"``, ``"bc"``) and entity type (``"llc"``)."""
	code = str(state or "").strip().upper()
	kind = str(entity_type or "").strip().lower()
	if code not in jurisdiction_codes():
		raise RuleError(f"unknown jurisdiction {state!r}")
	if kind not in ENTITY_TYPES:
		raise RuleError(f"unknown entity type {entity_type!r}; expected one of {', '.join(ENTITY_TYPES)}")
	for row in _read(ENTITY_RULES_FILE):
		if row.get("jurisdiction") == code and row.get("entity_type") == kind:
			return copy.deepcopy(row)
	raise RuleError(f"no {kind} rule for {code} in the dataset")


# ---------------------------------------------------------------------------------------- validation


def fee_confirmed(row: Mapping[str, Any], fee: str) -> bool:
	"""A fee is confirmed when its own official source and the date it was checked are recorded."""
	if fee not in FEE_KEYS:
		raise KeyError(fee)
	return bool(row.get(f"{fee}_source") and row.get(f"{fee}_checked_on"))


def _is_number(value: Any) -> bool:
	return isinstance(value, int | float) and not isinstance(value, bool)


def _check_url(row: Mapping[str, Any], key: str, problems: list[str], *, required: bool = True) -> None:
	value = row.get(key)
	if value in (None, ""):
		if required:
			problems.append(f"missing {key}")
		return
	if not isinstance(value, str) or not value.startswith("https://") or " " in value:
		problems.append(f"{key} must be an https:// URL, got {value!r}")


def _check_iso_date(row: Mapping[str, Any], key: str, problems: list[str], today: date | None) -> None:
	value = row.get(key)
	if not isinstance(value, str):
		problems.append(f"missing {key} (ISO date)")
		return
	try:
		parsed = date.fromisoformat(value)
	except ValueError:
		problems.append(f"{key} is not an ISO date: {value!r}")
		return
	if parsed.isoformat() != value:
		problems.append(f"{key} must be written YYYY-MM-DD, got {value!r}")
	if parsed.year < 2025:
		problems.append(f"{key} {value} is too old to count as a current check")
	if today is not None and parsed > today:
		problems.append(f"{key} {value} is in the future")


def _check_fee(row: Mapping[str, Any], key: str, problems: list[str]) -> None:
	if key not in row:
		problems.append(f"missing {key}")
		return
	value = row[key]
	if value is None:
		return
	if not _is_number(value):
		problems.append(f"{key} must be a number or null, got {value!r}")
	elif value < 0:
		problems.append(f"{key} must not be negative, got {value!r}")


def _check_franchise(value: Any, problems: list[str]) -> None:
	if value is None:
		return
	if not isinstance(value, Mapping):
		problems.append("franchise_tax must be null or an object")
		return
	unknown = sorted(set(value) - _FRANCHISE_FIELDS)
	if unknown:
		problems.append(f"franchise_tax has unknown fields: {', '.join(unknown)}")
	if not isinstance(value.get("description"), str) or not value["description"].strip():
		problems.append("franchise_tax needs a description")
	minimum = value.get("minimum")
	if not _is_number(minimum) or minimum < 0:
		problems.append(f"franchise_tax minimum must be a non-negative number, got {minimum!r}")
	if "included_in_report_fee" in value and not isinstance(value["included_in_report_fee"], bool):
		problems.append("franchise_tax included_in_report_fee must be true or false")
	if "due_rule" in value:
		problems.extend(f"franchise_tax due_rule: {p}" for p in validate_rule(value["due_rule"]))
		if value.get("included_in_report_fee"):
			problems.append("franchise_tax with its own due_rule cannot be included in the report fee")


def validate_rule_row(row: Any, *, known_jurisdictions: frozenset[str] | None = None) -> list[str]:
	"""Problems with an entity rule row; an empty list means the row is usable.

	Refuses rows without a source URL, for an unknown jurisdiction or entity type, with an unknown or
	malformed rule kind, with a negative fee or with an inconsistent frequency / ``no_report``.
	"""
	if not isinstance(row, Mapping):
		return [f"a rule row must be an object, got {type(row).__name__}"]
	known = jurisdiction_codes() if known_jurisdictions is None else known_jurisdictions
	problems: list[str] = []
	optional = ("confidence", "verified_fields", *FEE_SOURCE_FIELDS)
	missing = [key for key in RULE_FIELDS if key not in row and key not in optional]
	if missing:
		problems.append(f"missing fields: {', '.join(missing)}")
	unknown = sorted(set(row) - set(RULE_FIELDS))
	if unknown:
		problems.append(f"unknown fields: {', '.join(unknown)}")

	jurisdiction = row.get("jurisdiction")
	if jurisdiction not in known:
		problems.append(f"unknown jurisdiction {jurisdiction!r}")
	elif jurisdiction in FEDERAL_CODES:
		problems.append(f"{jurisdiction} is a federal level, not a state or provincial registry")
	if row.get("entity_type") not in ENTITY_TYPES:
		problems.append(f"unknown entity type {row.get('entity_type')!r}")
	_check_url(row, "source_url", problems)
	_check_iso_date(row, "checked_on", problems, date.today())
	for key in ("formation_fee", "foreign_qualification_fee", "report_fee", "late_fee"):
		_check_fee(row, key, problems)
	if not isinstance(row.get("report_name"), str) or not row.get("report_name", "").strip():
		problems.append("missing report_name")
	if row.get("currency", "USD") not in CURRENCIES:
		problems.append(f"unknown currency {row.get('currency')!r}")

	rule = row.get("due_rule")
	rule_problems = validate_rule(rule)
	problems.extend(f"due_rule: {p}" for p in rule_problems)
	frequency = row.get("frequency")
	if frequency not in FREQUENCIES:
		problems.append(f"frequency must be one of {', '.join(FREQUENCIES)}, got {frequency!r}")
	if not rule_problems:
		kind = rule["kind"]
		if (kind == "none") != (frequency == "none"):
			problems.append(f"frequency {frequency!r} does not match rule kind {kind!r}")
		if (kind == "biennial_parity") != (frequency == "biennial"):
			problems.append(f"frequency {frequency!r} does not match rule kind {kind!r}")
		if row.get("no_report") is not (kind == "none"):
			problems.append("no_report must be true exactly when the rule kind is 'none'")
		if kind == "none" and row.get("report_fee") not in (None, 0):
			problems.append("a row with no report cannot have a report fee")
		if kind != "none" and row.get("report_fee") is None:
			problems.append("report_fee is required when a report is due (use 0 for a free filing)")
	_check_franchise(row.get("franchise_tax"), problems)
	for fee in FEE_KEYS:
		source, checked = row.get(f"{fee}_source"), row.get(f"{fee}_checked_on")
		if bool(source) != bool(checked):
			problems.append(f"{fee}: a fee source needs its checked-on date and the other way round")
		if source:
			_check_url(row, f"{fee}_source", problems)
			_check_iso_date(row, f"{fee}_checked_on", problems, date.today())
			if row.get(fee) is None:
				problems.append(f"{fee}: a source is recorded for a fee that is not on file")

	confidence = row.get("confidence", "confirmed")
	if confidence not in CONFIDENCE:
		problems.append(f"confidence must be one of {', '.join(CONFIDENCE)}, got {confidence!r}")
	notes = row.get("notes")
	if notes is not None and not isinstance(notes, str):
		problems.append("notes must be text")
	if confidence == "unconfirmed" and not (isinstance(notes, str) and notes.strip()):
		problems.append("an unconfirmed row must say why in notes")
	verified = row.get("verified_fields", [])
	if not isinstance(verified, list) or not all(isinstance(v, str) for v in verified):
		problems.append("verified_fields must be a list of field names")
	else:
		stray = sorted(set(verified) - set(RULE_FIELDS))
		if stray:
			problems.append(f"verified_fields names unknown fields: {', '.join(stray)}")
		if confidence == "confirmed" and "due_rule" not in verified:
			problems.append("a confirmed row must list due_rule in verified_fields")
	return problems


def validate_jurisdiction_row(row: Any) -> list[str]:
	"""Problems with a jurisdiction row; an empty list means the row is usable."""
	if not isinstance(row, Mapping):
		return [f"a jurisdiction row must be an object, got {type(row).__name__}"]
	problems: list[str] = []
	missing = [key for key in JURISDICTION_FIELDS if key not in row]
	if missing:
		problems.append(f"missing fields: {', '.join(missing)}")
	code, country, kind = row.get("code"), row.get("country"), row.get("kind")
	expected = None
	if code in US_CODES:
		expected = ("US", "district" if code == "DC" else "state")
	elif code in CA_PROVINCES:
		expected = ("CA", "province")
	elif code in CA_TERRITORIES:
		expected = ("CA", "territory")
	elif code in FEDERAL_CODES:
		expected = (code[:2], "federal")
	if expected is None:
		problems.append(f"unknown jurisdiction code {code!r}")
	elif (country, kind) != expected:
		problems.append(
			f"{code} must be country {expected[0]!r}, kind {expected[1]!r}; got {country!r}, {kind!r}"
		)
	for key in ("name", "registry_name"):
		if not isinstance(row.get(key), str) or not row[key].strip():
			problems.append(f"missing {key}")
	for key in ("portal_url", "business_search_url", "source_url"):
		_check_url(row, key, problems)
	_check_iso_date(row, "checked_on", problems, date.today())
	zone = row.get("time_zone")
	if not isinstance(zone, str) or not _TZ_NAME.match(zone):
		problems.append(f"time_zone must be an IANA zone name, got {zone!r}")
	address = row.get("registered_agent_address")
	if address is not None:
		if not isinstance(address, Mapping):
			problems.append("registered_agent_address must be null or an object")
		else:
			unknown = sorted(set(address) - _ADDRESS_FIELDS)
			if unknown:
				problems.append(f"registered_agent_address has unknown fields: {', '.join(unknown)}")
			for key in ("name", "line1", "city", "region", "postal_code"):
				if not isinstance(address.get(key), str) or not address[key].strip():
					problems.append(f"registered_agent_address needs {key}")
	return problems


def validate_dataset() -> list[str]:
	"""Problems across both files: row problems, duplicates and gaps in coverage."""
	problems: list[str] = []
	jurisdictions = _read(JURISDICTIONS_FILE)
	codes = [row.get("code") for row in jurisdictions]
	for row in jurisdictions:
		problems.extend(f"jurisdiction {row.get('code')}: {p}" for p in validate_jurisdiction_row(row))
	duplicates = sorted({c for c in codes if codes.count(c) > 1})
	if duplicates:
		problems.append(f"duplicate jurisdiction codes: {', '.join(duplicates)}")
	expected = US_CODES | CA_PROVINCES | CA_TERRITORIES | FEDERAL_CODES
	absent = sorted(expected - set(codes))
	if absent:
		problems.append(f"jurisdictions missing: {', '.join(absent)}")

	known = frozenset(codes)
	seen: set[tuple[str, str]] = set()
	for row in _read(ENTITY_RULES_FILE):
		key = (row.get("jurisdiction"), row.get("entity_type"))
		problems.extend(
			f"rule {key[0]}/{key[1]}: {p}" for p in validate_rule_row(row, known_jurisdictions=known)
		)
		if key in seen:
			problems.append(f"duplicate rule row {key[0]}/{key[1]}")
		seen.add(key)
	for code in sorted(US_CODES):
		for entity_type in ("llc", "corporation"):
			if (code, entity_type) not in seen:
				problems.append(f"no {entity_type} rule for {code}")
	if ("BC", "corporation") not in seen:
		problems.append("no corporation rule for BC")
	return problems
