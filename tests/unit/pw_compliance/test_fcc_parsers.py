"""The FCC source parsers on the recorded samples (pw_compliance/tests/fixtures/fcc)."""

from datetime import date
from pathlib import Path

import pytest
from pw_compliance.fcc.identifiers import InvalidFRN, normalise_name, source_frn, validate_frn
from pw_compliance.fcc.parsers import (
	SourceFormatError,
	parse_cores,
	parse_date,
	parse_ecfs,
	parse_filers,
	parse_rmd,
)

FIXTURES = Path(__file__).resolve().parents[3] / "apps/pw_compliance/pw_compliance/tests/fixtures/fcc"


def sample(name: str) -> str:
	return (FIXTURES / name).read_text()


def test_filer_csv_with_headers():
	filers = {f.filer_id: f for f in parse_filers(sample("499_filers.csv"))}
	assert len(filers) == 7  # the row without a filer ID is skipped
	summit = filers["834512"]
	assert summit.frn == "0027184460"
	assert summit.legal_name == "Summit Ridge Voice LLC"
	assert summit.legal_name_norm == "SUMMIT RIDGE VOICE"
	assert summit.dba_name == "Summit Ridge"
	assert summit.comm_type == "Interconnected VoIP"
	assert summit.last_filed == date(2026, 3, 18)
	assert summit.last_filed_year == 2026
	assert summit.usf_contributor is True and summit.de_minimis is False
	assert summit.dc_agent == "Registered Agents of DC"
	bayou = filers["829977"]
	assert bayou.de_minimis is True
	assert bayou.legal_name_norm == "BAYOU CONNECT TELECOM"
	assert bayou.comm_type == "CAP/CLEC, Toll Reseller"
	assert filers["835600"].frn is None  # a filer not (yet) holding an FRN


def test_filer_tsv_without_headers_pads_frns():
	filers = {f.filer_id: f for f in parse_filers(sample("499_filers.tsv"))}
	assert set(filers) == {"836001", "836002", "836003"}
	assert filers["836001"].frn == "0027184461"
	assert filers["836003"].frn == "0030000003"
	assert filers["836002"].frn is None
	assert filers["836001"].last_filed == date(2026, 3, 20)
	assert filers["836001"].usf_contributor is True
	assert filers["836002"].legal_name_norm == "PIEDMONT PAGING AND MESSAGING"


def test_content_hash_is_stable_and_follows_content():
	first = {f.filer_id: f.content_hash for f in parse_filers(sample("499_filers.csv"))}
	again = {f.filer_id: f.content_hash for f in parse_filers(sample("499_filers.csv"))}
	assert first == again
	changed = sample("499_filers.csv").replace("03/18/2026", "03/19/2026")
	after = {f.filer_id: f.content_hash for f in parse_filers(changed)}
	assert after["834512"] != first["834512"]
	assert after["829977"] == first["829977"]


@pytest.mark.parametrize(
	"text",
	["", "<html><body>Service unavailable</body></html>", "a,b,c\n1,2,3\n", '"Filer ID","Legal Name"\n'],
)
def test_filers_refuse_what_is_not_an_export(text):
	with pytest.raises(SourceFormatError):
		parse_filers(text)


def test_rmd_export_with_field_names():
	rows = {r.rmd_number: r for r in parse_rmd(sample("rmd_listing.csv"))}
	assert len(rows) == 5
	summit = rows["RMD0012001"]
	assert summit.frn == "0027184460"
	assert summit.implementation == "Complete STIR/SHAKEN Implementation"
	assert summit.date_of_filing == date(2021, 6, 28)
	assert summit.last_recertified == date(2026, 2, 10)
	assert summit.certified_on == date(2026, 2, 10)
	assert summit.certification == "Voice Service Provider"
	assert summit.last_updated == date(2026, 2, 10)
	bayou = rows["RMD0014502"]
	assert bayou.certification == "Voice Service Provider, Non-Gateway Intermediate Provider"
	assert bayou.last_recertified is None and bayou.certified_on == date(2024, 2, 20)
	assert bayou.business_name_norm == "BAYOU CONNECT TELECOM"
	assert not bayou.removed
	assert bayou.other_dba_names == ""  # "None" is no name


def test_rmd_export_with_labels_is_keyed_by_frn():
	rows = {r.rmd_number: r for r in parse_rmd(sample("rmd_listing_labels.csv"))}
	assert set(rows) == {"FRN-0027184460", "FRN-0031542276"}
	assert rows["FRN-0031542276"].date_of_filing == date(2024, 2, 20)
	assert rows["FRN-0027184460"].last_recertified == date(2026, 2, 10)


