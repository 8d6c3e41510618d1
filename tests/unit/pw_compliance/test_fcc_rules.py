"""The compliance check's deadline logic around each deadline: the day before, the day, the weekend roll
(47 CFR 1.4(j)), the day after; plus matching (FRN, then 499 Filer ID, then legal name)."""

from datetime import date

import pytest
from pw_compliance.fcc.matching import Candidates, Match, Matched, match, second_round_keys
from pw_compliance.fcc.profile import carrier_kinds, open_questions, profile_values
from pw_compliance.fcc.rules import (
	check,
	check_499a,
	check_499q,
	check_bdc,
	check_cores,
	check_cpni,
	check_rmd,
	remediation,
)

FRN = "0027184460"


def filer(last_filed=date(2026, 3, 18), usf=1, comm_type="Interconnected VoIP", **kw):
	return {"filer_id": "834512", "frn": FRN, "legal_name": "Summit Ridge Voice LLC", "legal_name_norm": "SUMMIT RIDGE VOICE",
		"dba_name_norm": "", "comm_type": comm_type, "last_filed": last_filed, "usf_contributor": usf, **kw}  # fmt: skip


def matched(filer_row=None, rmd_row=None, cpni_years=(), cores_row=None) -> Matched:
	cpni = [
		{"filing_id": str(y), "year_certified": y, "date_received": date(y + 1, 2, 20)} for y in cpni_years
	]
	return Matched(
		frn=FRN,
		filer=Match(filer_row, "frn", [filer_row]) if filer_row else Match(),
		rmd=Match(rmd_row, "frn", [rmd_row]) if rmd_row else Match(),
		cpni=Match(cpni[-1] if cpni else None, "frn", cpni[::-1]) if cpni else Match(),
		cores=Match(cores_row, "frn", [cores_row]) if cores_row else Match(),
	)


# -- CPNI: March 1 for the previous calendar year ------------------------------------------------------


@pytest.mark.parametrize(
	("today", "years", "status"),
	[
		# 2026: March 1 is a Sunday, so the CY2025 certification is due Monday March 2
		(date(2026, 2, 27), (2024,), "due"),
		(date(2026, 3, 1), (2024,), "due"),  # the nominal day, a Sunday
		(date(2026, 3, 2), (2024,), "due"),  # the rolled day
		(date(2026, 3, 3), (2024,), "past_due"),  # the day after
		(date(2026, 3, 3), (2024, 2025), "ok"),
		(date(2026, 2, 27), (2024, 2025), "ok"),
		(date(2026, 2, 27), (2023,), "past_due"),  # CY2024 was due March 3, 2025 and is missing
		(date(2026, 2, 27), (), "past_due"),
		# 2027: March 1 is a Monday, no roll
		(date(2027, 2, 28), (2025,), "due"),
		(date(2027, 3, 1), (2025,), "due"),
		(date(2027, 3, 2), (2025,), "past_due"),
	],
)
def test_cpni_deadline(today, years, status):
	result = check_cpni(matched(filer(), cpni_years=years), today)
	assert result.status == status
	if status == "due":
		assert result.due_date == (date(2026, 3, 2) if today.year == 2026 else date(2027, 3, 1))
		assert result.service == "cpni-certification"
	assert "64.2009(e)" in result.source


def test_cpni_not_for_non_interconnected_voip():
	result = check_cpni(matched(filer(comm_type="Non-Interconnected VoIP")), date(2026, 6, 1))
	assert result.status == "not_required" and result.service is None


# -- Form 499-A: April 1 for the prior calendar year ------------------------------------------------------


@pytest.mark.parametrize(
	("today", "last_filed", "status"),
	[
		(date(2026, 3, 31), date(2025, 3, 28), "due"),  # day before: the CY2025 form is due
		(date(2026, 4, 1), date(2025, 3, 28), "due"),  # the day (a Wednesday, no roll)
		(date(2026, 4, 2), date(2025, 3, 28), "past_due"),  # the day after
		(date(2026, 4, 2), date(2026, 3, 18), "ok"),
		(date(2026, 1, 15), date(2025, 3, 28), "due"),  # calendar-year aware: before April 1, CY2025 is due
		(date(2026, 1, 15), date(2024, 3, 30), "past_due"),  # and CY2024 was missed
		(date(2026, 11, 29), date(2025, 3, 28), "past_due"),
		# 2028: April 1 is a Saturday, due Monday April 3
		(date(2028, 4, 1), date(2027, 3, 30), "due"),
		(date(2028, 4, 3), date(2027, 3, 30), "due"),
		(date(2028, 4, 4), date(2027, 3, 30), "past_due"),
	],
)
def test_499a_deadline(today, last_filed, status):
	result = check_499a(matched(filer(last_filed=last_filed)), today)
	assert result.status == status
	if status != "ok":
		assert result.service == "fcc-499a"
	if status == "due":
		assert result.due_date == (date(2028, 4, 3) if today.year == 2028 else date(2026, 4, 1))


