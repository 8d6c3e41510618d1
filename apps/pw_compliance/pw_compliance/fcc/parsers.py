"""Parsers for the FCC's public sources, each in the format the source publishes.

Every parser returns plain records with a natural key and a content hash, so a loader can upsert them
idempotently (same row twice -> same hash -> nothing written). The formats, and where they are documented:

- Form 499 Filer Database: the FCC/USAC registry of every interstate telecom carrier and interconnected
  VoIP provider. Search page apps.fcc.gov/cgb/form499/499a.cfm; results 499results.cfm, whose
  documented RESTful interface (FCC Form 499 Filer Database API, apps.fcc.gov/cgb/form499/docs/index.htm)
  takes the same search parameters (FilerID, LegalName, frn, state, comm_type, R1) and the results page
  offers a CSV download with a header row ("Filer ID", "FRN", "Last Filed", "Legal Name of Carrier",
  "Doing Business As", "Principal Communications Type", ...). Bulk mirrors of the same registry circulate
  as a header-less 17-column TSV in the order of `FILER_COLUMNS` below; both are accepted.
- Robocall Mitigation Database (47 CFR 64.6305): the public listing fccprod.servicenowservices.com/rmd
  (?id=rmd_listings) is a ServiceNow table, x_g_fmc_rmd_robocall_mitigation_database, exported with
  ServiceNow's URL export processor (`<table>_list.do?CSV&sysparm_query=...`, "Export directly from a
  URL", servicenow.com docs). Headers are the table's field names (frn, business_name, implementation,
  voice_service_provider_choice, last_recertified, ...) or, with display headers, their labels
  ("FCC Registration Number (FRN)", "Business Name", "Implementation", ...); both are accepted.
- CPNI certifications (47 CFR 64.2009(e)) are filed in ECFS, EB Docket 06-36. ECFS public API
  (publicapi.fcc.gov/ecfs/filings?proceedings.name=06-36&api_key=..., api.data.gov key) answers JSON
  {"filing": [{"id_submission", "date_received", "filers": [{"name"}], "submissiontype":
  {"description"}, "documents": [{"filename", "src"}], "brief_comment_summary", "text_data", ...}]}.
- CORES has no public bulk file; the public registration detail page apps.fcc.gov/cores/searchDetail.do
  ?frn=NNNNNNNNNN is a flat table of <th>Label:</th><td>value</td> rows (FRN, Registration Date, Last
  Updated, Entity Name, Entity Type, Contact Organization, ...). Red-light status is shown only to the
  FRN's own logged-in users (47 CFR 1.1910), so it is "Unknown" unless a page states it.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date

from pw_compliance.fcc.identifiers import normalise_name, source_frn


class SourceFormatError(ValueError):
	"""The payload is not in the source's format (wrong file, an error page, a changed layout)."""


def _key(label: str) -> str:
	return re.sub(r"[^a-z0-9]", "", label.lower())


def _clean(value: object) -> str:
	text = str(value or "").strip()
	return "" if text.lower() in ("none", "n/a", "na", "null", "-") else re.sub(r"\s+", " ", text)


def parse_date(value: object) -> date | None:
	"""ISO dates and date-times (ServiceNow, ECFS) and US MM/DD/YYYY (FCC web exports)."""
	text = _clean(value)
	if not text:
		return None
	m = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
	if m:
		return date(int(m[1]), int(m[2]), int(m[3]))
	m = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
	if m:
		return date(int(m[3]), int(m[1]), int(m[2]))
	return None


def _flag(value: object) -> bool | None:
	text = _clean(value).lower()
	if text in ("true", "yes", "y", "1"):
		return True
	if text in ("false", "no", "n", "0"):
		return False
	return None


@dataclass(frozen=True)
class Record:
	def row(self) -> dict:
		return {k: v for k, v in asdict(self).items() if not k.startswith("_")}

	@property
	def content_hash(self) -> str:
		return hashlib.sha1(json.dumps(self.row(), sort_keys=True, default=str).encode()).hexdigest()


# -- Form 499 Filer Database ------------------------------------------------------------------------