def test_rmd_removed_status():
	text = "number,frn,business_name,status\nRMD1,0000000001,Gone Telecom LLC,Removed\n"
	assert parse_rmd(text)[0].removed


def test_ecfs_cpni_filings():
	rows = {r.filing_id: r for r in parse_ecfs(sample("ecfs_06-36.json"))}
	assert len(rows) == 5  # the filing without an id is skipped
	summit = rows["10220264501877"]
	assert summit.filer_name == "Summit Ridge Voice LLC"
	assert summit.date_received == date(2026, 2, 20)
	assert summit.year_certified == 2025
	assert summit.frn == "0027184460"
	assert summit.filer_499_id == "834512"
	assert summit.submission_type == "CERTIFICATION"
	assert summit.document_url.startswith("https://www.fcc.gov/ecfs/document/")
	assert rows["10225021377810"].year_certified == 2024  # "covering 2024"
	assert rows["10225021377810"].frn is None
	bayou = rows["10225130022145"]
	assert bayou.year_certified == 2024  # no year stated: the year before receipt
	assert bayou.filer_499_id == "829977"
	assert bayou.filer_name_norm == "BAYOU CONNECT TELECOM"
	assert rows["10224190012007"].year_certified == 2023
	assert parse_ecfs(sample("ecfs_empty.json")) == []


@pytest.mark.parametrize("payload", ['{"error": "API_KEY_INVALID"}', "[]", {"filing": "x"}])
def test_ecfs_refuses_other_json(payload):
	with pytest.raises(SourceFormatError):
		parse_ecfs(payload)


def test_cores_registration_page():
	record = parse_cores("0027184460", sample("cores_0027184460.html"))
	assert record.status == "Registered"
	assert record.entity_name == "SUMMIT RIDGE VOICE LLC"
	assert record.entity_name_norm == "SUMMIT RIDGE VOICE"
	assert record.entity_type == "Private Sector , Limited Liability Corporation"
	assert record.registration_date == date(2018, 6, 14)
	assert record.last_updated == date(2026, 2, 3)
	assert record.red_light == "Unknown"  # only the FRN's holder sees it
	# the contact e-mail is kept to confirm a claim of the FRN (pw_fcc.claims); no other personal data
	assert record.contact_email == "regulatory@example.com"
	assert not hasattr(record, "contact_name")
	no_email = sample("cores_0027184460.html").replace("regulatory@example.com", "<script>x</script>")
	assert parse_cores("0027184460", no_email).contact_email == ""


def test_cores_unknown_frn_and_wrong_page():
	assert parse_cores("0000000017", sample("cores_not_found.html")).status == "Not Found"
	with pytest.raises(SourceFormatError):
		parse_cores("0000000017", sample("cores_0027184460.html"))
	with pytest.raises(SourceFormatError):
		parse_cores("0027184460", "")
	red = sample("cores_0027184460.html").replace(
		"</table>", "<tr><th>Red Light Status:</th><td>RED - delinquent debt</td></tr></table>"
	)
	assert parse_cores("0027184460", red).red_light == "Red"


@pytest.mark.parametrize("text", ["0012345678", " 0012345678 ", "0000000001"])
def test_valid_frns_keep_leading_zeros(text):
	assert validate_frn(text) == text.strip()


@pytest.mark.parametrize(
	"text",
	["12345678a0", "001234567", "00123456789", "0012-345678", "", None, 12345678, "0012345678' OR 1=1 --",
		"<script>alert(1)</script>", "\uff10\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", "0012345678\n1"],
)  # fmt: skip
def test_invalid_frns(text):
	with pytest.raises(InvalidFRN):
		validate_frn(text)


def test_source_frns_and_names():
	assert source_frn("12345678") == "0012345678"
	assert source_frn("12345678.0") == "0012345678"
	assert source_frn("0000000000") is None
	assert source_frn("N/A") is None
	assert source_frn("12345678901") is None
	assert normalise_name("Acme Telecom, L.L.C.") == normalise_name("ACME TELECOM LLC") == "ACME TELECOM"
	assert normalise_name("The A&B Phone Co.") == "A AND B PHONE"
	assert normalise_name("Acme Holdings Inc d/b/a Acme Voice") == "ACME HOLDINGS"
	assert parse_date("2026-02-10 16:22:41") == date(2026, 2, 10)
	assert parse_date("4/1/2025") == date(2025, 4, 1)
	assert parse_date("soon") is None
