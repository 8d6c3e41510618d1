"""The states' business searches as name-availability adapters (no Frappe): what each adapter asks the
state (`request`) and how it reads the answer (`parse`, the entity names and statuses it lists). The calls
themselves, with their timeout, retries and Integration Request, are in `name_search`.

A name is available when no listed entity in a live status has the same name once punctuation and the
entity ending are set aside. An answer the parser does not know is a failure (the search goes to staff),
never "available".

Automated: Wyoming (WyoBiz filing search page), Colorado (the Secretary of State's "Business Entities in
Colorado" open-data set on data.colorado.gov, Socrata API), Florida (Sunbiz search results page, fetched
after its search form for the session cookies), Montana (the biz.sosmt.gov business search API, fetched
after its search page). Every parser is written against recorded copies MODELLED on the public structure of
those searches (tests/fixtures/name_search/README.md), not captured from them: check them against the live
searches before turning on the "State name search live" switch.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

ENDINGS = re.compile(
	r"\b(limited liability company|limited company|l\.?l\.?c\.?|l\.?c\.?|ltd\.?( liability co(mpany)?\.?)?|"
	r"incorporated|inc\.?|corporation|corp\.?|company|co\.?)$"
)
# statuses of entities whose names are free again (Sunbiz writes "INACT", "CROSS RF" for a cross-reference)
DEAD = (
	"inact", "dissolved", "revoked", "expired", "withdrawn", "cancelled", "canceled", "merged", "forfeited",
	"cross rf", "name hs",
)  # fmt: skip
TRAILING_ID = re.compile(r"\s*\([^()]*\)\s*$")

# Seed states searched by staff, and why (the staff task says it).
NOT_AUTOMATED = {
	"DE": "no public search API found; the Division of Corporations' entity search page is not modelled",
	"TX": "SOSDirect searches need a paid SOSDirect account ($1 per search on the Secretary of State's fee "
	"schedule)",
	"NV": "no public search API found; the SilverFlume/esos entity search page is not modelled",
	"UT": "no public search API found; the Division of Corporations' name search page is not modelled",
	"NM": "no documented search API found; the enterprise.sos.nm.gov search is not modelled",
	"OH": "no public search API found; the businesssearch.ohiosos.gov page is not modelled",
}


class SearchFailed(Exception):
	"""The state's search could not be used (network, HTTP error, an answer the parser does not know)."""


def normalise(name: str) -> str:
	text = html.unescape(name).casefold().replace("&", " and ")
	text = re.sub(r"[^\w\s.]", " ", text)
	text = " ".join(text.split())
	text = ENDINGS.sub("", text).strip(" .,")
	return re.sub(r"[^\w]", "", text)


@dataclass(frozen=True)
class Result:
	available: bool
	matches: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Request:
	"""One call to a state's search. `warm_url` is fetched first in the same session (for its cookies) and
	then sent as the Referer, as a browser coming from the search form would."""

	method: str
	url: str
	params: dict[str, str] | None = None
	json: dict[str, Any] | None = None
	warm_url: str | None = None

	def logged(self) -> dict[str, Any]:
		return self.json if self.json is not None else dict(self.params or {})


def taken_by(rows: list[tuple[str, str]], name: str) -> Result:
	wanted = normalise(name)
	matches = [
		entity
		for entity, status in rows
		if normalise(entity) == wanted and not any(d in status.casefold() for d in DEAD)
	]
	return Result(available=not matches, matches=matches)


class _Adapter:
	code: str

	def request(self, name: str) -> Request:
		raise NotImplementedError

	def parse(self, answer: str) -> list[tuple[str, str]]:
		raise NotImplementedError

	def check(self, name: str) -> Result:
		"""Ask the state (through name_search.fetch: timeout, retries, Integration Request) and decide."""
		from pw_compliance.formation.name_search import fetch

		return taken_by(self.parse(fetch(self.code, self.request(name))), name)


class _Rows(HTMLParser):
	"""Each row's cell texts, from the table whose id is given or the first table inside the element with
	that id."""

	def __init__(self, table_id: str) -> None:
		super().__init__(convert_charrefs=True)
		self.table_id = table_id
		self.armed = False
		self.depth = 0
		self.found = False
		self.rows: list[list[str]] = []
		self.cell: list[str] | None = None

	def handle_starttag(self, tag: str, attrs: list) -> None:
		ident = dict(attrs).get("id")
		if tag == "table" and not self.depth and not self.found and (ident == self.table_id or self.armed):
			self.found, self.depth = True, 1
		elif tag == "table" and self.depth:
			self.depth += 1
		elif ident == self.table_id and not self.found:
			self.armed = True
		elif self.depth and tag == "tr":
			self.rows.append([])
		elif self.depth and tag == "td" and self.rows:
			self.cell = []

	def handle_endtag(self, tag: str) -> None:
		if tag == "table" and self.depth:
			self.depth -= 1
		elif tag == "td" and self.cell is not None:
			self.rows[-1].append(" ".join("".join(self.cell).split()))
			self.cell = None

	def handle_data(self, data: str) -> None:
		if self.cell is not None:
			self.cell.append(data)