@dataclass(frozen=True)
class FilerRecord(Record):
	filer_id: str
	frn: str | None
	legal_name: str
	legal_name_norm: str
	dba_name: str = ""
	dba_name_norm: str = ""
	comm_type: str = ""
	status: str = ""
	last_filed: date | None = None
	usf_contributor: bool | None = None
	holding_company: str = ""
	management_company: str = ""
	hq_address: str = ""
	customer_inquiries_phone: str = ""
	dc_agent: str = ""
	dc_agent_organization: str = ""
	dc_agent_phone: str = ""
	dc_agent_email: str = ""
	dc_agent_address: str = ""

	@property
	def key(self) -> str:
		return self.filer_id

	@property
	def de_minimis(self) -> bool | None:
		"""The registry marks USF contributors; a registered filer that is not one is de minimis (54.708)."""
		return None if self.usf_contributor is None else not self.usf_contributor

	@property
	def last_filed_year(self) -> int | None:
		return self.last_filed.year if self.last_filed else None


FILER_COLUMNS = (
	"filer_id", "frn", "last_filed", "usf_contributor", "legal_name", "dba_name", "comm_type",
	"holding_company", "management_company", "hq_address", "customer_inquiries_phone",
	"customer_inquiries_address", "dc_agent", "dc_agent_organization", "dc_agent_phone", "dc_agent_email",
	"dc_agent_address",
)  # fmt: skip
FILER_HEADERS = {
	_key(label): column
	for column, labels in {
		"filer_id": ("Filer ID", "499 Filer ID", "Filer 499 ID", "Form 499 ID", "Filer ID Number", "form499ID"),
		"frn": ("FRN", "FCC Registration Number", "Registration Number (CORESID)", "FCC Registration Number (FRN)"),
		"last_filed": ("Last Filed", "Last Filing Date", "Date Last Filed", "lastFiledAt"),
		"usf_contributor": ("USF Contributor", "Universal Service Fund Contributor", "usfContributor"),
		"legal_name": ("Legal Name of Carrier", "Legal Name", "Legal Name of Reporting Entity", "legalNameOfCarrier"),
		"dba_name": ("Doing Business As", "DBA", "DBA Name", "doingBusinessAs"),
		"comm_type": ("Principal Communications Type", "Principal Communications Type(s)", "Communications Type", "principalCommType"),
		"status": ("Status", "Filer Status", "Registration Status"),
		"holding_company": ("Holding Company", "Affiliated Filers Name", "holdingCompany"),
		"management_company": ("Management Company", "managementCompany"),
		"hq_address": ("Headquarters Address", "HQ Address", "hqAddress"),
		"customer_inquiries_phone": ("Customer Inquiries Telephone", "customerInquiriesTelephone"),
		"customer_inquiries_address": ("Customer Inquiries Address", "customerInquiriesAddress"),
		"dc_agent": ("DC Agent", "D.C. Agent", "D.C. Agent Name", "dcAgentDisplayName"),
		"dc_agent_organization": ("DC Agent Organization", "D.C. Agent Organization", "dcAgentOrganizationName"),
		"dc_agent_phone": ("DC Agent Telephone", "D.C. Agent Telephone", "dcAgentTelephone"),
		"dc_agent_email": ("DC Agent Email", "D.C. Agent E-mail", "dcAgentEmailAddress"),
		"dc_agent_address": ("DC Agent Address", "D.C. Agent Address", "dcAgentAddress"),
	}.items()
	for label in labels
}  # fmt: skip


def _rows(text: str, headers: dict[str, str], fixed: tuple[str, ...] = ()) -> Iterable[tuple[int, dict]]:
	"""(line, {column: cell}) from a CSV/TSV with a header row, or a header-less file in `fixed` order."""
	text = text.lstrip("\ufeff")
	if not text.strip():
		raise SourceFormatError("empty file")
	first = text.split("\n", 1)[0]
	if first.lstrip().startswith("<"):
		raise SourceFormatError("an HTML page, not a data export")
	delimiter = "\t" if first.count("\t") > first.count(",") else ","
	reader = csv.reader(io.StringIO(text), delimiter=delimiter)
	header = next(reader)
	columns = [headers.get(_key(h)) for h in header]
	if not any(columns):
		if not fixed or not header[0].strip().isdigit():
			raise SourceFormatError(f"unknown columns: {', '.join(header[:6])}")
		columns = list(fixed)
		yield 1, dict(zip(columns, header, strict=False))
	for line, cells in enumerate(reader, 2):
		if not any(c.strip() for c in cells):
			continue
		yield line, {c: v for c, v in zip(columns, cells, strict=False) if c}


