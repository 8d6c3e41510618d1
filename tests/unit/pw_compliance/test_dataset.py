"""Seed data: completeness, sourcing and validation of jurisdictions.json and entity_rules.json."""

from __future__ import annotations

import json
import zoneinfo
from datetime import date
from typing import Any

import pytest
from pw_compliance.jurisdictions import dataset
from pw_compliance.jurisdictions.dataset import (
	CA_PROVINCES,
	CA_TERRITORIES,
	ENTITY_RULES_FILE,
	JURISDICTIONS_FILE,
	US_CODES,
	find_rule,
	load_entity_rules,
	load_jurisdictions,
	validate_dataset,
	validate_jurisdiction_row,
	validate_rule_row,
)
from pw_compliance.jurisdictions.rules import RuleError, due_obligations


def test_whole_dataset_is_valid() -> None:
	assert validate_dataset() == []


def test_jurisdictions_are_complete() -> None:
	rows = load_jurisdictions()
	us = [r for r in rows if r["country"] == "US" and r["kind"] in ("state", "district")]
	ca = [r for r in rows if r["country"] == "CA" and r["kind"] in ("province", "territory")]
	assert len(us) == 51
	assert {r["code"] for r in us} == US_CODES
	assert [r["code"] for r in us if r["kind"] == "district"] == ["DC"]
	assert len(ca) == 13
	assert {r["code"] for r in ca if r["kind"] == "province"} == CA_PROVINCES
	assert {r["code"] for r in ca if r["kind"] == "territory"} == CA_TERRITORIES
	federal = {r["code"]: r["country"] for r in rows if r["kind"] == "federal"}
	assert federal == {"US-FED": "US", "CA-FED": "CA"}
	assert len(rows) == 66


def test_jurisdiction_rows_are_sourced_and_valid() -> None:
	for row in load_jurisdictions():
		assert validate_jurisdiction_row(row) == [], row["code"]
		assert row["source_url"].startswith("https://")
		assert date.fromisoformat(row["checked_on"]) <= date.today()


def test_time_zones_are_real() -> None:
	for row in load_jurisdictions():
		assert zoneinfo.ZoneInfo(row["time_zone"]) is not None, row["code"]
	by_code = {row["code"]: row["time_zone"] for row in load_jurisdictions()}
	assert by_code["CA"] == "America/Los_Angeles"
	assert by_code["AZ"] == "America/Phoenix"
	assert by_code["HI"] == "Pacific/Honolulu"
	assert by_code["SK"] == "America/Regina"


def test_registered_agent_addresses_are_null_or_complete() -> None:
	addresses = {r["code"]: r["registered_agent_address"] for r in load_jurisdictions()}
	known = {code: a for code, a in addresses.items() if a is not None}
	assert set(known) == {"WA"}
	assert known["WA"]["name"] == "Northwest Registered Agent LLC"


def test_every_us_jurisdiction_has_llc_and_corporation_rules() -> None:
	pairs = {(r["jurisdiction"], r["entity_type"]) for r in load_entity_rules()}
	for code in US_CODES:
		assert (code, "llc") in pairs, code
		assert (code, "corporation") in pairs, code
	assert ("BC", "corporation") in pairs


def test_every_rule_row_is_sourced_dated_and_valid() -> None:
	rows = load_entity_rules()
	assert len(rows) >= 103
	for row in rows:
		key = f"{row['jurisdiction']}/{row['entity_type']}"
		assert validate_rule_row(row) == [], key
		assert row["source_url"].startswith("https://"), key
		checked = date.fromisoformat(row["checked_on"])
		assert date(2025, 1, 1) <= checked <= date.today(), key
		if row["confidence"] == "unconfirmed":
			assert row["notes"].strip(), key


def test_every_rule_evaluates() -> None:
	for row in load_entity_rules():
		for formed in (date(2023, 2, 28), date(2024, 2, 29), date(2024, 12, 31)):
			for year in range(2024, 2030):
				obligations = due_obligations(row, formed, year, entity_number="1")
				for obligation in obligations:
					assert obligation.due_date.year == year
					assert obligation.due_date > formed
					assert obligation.source_url == row["source_url"]
					assert obligation.rule_text
					if obligation.window_opens is not None:
						assert obligation.window_opens <= obligation.due_date


def test_no_report_rows_return_no_report() -> None:
	for row in load_entity_rules():
		if row["no_report"]:
			obligations = due_obligations(row, date(2020, 5, 5), 2026)
			assert [o for o in obligations if o.category == "report"] == [], row["jurisdiction"]
	no_report = {(r["jurisdiction"], r["entity_type"]) for r in load_entity_rules() if r["no_report"]}
	assert {("OH", "llc"), ("OH", "corporation"), ("AZ", "llc"), ("MO", "llc"), ("NM", "llc")} <= no_report


def test_data_files_are_sorted_and_tab_indented() -> None:
	for path in (JURISDICTIONS_FILE, ENTITY_RULES_FILE):
		text = path.read_text(encoding="utf-8")
		rows = json.loads(text)
		assert text == json.dumps(rows, indent="\t", sort_keys=True, ensure_ascii=False) + "\n", path.name


