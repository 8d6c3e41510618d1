"""The name-availability adapters read the recorded answers of each automated state (WY, CO, FL, MT): the
names and statuses they list, "taken" only for a live entity of the same name, an unknown answer a failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from pw_compliance.formation import search_adapters as sa

PAGES = Path(sa.__file__).resolve().parents[1] / "tests" / "fixtures" / "name_search"


def page(name: str) -> str:
	return (PAGES / name).read_text()


def test_the_automated_and_the_staff_states_are_the_seed_states():
	assert set(sa.ADAPTERS) == {"WY", "CO", "FL", "MT"}
	assert set(sa.ADAPTERS) | set(sa.NOT_AUTOMATED) == set("WY CO DE FL TX NV UT NM OH MT".split())
	assert "$1 per search" in sa.why_not("TX")
	assert sa.why_not("AK") == "no automated business search for this state"


def test_colorado_open_data():
	co = sa.ADAPTERS["CO"]
	request = co.request("Taken Name LLC")
	assert (request.method, request.url) == ("GET", "https://data.colorado.gov/resource/4ykn-tg5h.json")
	assert request.params == {"$q": "Taken Name LLC", "$select": "entityname,entitystatus", "$limit": "200"}
	rows = co.parse(page("co_results_taken.json"))
	assert rows[0] == ("Taken Name, LLC", "Good Standing")
	assert not sa.taken_by(rows, "TAKEN NAME L.L.C.").available
	assert sa.taken_by(rows, "Taken Name LLC").matches == ["Taken Name, LLC"]
	assert not sa.taken_by(rows, "Taken Name Holdings LLC").available  # delinquent still holds its name
	assert sa.taken_by(rows, "Old Name LLC").available  # dissolved
	assert sa.taken_by(rows, "Taken Name Ventures Inc").available  # administratively dissolved
	assert co.parse(page("co_results_none.json")) == []
	with pytest.raises(sa.SearchFailed):
		co.parse(page("co_error.json"))
	with pytest.raises(sa.SearchFailed):
		co.parse("<html>maintenance</html>")


def test_florida_sunbiz_results_page():
	fl = sa.ADAPTERS["FL"]
	request = fl.request("Taken Name LLC")
	assert request.warm_url == "https://search.sunbiz.org/Inquiry/CorporationSearch/ByName"
	assert request.params["searchTerm"] == "Taken Name LLC" and request.params["inquiryType"] == "EntityName"
	rows = fl.parse(page("fl_results_taken.html"))
	assert rows == [
		("TAKEN NAME, L.L.C.", "Active"),
		("TAKEN NAME HOLDINGS LLC", "Active"),
		("OLD NAME LLC", "INACT"),
		("FORMER NAME & SONS LLC", "CROSS RF"),
	]
	assert not sa.taken_by(rows, "Taken Name LLC").available
	assert sa.taken_by(rows, "Old Name LLC").available
	assert sa.taken_by(rows, "Former Name and Sons LLC").available  # a cross-reference, not a live entity
	assert fl.parse(page("fl_results_none.html")) == []
	with pytest.raises(sa.SearchFailed):
		fl.parse(page("wy_maintenance.html"))


def test_montana_business_search_api():
	mt = sa.ADAPTERS["MT"]
	request = mt.request("Taken Name LLC")
	assert (request.method, request.url) == ("POST", "https://biz.sosmt.gov/api/Records/businesssearch")
	assert request.json["SEARCH_VALUE"] == "Taken Name LLC" and request.warm_url.endswith("/search/business")
	rows = mt.parse(page("mt_results_taken.json"))
	assert ("TAKEN NAME, LLC", "Active-Good Standing") in rows
	assert not sa.taken_by(rows, "Taken Name LLC").available
	assert sa.taken_by(rows, "Old Name LLC").available
	assert sa.taken_by(rows, "Taken Name Ranch Holdings LLC").available
	assert mt.parse(page("mt_results_none.json")) == []
	with pytest.raises(sa.SearchFailed):
		mt.parse(page("mt_challenge.html"))
	with pytest.raises(sa.SearchFailed):
		mt.parse('{"error": "unauthorised"}')


def test_wyoming_page_and_its_table_found_by_id():
	wy = sa.ADAPTERS["WY"]
	assert wy.request("X LLC").params == {"searchValue": "X LLC"} and wy.request("X LLC").warm_url is None
	assert wy.parse(page("wy_results_taken.html"))[2] == (
		"OLD NAME LLC",
		"Inactive - Administratively Dissolved (Tax)",
	)
	assert wy.parse(page("wy_results_none.html")) == []