def parse_filers(text: str) -> list[FilerRecord]:
	"""The 499 Filer Database export (CSV with headers, or the 17-column TSV). Rows without a filer ID
	are skipped; a filer listed twice keeps its latest filing."""
	found: dict[str, FilerRecord] = {}
	for _line, row in _rows(text, FILER_HEADERS, FILER_COLUMNS):
		filer_id = re.sub(r"\D", "", row.get("filer_id", ""))
		legal = _clean(row.get("legal_name"))
		if not filer_id or not legal:
			continue
		dba = _clean(row.get("dba_name"))
		record = FilerRecord(
			filer_id=filer_id, frn=source_frn(row.get("frn")), legal_name=legal[:140],
			legal_name_norm=normalise_name(legal), dba_name=dba[:140], dba_name_norm=normalise_name(dba),
			comm_type=_clean(row.get("comm_type"))[:140], status=_clean(row.get("status"))[:40],
			last_filed=parse_date(row.get("last_filed")), usf_contributor=_flag(row.get("usf_contributor")),
			holding_company=_clean(row.get("holding_company"))[:140],
			management_company=_clean(row.get("management_company"))[:140],
			hq_address=_clean(row.get("hq_address")), customer_inquiries_phone=_clean(row.get("customer_inquiries_phone"))[:40],
			dc_agent=_clean(row.get("dc_agent"))[:140], dc_agent_organization=_clean(row.get("dc_agent_organization"))[:140],
			dc_agent_phone=_clean(row.get("dc_agent_phone"))[:40], dc_agent_email=_clean(row.get("dc_agent_email"))[:140],
			dc_agent_address=_clean(row.get("dc_agent_address")),
		)  # fmt: skip
		previous = found.get(filer_id)
		if not previous or (record.last_filed or date.min) >= (previous.last_filed or date.min):
			found[filer_id] = record
	if not found:
		raise SourceFormatError("no filer rows")
	return list(found.values())


# -- Robocall Mitigation Database -------------------------------------------------------------------


@dataclass(frozen=True)
class RMDRecord(Record):
	rmd_number: str
	frn: str | None
	business_name: str
	business_name_norm: str
	implementation: str = ""
	certification: str = ""
	voice_service_provider: bool | None = None
	gateway_provider: bool | None = None
	intermediate_provider: bool | None = None
	foreign_provider: bool | None = None
	other_dba_names: str = ""
	date_of_filing: date | None = None
	last_recertified: date | None = None
	last_updated: date | None = None
	listing_status: str = ""

	@property
	def key(self) -> str:
		return self.rmd_number

	@property
	def removed(self) -> bool:
		return self.listing_status.lower() in ("removed", "delisted", "withdrawn", "inactive")

	@property
	def certified_on(self) -> date | None:
		"""The latest certification: the annual recertification, else the filing itself."""
		dates = [d for d in (self.last_recertified, self.date_of_filing) if d]
		return max(dates) if dates else None


RMD_HEADERS = {
	_key(label): column
	for column, labels in {
		"rmd_number": ("number", "RMD Number", "Number", "Filing Number"),
		"frn": ("frn", "FCC Registration Number (FRN)", "FRN"),
		"business_name": ("business_name", "Business Name"),
		"implementation": ("implementation", "Implementation", "STIR/SHAKEN Implementation"),
		"certification": ("certification", "Certification", "Certification Type"),
		"voice_service_provider": ("voice_service_provider_choice", "Voice Service Provider"),
		"gateway_provider": ("gateway_provider_choice", "Gateway Provider"),
		"intermediate_provider": ("intermediate_provider_choice", "Non-Gateway Intermediate Provider", "Intermediate Provider"),
		"foreign_provider": ("foreign_voice_provider", "Foreign Voice Service Provider"),
		"other_dba_names": ("other_dba_names", "Other DBA Name(s)"),
		"date_of_filing": ("date_of_filing", "Date of Filing", "Filing Date", "sys_created_on", "Created"),
		"last_recertified": ("last_recertified", "Last Recertified", "Recertification Date", "Date of Recertification"),
		"last_updated": ("last_updated", "Last Updated", "sys_updated_on", "Updated"),
		"listing_status": ("status", "Status", "Removal Status", "Listing Status"),
	}.items()
	for label in labels
}  # fmt: skip
ROLE_LABELS = (
	("voice_service_provider", "Voice Service Provider"),
	("gateway_provider", "Gateway Provider"),
	("intermediate_provider", "Non-Gateway Intermediate Provider"),
)