@dataclass(frozen=True)
class HttpAdapter(_Adapter):
	"""A search results page (GET) read as an HTML table: one row per entity."""

	code: str
	url: str
	query_param: str
	table_id: str
	name_column: int
	status_column: int
	no_results_text: str
	extra_params: tuple[tuple[str, str], ...] = ()
	warm_url: str | None = None

	def request(self, name: str) -> Request:
		return Request(
			"GET", self.url, {**dict(self.extra_params), self.query_param: name}, None, self.warm_url
		)

	def parse(self, answer: str) -> list[tuple[str, str]]:
		"""(entity name, status) of each result row; a page with neither the table nor the no-results text
		is not a page this parser knows."""
		parser = _Rows(self.table_id)
		parser.feed(answer)
		if not parser.found and self.no_results_text.casefold() not in answer.casefold():
			raise SearchFailed(f"{self.code}: the search page has no results table and no 'no results' text")
		rows = [r for r in parser.rows if len(r) > max(self.name_column, self.status_column)]
		return [(r[self.name_column], r[self.status_column]) for r in rows]


def _json(code: str, answer: str) -> Any:
	try:
		return json.loads(answer)
	except ValueError as e:
		raise SearchFailed(f"{code}: the search answered something other than JSON") from e


@dataclass(frozen=True)
class SocrataAdapter(_Adapter):
	"""A state's open-data set of business entities through the Socrata API: a full-text `$q` search,
	the rows' name and status columns."""

	code: str
	url: str
	name_field: str
	status_field: str
	limit: int = 200

	def request(self, name: str) -> Request:
		return Request(
			"GET",
			self.url,
			{"$q": name, "$select": f"{self.name_field},{self.status_field}", "$limit": str(self.limit)},
		)

	def parse(self, answer: str) -> list[tuple[str, str]]:
		rows = _json(self.code, answer)
		if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
			raise SearchFailed(f"{self.code}: the open-data answer is not a list of rows")
		return [(str(r.get(self.name_field) or ""), str(r.get(self.status_field) or "")) for r in rows]


@dataclass(frozen=True)
class TylerAdapter(_Adapter):
	"""The business search API of the states' Tyler Technologies portals (POST api/Records/businesssearch):
	`rows` keyed by record id, each with its `TITLE` (name, then the id in brackets) and `STATUS`."""

	code: str
	url: str
	warm_url: str

	def request(self, name: str) -> Request:
		body = {
			"SEARCH_VALUE": name,
			"QUERY_TYPE_ID": 1010,
			"FILING_TYPE_ID": "0",
			"FILING_SUBTYPE_ID": "0",
			"STATUS_ID": "0",
			"STATE": "",
			"COUNTY": "",
			"CRA_SEARCH_YN": False,
			"FILING_DATE": {"start": None, "end": None},
			"EXPIRATION_DATE": {"start": None, "end": None},
		}
		return Request("POST", self.url, None, body, self.warm_url)

	def parse(self, answer: str) -> list[tuple[str, str]]:
		data = _json(self.code, answer)
		if not isinstance(data, dict) or "rows" not in data:
			raise SearchFailed(f"{self.code}: the search answer has no rows")
		rows = data["rows"] or {}
		found = []
		for row in rows.values() if isinstance(rows, dict) else rows:
			title = row.get("TITLE") or [""]
			name = title[0] if isinstance(title, list) else str(title)
			found.append((TRAILING_ID.sub("", name), str(row.get("STATUS") or "")))
		return found


ADAPTERS: dict[str, _Adapter] = {
	"WY": HttpAdapter(
		code="WY",
		url="https://wyobiz.wyo.gov/Business/FilingSearch.aspx",
		query_param="searchValue",
		table_id="MainContent_grdSearchResults",
		name_column=0,
		status_column=2,
		no_results_text="No records found",
	),
	"CO": SocrataAdapter(
		code="CO",
		url="https://data.colorado.gov/resource/4ykn-tg5h.json",
		name_field="entityname",
		status_field="entitystatus",
	),
	"FL": HttpAdapter(
		code="FL",
		url="https://search.sunbiz.org/Inquiry/CorporationSearch/SearchResults",
		query_param="searchTerm",
		extra_params=(("inquiryType", "EntityName"), ("searchNameOrder", "")),
		table_id="search-results",
		name_column=0,
		status_column=2,
		no_results_text="No records found",
		warm_url="https://search.sunbiz.org/Inquiry/CorporationSearch/ByName",
	),
	"MT": TylerAdapter(
		code="MT",
		url="https://biz.sosmt.gov/api/Records/businesssearch",
		warm_url="https://biz.sosmt.gov/search/business",
	),
}


def why_not(state: str) -> str:
	return NOT_AUTOMATED.get(state, "no automated business search for this state")
