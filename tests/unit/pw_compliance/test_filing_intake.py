"""Intake declarations and the FCC filing services' pure parts."""

from datetime import date

import pytest
from pw_compliance.fulfilment import intake
from pw_compliance.fulfilment.intake import Declaration, Fact
from pw_compliance.fulfilment.services import CORES, CPNI, CPNI_CATEGORIES, RMD, SERVICES

FORM = Declaration(
	(
		Fact("name", "Name"),
		Fact("email", "E-mail", type="email"),
		Fact("count", "Count", type="int", min_value=0, max_value=10),
		Fact("kind", "Kind", type="select", options=("A", "B")),
		Fact("frn", "FRN", type="digits", length=10, required=False),
		Fact("agree", "Agree", type="check"),
	)
)


def test_each_fact_is_checked_and_the_error_names_what_is_wrong():
	clean, errors = intake.validate(
		FORM, {"name": "  ", "email": "nobody", "count": "11", "kind": "C", "frn": "12-34", "extra": "x"}
	)
	assert errors == {
		"name": "This is required.",
		"email": "Enter an e-mail address like name@example.com.",
		"count": "Enter 10 or less.",
		"kind": "Choose one of: A, B.",
		"frn": "Enter exactly 10 digits.",
	}
	assert clean == {"agree": False}
	clean, errors = intake.validate(
		FORM, {"name": " Ada ", "email": "Ada@Example.com", "count": "0", "kind": "B", "frn": "00123-45678"}
	)
	assert errors == {}
	assert clean == {"name": "Ada", "email": "ada@example.com", "count": 0, "kind": "B", "frn": "0012345678",
		"agree": False}  # fmt: skip
	assert intake.validate(FORM, {"count": "1.5"})[1]["count"] == "Enter a whole number."
	assert intake.validate(FORM, {"count": True})[1]["count"] == "Enter a whole number."


def test_missing_lists_only_required_or_invalid_facts():
	assert intake.missing(FORM, {"name": "A", "email": "a@b.co", "count": 1, "kind": "A"}) == []
	assert intake.missing(FORM, {"name": "A", "email": "a@b.co", "count": 1}) == ["kind"]


def test_a_bundle_asks_each_fact_once_and_a_conflict_is_refused():
	merged = intake.merge([CPNI.declaration, RMD.declaration, CORES.declaration])
	keys = merged.keys
	assert len(keys) == len(set(keys))
	assert {"officer_name", "complaints_employee_access", "stir_shaken", "ein"} <= set(keys)
	# RMD needs the FRN; CPNI does not: the merged form requires it
	assert merged.fact("frn").required
	with pytest.raises(ValueError):
		intake.merge([Declaration((Fact("x", "X"),)), Declaration((Fact("x", "X", type="int"),))])
	with pytest.raises(ValueError):
		Declaration((Fact("x", "X"), Fact("x", "Y")))
	with pytest.raises(ValueError):
		Fact("s", "S", type="select")


def test_cpni_has_a_template_per_catalog_category_and_states_brokers_and_complaints():
	assert set(CPNI.templates) == set(CPNI_CATEGORIES) and len(CPNI_CATEGORIES) == 9
	assert CPNI.template_for("wireless") == "CPNI Certification (Wireless (CMRS))"
	assert CPNI.template_for(None) == "CPNI Certification (Other or several categories)"
	assert CPNI.default_period(date(2027, 2, 10)) == "CY2026"
	assert CPNI.period_label("CY2026") == "calendar year 2026"
	derived = CPNI.derive(
		{"complaints_employee_access": 2, "complaints_improper_disclosure": 0, "complaints_online_access": 1,
			"data_broker_actions": "No", "frn": "0012345678"}
	)  # fmt: skip
	assert "received 3 customer complaints" in derived["complaint_summary"]
	assert "2 about improper access by employees" in derived["complaint_summary"]
	assert "no actions against data brokers" in derived["data_broker_statement"]
	assert derived["identifiers"] == "FRN 0012345678"
	taken = CPNI.derive({"data_broker_actions": "Yes", "data_broker_details": "Petition filed in Ohio, May"})
	assert taken["data_broker_statement"].endswith("Petition filed in Ohio, May")


def test_cores_confirmation_is_the_new_frn_which_the_profile_learns():
	assert CORES.check_confirmation("0012345678") is None
	assert CORES.check_confirmation("ABC") == "The CORES confirmation is the new FRN: 10 digits."
	assert CORES.learn({}, "0012345678") == {"frn": "0012345678"}
	assert RMD.learn({"frn": "0012345678"}, "RMD0001")["rmd_status"] == "Filed"
	assert not CORES.has_document and RMD.has_document and CPNI.signer
	assert {"cpni-certification", "rmd-filing", "cores-frn-registration"} <= set(SERVICES)


def test_a_fact_another_member_produces_is_not_asked_beside_it():
	asked = intake.without(RMD.declaration, ["cores-frn-registration"]).keys
	assert "frn" not in asked and "stir_shaken" in asked
	assert "frn" in intake.without(RMD.declaration, ["cpni-certification"]).keys