def parse_rmd(text: str) -> list[RMDRecord]:
	"""The RMD listing CSV. The natural key is the RMD filing number; a file without that column is keyed
	by FRN (one filing per FRN is the RMD's rule), then by name."""
	found: dict[str, RMDRecord] = {}
	for _line, row in _rows(text, RMD_HEADERS):
		name = _clean(row.get("business_name"))
		frn = source_frn(row.get("frn"))
		if not name and not frn:
			continue
		number = _clean(row.get("rmd_number")).upper() or (
			f"FRN-{frn}" if frn else f"NAME-{normalise_name(name)}"
		)
		roles = {field: _flag(row.get(field)) for field, _label in ROLE_LABELS}
		certification = _clean(row.get("certification")) or ", ".join(
			label for field, label in ROLE_LABELS if roles[field]
		)
		record = RMDRecord(
			rmd_number=number[:60], frn=frn, business_name=name[:140], business_name_norm=normalise_name(name),
			implementation=_clean(row.get("implementation"))[:140], certification=certification[:140],
			foreign_provider=_flag(row.get("foreign_provider")), other_dba_names=_clean(row.get("other_dba_names"))[:500],
			date_of_filing=parse_date(row.get("date_of_filing")), last_recertified=parse_date(row.get("last_recertified")),
			last_updated=parse_date(row.get("last_updated")), listing_status=_clean(row.get("listing_status"))[:40],
			**roles,
		)  # fmt: skip
		found[record.key] = record
	if not found:
		raise SourceFormatError("no RMD rows")
	return list(found.values())


# -- ECFS: CPNI certifications in EB Docket 06-36 ----------------------------------------------------


@dataclass(frozen=True)
class CPNIRecord(Record):
	filing_id: str
	filer_name: str
	filer_name_norm: str
	date_received: date
	year_certified: int
	frn: str | None = None
	filer_499_id: str | None = None
	submission_type: str = ""
	document_url: str = ""

	@property
	def key(self) -> str:
		return self.filing_id


FRN_IN_TEXT = re.compile(r"\bFRN\b[^0-9]{0,30}(\d{10})\b", re.I)
FILER_ID_IN_TEXT = re.compile(r"\b499\b[^0-9]{0,30}(\d{6})\b", re.I)
YEAR_IN_TEXT = re.compile(r"(?:calendar\s+year|year|for|covering|CY)\s*(20\d\d)\b", re.I)


def _year_certified(texts: list[str], received: date) -> int:
	"""The calendar year a certification covers: the year it names ("for calendar year 2024"), else the
	year before it was received (64.2009(e): filed by March 1 for the previous calendar year)."""
	for text in texts:
		for m in YEAR_IN_TEXT.finditer(text):
			year = int(m[1])
			if received.year - 3 <= year <= received.year:
				return year
	return received.year - 1


