"""The FCC's "Contribution Factor & Quarterly Filings - Universal Service Fund (USF) Management Support"
page (Office of the Managing Director), read for the quarter's proposed contribution factor (no Frappe
import).

The page states the factor in one sentence, "Proposed contribution factor for second quarter 2026 is 0.370
or 37.0 percent." (older copies: ".155 or 15.5 percent"), and links each quarter's public notice on
docs.fcc.gov (".../public/attachments/DA-26-218A1.pdf"). A page without that sentence, or whose decimal
and percent disagree, or with a factor no quarter has had, is an odd page: nothing is taken from it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
ORDINAL_NAMES = {number: name for name, number in ORDINALS.items()}
HEADLINE = re.compile(
	r"proposed\s+(?:universal\s+service\s+)?contribution\s+factor\s+for\s+(?:the\s+)?"
	r"(first|second|third|fourth)\s+quarter\s+(?:of\s+)?(\d{4})\s+(?:is|will\s+be)\s+"
	r"(\d?\.\d+)\s*(?:,\s*)?or\s+(\d{1,2}(?:\.\d+)?)\s*(?:percent|%)",
	re.IGNORECASE,
)
NOTICE_LINK = re.compile(
	r"""href=["']([^"']*?/attachments/((?:DA|FCC)-\d{2}-\d{1,4})A\d\.(?:pdf|txt|docx?))["']""", re.IGNORECASE
)
NOTICE_TEXT = re.compile(r"\b(DA|FCC)\s+(\d{2})-(\d{1,4})\b")
# no quarter since 1998 has been outside this range (5.9 percent in 2000 to about 40 percent in 2026)
LOWEST, HIGHEST = Decimal("0.03"), Decimal("0.75")


class OddPage(ValueError):
	"""The page is not what the parser knows: the previous factors stay and staff are told."""


@dataclass(frozen=True)
class Announcement:
	quarter: str  # "2026-Q2"
	factor: Decimal  # 0.370
	public_notice: str  # "DA 26-218", or "" when the page links none near the sentence
	notice_url: str


def text_of(page: str) -> str:
	without = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
	return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", without)).split())


def _notice_near(page: str, position: int) -> tuple[str, str]:
	"""The first public notice linked after the sentence (within the next 2,000 characters of markup)."""
	window = page[position : position + 2000]
	link = NOTICE_LINK.search(window)
	if link:
		return link[2].upper().replace("-", " ", 1), link[1]
	named = NOTICE_TEXT.search(text_of(window))
	return (f"{named[1].upper()} {named[2]}-{named[3]}", "") if named else ("", "")


def parse(page: str) -> list[Announcement]:
	"""Every quarter the page announces, first as on the page; OddPage when there is none or one is odd."""
	found: list[Announcement] = []
	for match in HEADLINE.finditer(page):
		ordinal, year, decimal, percent = match.groups()
		try:
			factor, pct = Decimal(decimal), Decimal(percent)
		except InvalidOperation as e:  # pragma: no cover - the pattern admits only numbers
			raise OddPage(f"Unreadable factor: {match[0]}") from e
		if abs(factor * 100 - pct) > Decimal("0.05"):
			raise OddPage(f"The factor {decimal} and {percent} percent disagree: {match[0]}")
		if not LOWEST <= factor <= HIGHEST:
			raise OddPage(f"A factor of {decimal} is outside any quarter's: {match[0]}")
		if not 1998 <= int(year) <= 2100:
			raise OddPage(f"Unlikely year {year}: {match[0]}")
		notice, url = _notice_near(page, match.end())
		quarter = f"{year}-Q{ORDINALS[ordinal.lower()]}"
		if quarter not in (a.quarter for a in found):
			found.append(Announcement(quarter, factor, notice, url))
	if not found:
		# markup between the words (a bold factor) is read from the page's text as well
		flat = text_of(page)
		if flat != page and HEADLINE.search(flat):
			return parse(flat)
		raise OddPage("The page has no 'Proposed contribution factor for ... quarter ... is ...' sentence.")
	return found


def quarter_parts(quarter: str) -> tuple[int, int]:
	match = re.fullmatch(r"(\d{4})-Q([1-4])", quarter or "")
	if not match:
		raise ValueError("Write the quarter as YYYY-Qn, e.g. 2027-Q1.")
	return int(match[1]), int(match[2])