def test_499a_without_a_filer_is_missing():
	result = check_499a(matched(), date(2026, 6, 1))
	assert result.status == "missing" and result.service == "fcc-499-initial"


# -- Form 499-Q: quarterly, de minimis exempt ----------------------------------------------------------


def test_499q_de_minimis_trade_off():
	result = check_499q(matched(filer(usf=0)), date(2026, 7, 20))
	assert result.status == "exempt"
	assert "$10,000" in result.details["trade_off"]
	assert not result.needs_action


@pytest.mark.parametrize(
	("today", "status", "due"),
	[
		(date(2026, 7, 20), "due", date(2026, 8, 3)),  # Aug 1, 2026 is a Saturday
		(date(2026, 8, 3), "due", date(2026, 8, 3)),
		(date(2026, 8, 4), "upcoming", date(2026, 11, 2)),  # Nov 1, 2026 is a Sunday
		(date(2026, 12, 1), "upcoming", date(2027, 2, 1)),
	],
)
def test_499q_next_quarter(today, status, due):
	result = check_499q(matched(filer(usf=1)), today)
	assert (result.status, result.due_date) == (status, due)


def test_499q_unknown_without_contributor_status():
	assert check_499q(matched(filer(usf=None)), date(2026, 7, 1)).status == "unknown"
	assert check_499q(matched(), date(2026, 7, 1)).status == "unknown"


# -- RMD: annual recertification by March 1 from 2026 ------------------------------------------------


def rmd(**kw):
	return {"rmd_number": "RMD1", "business_name": "Summit Ridge Voice LLC", "implementation": "Partial STIR/SHAKEN Implementation",
		"date_of_filing": date(2024, 2, 20), "last_recertified": None, "removed": 0, **kw}  # fmt: skip


@pytest.mark.parametrize(
	("today", "row", "status"),
	[
		(date(2026, 3, 1), rmd(), "due"),  # Sunday
		(date(2026, 3, 2), rmd(), "due"),  # rolled
		(date(2026, 3, 3), rmd(), "past_due"),
		(date(2026, 3, 3), rmd(last_recertified=date(2026, 2, 10)), "ok"),
		(date(2025, 6, 1), rmd(), "ok"),  # before recertification began
		(date(2026, 6, 1), rmd(removed=1, removed_on=date(2026, 5, 6)), "past_due"),
		(date(2026, 6, 1), None, "missing"),
	],
)
def test_rmd(today, row, status):
	result = check_rmd(matched(filer(), rmd_row=row), today)
	assert result.status == status
	if row:
		assert result.details["stir_shaken"] == "Partial STIR/SHAKEN Implementation"
		assert "self-reported" in result.details["stir_shaken_note"]
	if status != "ok":
		assert result.service == "rmd-filing"


# -- CORES ---------------------------------------------------------------------------------------------


def test_cores():
	registered = {"status": "Registered", "entity_name": "SUMMIT RIDGE VOICE LLC", "red_light": "Unknown",
		"registration_date": date(2018, 6, 14)}  # fmt: skip
	result = check_cores(matched(cores_row=registered))
	assert result.status == "ok" and "only to the FRN's holder" in result.headline
	assert check_cores(matched(cores_row={**registered, "red_light": "Red"})).status == "past_due"
	assert check_cores(matched(cores_row={"status": "Not Found"})).status == "missing"
	assert check_cores(matched(filer())).status == "ok"  # the FRN is in use in 499 filings
	nothing = check_cores(matched())
	assert nothing.status == "unknown" and nothing.service == "cores-frn-registration"


# -- BDC: the two-step questionnaire -----------------------------------------------------------------


