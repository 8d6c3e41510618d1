"""Name availability in a state's business search: one adapter per automated state, behind the
"State name search live" switch of PW Compliance Settings (off: every search is a staff task).

An adapter fetches the state's public search results for a proposed name over HTTP (timeout, retries,
one Integration Request per call) and parses the result rows (entity name, status). A name is available
when no entity in a live status has the same name once punctuation and the entity ending are set aside.

Only Wyoming has an adapter. Its parser is written against a recorded copy of the result page's structure
(tests/fixtures/name_search), modelled on the WyoBiz filing search, not captured from it: check the
selectors against the live page before turning the switch on. Every other state is a staff task.
"""

from __future__ import annotations

import html
import json
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

import frappe
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

SERVICE = "State Business Search"
USER_AGENT = "PerformanceWest-Formation/1.0 (+https://performancewest.net)"
ENDINGS = re.compile(
	r"\b(limited liability company|limited company|l\.?l\.?c\.?|l\.?c\.?|ltd\.?( liability co(mpany)?\.?)?|"
	r"incorporated|inc\.?|corporation|corp\.?|company|co\.?)$"
)
DEAD = ("inactive", "dissolved", "revoked", "expired", "withdrawn", "cancelled", "merged", "forfeited")


class SearchFailed(Exception):
	"""The state's search could not be used (network, HTTP error, a page the parser does not know)."""


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


class _Rows(HTMLParser):
	"""The rows of the results table whose id is given: each row's cell texts."""

	def __init__(self, table_id: str) -> None:
		super().__init__()
		self.table_id = table_id
		self.depth = 0
		self.found = False
		self.rows: list[list[str]] = []
		self.cell: list[str] | None = None

	def handle_starttag(self, tag: str, attrs: list) -> None:
		if tag == "table" and dict(attrs).get("id") == self.table_id:
			self.found, self.depth = True, 1
		elif tag == "table" and self.depth:
			self.depth += 1
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
class HttpAdapter:
	code: str
	url: str
	query_param: str
	table_id: str
	name_column: int
	status_column: int
	no_results_text: str

	def parse(self, page: str) -> list[tuple[str, str]]:
		"""(entity name, status) of each result row; a page with neither rows nor the no-results text
		is not a page this parser knows."""
		parser = _Rows(self.table_id)
		parser.feed(page)
		rows = [r for r in parser.rows if len(r) > max(self.name_column, self.status_column)]
		if not parser.found and self.no_results_text.casefold() not in page.casefold():
			raise SearchFailed(f"{self.code}: the search page has no results table and no 'no results' text")
		return [(r[self.name_column], r[self.status_column]) for r in rows]

	def check(self, name: str) -> Result:
		wanted = normalise(name)
		matches = [
			entity
			for entity, status in self.parse(fetch(self.code, self.url, {self.query_param: name}))
			if normalise(entity) == wanted and not any(d in status.casefold() for d in DEAD)
		]
		return Result(available=not matches, matches=matches)


ADAPTERS = {
	"WY": HttpAdapter(
		code="WY",
		url="https://wyobiz.wyo.gov/Business/FilingSearch.aspx",
		query_param="searchValue",
		table_id="MainContent_grdSearchResults",
		name_column=0,
		status_column=2,
		no_results_text="No records found",
	),
}


def adapter_for(state: str) -> HttpAdapter | None:
	if not frappe.db.get_single_value("PW Compliance Settings", "state_name_search_live"):
		return None
	return ADAPTERS.get(state)


def fetch(state: str, url: str, params: dict) -> str:
	"""GET the search page: timeout, retries on 429/5xx, one Integration Request per call."""
	retry = Retry(
		total=2, backoff_factor=1, status_forcelist=(429, 500, 502, 503, 504), allowed_methods=("GET",)
	)
	session = requests.Session()
	session.mount("https://", HTTPAdapter(max_retries=retry))
	session.headers.update({"User-Agent": USER_AGENT})
	started, status, error = time.monotonic(), None, None
	try:
		response = session.get(url, params=params, timeout=30)
		status = response.status_code
		response.raise_for_status()
		return response.text
	except requests.RequestException as e:
		error = str(e)[:1000]
		raise SearchFailed(f"{state}: {error}") from e
	finally:
		frappe.get_doc(
			{
				"doctype": "Integration Request",
				"integration_request_service": SERVICE,
				"request_description": f"{state} name search",
				"is_remote_request": 0,
				"status": "Failed" if error else "Completed",
				"url": url[:1000],
				"data": json.dumps(params),
				"output": json.dumps({"status": status, "seconds": round(time.monotonic() - started, 3)}),
				"error": error,
			}
		).insert(ignore_permissions=True)