def test_loaders_return_copies() -> None:
	rows = load_entity_rules()
	rows[0]["report_fee"] = -1
	assert load_entity_rules()[0]["report_fee"] != -1
	row = find_rule("DE", "llc")
	row["due_rule"]["month"] = 12
	assert find_rule("DE", "llc")["due_rule"]["month"] == 6


# ------------------------------------------------------------------------------------------ find_rule


def test_find_rule_normalises_input() -> None:
	assert find_rule(" de ", "LLC")["report_fee"] == 300


@pytest.mark.parametrize(
	"state, entity_type, message",
	[
		("ZZ", "llc", "unknown jurisdiction 'ZZ'"),
		("", "llc", "unknown jurisdiction"),
		("DE", "partnership", "unknown entity type 'partnership'"),
		("ON", "corporation", "no corporation rule for ON"),
		("DE", "nonprofit", "no nonprofit rule for DE"),
	],
)
def test_find_rule_errors(state: str, entity_type: str, message: str) -> None:
	with pytest.raises(RuleError, match=message):
		find_rule(state, entity_type)


# ----------------------------------------------------------------------------------- validator refusals


def _good_row() -> dict[str, Any]:
	return find_rule("FL", "llc")


def test_good_row_passes() -> None:
	assert validate_rule_row(_good_row()) == []


@pytest.mark.parametrize(
	"change, message",
	[
		({"source_url": None}, "missing source_url"),
		({"source_url": ""}, "missing source_url"),
		({"source_url": "http://dos.fl.gov/"}, "source_url must be an https:// URL"),
		({"jurisdiction": "ZZ"}, "unknown jurisdiction 'ZZ'"),
		({"jurisdiction": "US-FED"}, "federal level"),
		({"entity_type": "trust"}, "unknown entity type 'trust'"),
		({"due_rule": {"kind": "whenever"}}, "unknown rule kind 'whenever'"),
		({"due_rule": {"kind": "fixed_date", "month": 5}}, "missing: day"),
		({"report_fee": -5}, "report_fee must not be negative"),
		({"formation_fee": -1}, "formation_fee must not be negative"),
		({"late_fee": "400"}, "late_fee must be a number or null"),
		({"checked_on": "05/01/2026"}, "not an ISO date"),
		({"checked_on": "2019-01-01"}, "too old"),
		({"checked_on": "2999-01-01"}, "in the future"),
		({"frequency": "monthly"}, "frequency must be one of"),
		({"frequency": "none"}, "does not match rule kind"),
		({"no_report": True}, "no_report must be true exactly when"),
		({"confidence": "probably"}, "confidence must be one of"),
		({"confidence": "unconfirmed", "notes": ""}, "must say why in notes"),
		({"verified_fields": ["colour"]}, "verified_fields names unknown fields"),
		({"franchise_tax": {"minimum": -1}}, "franchise_tax needs a description"),
		({"franchise_tax": {"description": "x", "minimum": -1}}, "franchise_tax minimum"),
		(
			{"franchise_tax": {"description": "x", "minimum": 1, "due_rule": {"kind": "x"}}},
			"franchise_tax due_rule",
		),
		({"colour": "red"}, "unknown fields: colour"),
	],
)
def test_validator_refuses(change: dict[str, Any], message: str) -> None:
	row = _good_row()
	row.update(change)
	problems = validate_rule_row(row)
	assert any(message in p for p in problems), problems


def test_validator_refuses_a_row_without_a_source_key() -> None:
	row = _good_row()
	del row["source_url"]
	assert "missing source_url" in validate_rule_row(row)
	assert validate_rule_row("FL") == ["a rule row must be an object, got str"]


def test_none_row_cannot_charge_a_fee() -> None:
	row = find_rule("OH", "llc")
	row["report_fee"] = 25
	assert "a row with no report cannot have a report fee" in validate_rule_row(row)


def test_jurisdiction_validator_refuses() -> None:
	row = next(r for r in load_jurisdictions() if r["code"] == "BC")
	assert validate_jurisdiction_row(row) == []
	bad = dict(row, country="US", source_url=None, time_zone="Pacific Time")
	problems = validate_jurisdiction_row(bad)
	assert any("must be country 'CA'" in p for p in problems)
	assert "missing source_url" in problems
	assert any("IANA" in p for p in problems)
	assert validate_jurisdiction_row(dict(row, code="XX")) == ["unknown jurisdiction code 'XX'"]


def test_dataset_validation_reports_gaps(monkeypatch: pytest.MonkeyPatch) -> None:
	rules = tuple(r for r in dataset._read(ENTITY_RULES_FILE) if r["jurisdiction"] != "TX")
	jurisdictions = dataset._read(JURISDICTIONS_FILE)

	def fake_read(path: Any) -> tuple[dict[str, Any], ...]:
		return rules if path == ENTITY_RULES_FILE else jurisdictions

	monkeypatch.setattr(dataset, "_read", fake_read)
	problems = validate_dataset()
	assert "no llc rule for TX" in problems
	assert "no corporation rule for TX" in problems