def test_bdc_questionnaire_outcomes():
	result = check_bdc(matched(filer()), date(2025, 9, 2))  # Sep 1, 2025 is Labor Day
	assert result.status == "question"
	assert [q["key"] for q in result.questions] == ["broadband", "voice"]
	assert result.questions[1]["hint"] == "yes"  # an interconnected VoIP filer
	assert result.outcomes["no-no"]["status"] == "not_required"
	assert result.outcomes["yes-yes"]["service"] == "bdc-filing"
	assert result.outcomes["yes-no"]["service"] == "bdc-broadband"
	assert result.outcomes["no-yes"]["service"] == "bdc-voice"
	assert result.outcomes["no-yes"]["due_date"] == "2025-09-02"
	after = check_bdc(matched(filer()), date(2025, 9, 3), broadband=False, voice=True)
	assert (after.status, after.service, after.due_date) == ("due", "bdc-voice", date(2026, 3, 2))
	assert check_bdc(matched(), date(2025, 9, 3), broadband=False, voice=False).status == "not_required"


def test_remediation_folds_499a_into_the_bundle():
	results = check(matched(filer(last_filed=date(2024, 3, 1), usf=1), rmd_row=None), date(2026, 7, 20))
	by_area = {r.area: r for r in results}
	assert by_area["499a"].status == "past_due" and by_area["499q"].status == "due"
	assert remediation(results) == ["rmd-filing", "cpni-certification", "fcc-499a-499q"]
	assert remediation(results, {"cpni": True, "499a": True}) == ["cpni-certification", "fcc-499a"]
	assert all(r.as_json()["rule"] and r.as_json()["source"] for r in results)


# -- matching ------------------------------------------------------------------------------------------


def test_match_by_frn_then_filer_id_then_name():
	filer_row = filer()
	c = Candidates(
		filers=[filer_row, {**filer_row, "last_filed": date(2020, 1, 1), "filer_id": "800001"}],
		cpni_by_filer_id=[{"filing_id": "a", "filer_499_id": "834512", "year_certified": 2025}],
		cpni_by_name=[
			{"filing_id": "b", "filer_name_norm": "SUMMIT RIDGE VOICE", "year_certified": 2024},
			{"filing_id": "c", "filer_name_norm": "OTHER CARRIER", "year_certified": 2025},
		],  # fmt: skip
		rmd_by_name=[{"rmd_number": "RMD9", "business_name_norm": "SUMMIT RIDGE VOICE"}],
	)
	names, ids = second_round_keys(c)
	assert names == {"SUMMIT RIDGE VOICE"} and ids == {"834512", "800001"}
	m = match(FRN, c)
	assert m.filer.record["filer_id"] == "834512" and m.filer.method_label == "FRN"  # the latest filing
	assert m.cpni.method_label == "499 Filer ID"
	assert [r["filing_id"] for r in m.cpni.records] == ["a", "b"]
	assert m.rmd.record["rmd_number"] == "RMD9" and m.rmd.method_label == "Legal name"
	assert m.legal_name == "Summit Ridge Voice LLC"


def test_name_match_needs_one_entity():
	c = Candidates(
		cores=[
			{
				"status": "Registered",
				"entity_name_norm": "BAYOU CONNECT TELECOM",
				"entity_name": "BAYOU CONNECT TELECOM INC",
			}
		],
		filers_by_name=[
			{"filer_id": "829977", "legal_name_norm": "BAYOU CONNECT TELECOM", "dba_name_norm": ""}
		],
	)
	m = match(FRN, c)
	assert m.filer.method == "legal_name" and m.filer.record["filer_id"] == "829977"
	c.filers_by_name.append({"filer_id": "829978", "legal_name_norm": "BAYOU CONNECT TELECOM"})
	assert not match(FRN, c).filer.found  # two filers share the name: no match
	assert not match(FRN, Candidates()).anything


# -- FRN to calendar ---------------------------------------------------------------------------------


def test_profile_from_records():
	assert carrier_kinds("CAP/CLEC, Toll Reseller") == {"clec", "ixc"}
	assert carrier_kinds("Non-Interconnected VoIP") == {"non_interconnected_voip"}
	assert carrier_kinds("Interexchange Carrier (IXC); Cellular/PCS/SMR") == {"ixc", "wireless_reseller"}
	values = profile_values(
		FRN, filer(usf=0), rmd(last_recertified=date(2026, 2, 10)), broadband=False, voice=True
	)
	assert values == {"frn": FRN, "country": "US", "filer_499_id": "834512", "de_minimis": 1, "interconnected_voip": 1,
		"rmd_status": "Certified", "rmd_required": "Yes", "bdc_broadband": 0, "bdc_voice": 1}  # fmt: skip
	assert open_questions(values) == ["entity_type", "formation_jurisdiction", "formed_on", "holds_numbering"]
	bare = profile_values(FRN, None, None)
	assert bare["rmd_status"] == "Not Filed"
	assert open_questions(bare)[0] == "services" and open_questions(bare)[-1] == "bdc"