def parse_ecfs(payload: dict | str) -> list[CPNIRecord]:
	"""One ECFS API page of filings. FRN and 499 Filer ID are read from the filing's text where the
	certificate states them (most do); ECFS itself carries only the filer's name."""
	data = json.loads(payload) if isinstance(payload, str) else payload
	if not isinstance(data, dict) or not isinstance(data.get("filing", data.get("filings")), list):
		raise SourceFormatError("not an ECFS filings response")
	records = []
	for filing in data.get("filing", data.get("filings")):
		filing_id = str(filing.get("id_submission") or "").strip()
		received = parse_date(filing.get("date_received") or filing.get("date_disseminated"))
		filers = [f.get("name", "") for f in filing.get("filers") or [] if isinstance(f, dict)]
		name = _clean(filers[0] if filers else filing.get("name_of_filer"))
		if not filing_id or not received or not name:
			continue
		documents = [d for d in filing.get("documents") or [] if isinstance(d, dict)]
		texts = [d.get("filename") or "" for d in documents] + [
			filing.get("brief_comment_summary") or "", (filing.get("text_data") or "")[:20000],
		]  # fmt: skip
		joined = "\n".join(texts)
		frn = FRN_IN_TEXT.search(joined)
		filer_id = FILER_ID_IN_TEXT.search(joined)
		src = documents[0].get("src") if documents else None
		records.append(
			CPNIRecord(
				filing_id=filing_id[:60], filer_name=name[:140], filer_name_norm=normalise_name(name),
				date_received=received, year_certified=_year_certified(texts, received),
				frn=frn[1] if frn else None, filer_499_id=filer_id[1] if filer_id else None,
				submission_type=_clean((filing.get("submissiontype") or {}).get("description"))[:140],
				document_url=(src or f"https://www.fcc.gov/ecfs/search/search-filings/filing/{filing_id}")[:500],
			)
		)  # fmt: skip
	return records


# -- CORES registration detail ----------------------------------------------------------------------


@dataclass(frozen=True)
class CORESRecord(Record):
	frn: str
	status: str  # Registered | Not Found
	entity_name: str = ""
	entity_name_norm: str = ""
	entity_type: str = ""
	contact_organization: str = ""
	contact_email: str = ""  # where an FRN claim is confirmed (pw_fcc.claims)
	registration_date: date | None = None
	last_updated: date | None = None
	red_light: str = "Unknown"  # Unknown | Green | Red

	@property
	def key(self) -> str:
		return self.frn


CORES_LABELS = {
	"frn": "frn", "registrationdate": "registration_date", "lastupdated": "last_updated",
	"entityname": "entity_name", "entitytype": "entity_type", "contactorganization": "contact_organization",
	"contactemail": "contact_email",
	"redlightstatus": "red_light", "redlight": "red_light", "redlightdisplay": "red_light",
}  # fmt: skip
ROW_RE = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S | re.I)
CELL_RE = re.compile(r"<t([hd])[^>]*>(.*?)</t[hd]>", re.S | re.I)


def _text(fragment: str) -> str:
	return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _email(value: str | None) -> str:
	"""An e-mail address as CORES shows it, lower-cased; anything else is dropped."""
	value = (value or "").strip().lower()
	return value if len(value) <= 140 and re.fullmatch(r"[^@\s<>\"']+@[^@\s<>\"']+\.[a-z]{2,}", value) else ""


def parse_cores(frn: str, page: str) -> CORESRecord:
	"""The searchDetail.do page for one FRN. A page without a registration table (CORES shows its search
	form for an unknown FRN) is "Not Found"; a page stating another FRN is refused, never attributed."""
	if not isinstance(page, str) or "<" not in page:
		raise SourceFormatError("not an HTML page")
	fields: dict[str, str] = {}
	for row in ROW_RE.findall(page):
		cells = CELL_RE.findall(row)
		if len(cells) >= 2 and cells[0][0].lower() == "h":
			column = CORES_LABELS.get(_key(_text(cells[0][1])))
			if column and (value := _text(cells[1][1])):
				fields[column] = value
	if not fields.get("entity_name") and not fields.get("contact_organization"):
		return CORESRecord(frn=frn, status="Not Found")
	if fields.get("frn") and source_frn(fields["frn"]) != frn:
		raise SourceFormatError(f"the page is for FRN {fields['frn']}, not {frn}")
	red = fields.get("red_light", "").lower()
	return CORESRecord(
		frn=frn, status="Registered", entity_name=fields.get("entity_name", "")[:140],
		entity_name_norm=normalise_name(fields.get("entity_name")), entity_type=fields.get("entity_type", "")[:140],
		contact_organization=fields.get("contact_organization", "")[:140],
		contact_email=_email(fields.get("contact_email")),
		registration_date=parse_date(fields.get("registration_date")), last_updated=parse_date(fields.get("last_updated")),
		red_light="Green" if ("green" in red or "clear" in red) else "Red" if "red" in red else "Unknown",
	)  # fmt: skip
