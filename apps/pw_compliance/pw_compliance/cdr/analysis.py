"""CDR traffic studies: the interstate / international split of a carrier's calls, computed from its call
detail records with DuckDB (embedded, no server; no Frappe import).

The CSV files are streamed by DuckDB's reader (gzip read as it goes), never loaded whole: one SQL pass
reads both numbers of every call (pw_cdr_code, our DuckDB extension in native/) and groups the calls by
month and by the two ends' codes (area code, or an international number's first digits); the small
grouped result is then classified:

- a NANP number (10 digits, or 11 beginning with 1, with or without +, punctuation ignored) is placed by
  its area code in NANPA's NPA database (`data/npa_locations.csv`): a US state, DC or territory, Canada or
  another NANP country, or a non-geographic code (toll-free, 5XX, 900 ...);
- an E.164 number (+ or 011 before a country code other than 1) is foreign when its country code is
  assigned (the ITU list as shipped with `phonenumbers`, in `data/country_codes.csv`);
- both ends in the same US state or territory: intrastate; in two: interstate; one end in the US and
  the other abroad (Canada included): international; anything else is indeterminate, with its reason.

Rows whose start time or duration cannot be read, and lines the CSV reader rejects (wrong number of
fields), are not calls: they are counted apart, with their reason and line numbers.
"""

import csv
import gzip
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import duckdb

from pw_compliance.cdr import native

DATA = Path(__file__).parent / "data"
NPA_FILE = DATA / "npa_locations.csv"
COUNTRY_CODES_FILE = DATA / "country_codes.csv"
NPA_SOURCE = (
	"NANPA NPA Database (nationalnanpa.com/nanp1/npa_report.csv), file date 11/26/2025; "
	"country codes: the ITU assignments as shipped with the phonenumbers library 8.13.55"
)

CLASSES = ("intrastate", "interstate", "international", "indeterminate")
JURISDICTIONS = ("intrastate", "interstate", "international")
HINT_WORDS = {
	"intrastate": "intrastate", "intra": "intrastate", "local": "intrastate",
	"interstate": "interstate", "inter": "interstate",
	"international": "international", "intl": "international", "int": "international",
}  # fmt: skip
DELIMITERS = (",", ";", "\t", "|")
PREVIEW_ROWS = 10
SNIFF_BYTES = 64 * 1024
FIELDS = ("start_time", "duration", "calling", "called")
OPTIONAL_FIELDS = ("jurisdiction",)
# end codes of the grouping pass: a NANP area code (200-999), or one of these
INTL, UNKNOWN_CC, NOT_A_NUMBER = -1, -2, -3

# reasons a call is indeterminate, and why a row is not counted as a call
REASONS = {
	"not_a_number": "a number is neither a NANP number nor an E.164 number (+ or 011 and a country code)",
	"unknown_country": "an international number's country code is not assigned",
	"unknown_npa": "an area code is not assigned in NANPA's NPA database",
	"nongeographic": "a number is non-geographic (toll-free, 5XX, 900 ...) and no jurisdiction was given",
	"both_foreign": "neither end is in the United States",
	"bad_start_time": "the start time cannot be read",
	"bad_duration": "the duration is not a number of seconds of zero or more",
	"malformed_line": "the line does not have the header's number of fields",
}


class CdrError(Exception):
	"""Input that cannot be studied; the message names the file, line or column."""


@dataclass(frozen=True)
class Mapping:
	"""Which header column holds each field (`jurisdiction`: optional hint column)."""

	start_time: str
	duration: str
	calling: str
	called: str
	jurisdiction: str = ""
	delimiter: str = ","
	duration_unit: str = "seconds"  # or "minutes"

	def columns(self) -> dict[str, str]:
		cols = {f: getattr(self, f) for f in FIELDS}
		if self.jurisdiction:
			cols["jurisdiction"] = self.jurisdiction
		return cols


@dataclass
class Preview:
	columns: list[str]
	delimiter: str
	rows: list[list[str]]
	compressed: bool
	guess: dict[str, str] = field(default_factory=dict)


@dataclass
class Result:
	rows_read: int = 0
	calls: int = 0
	minutes: Decimal = Decimal(0)
	# (month "YYYY-MM", class) -> [calls, minutes]
	by_month: dict[tuple[str, str], list] = field(default_factory=dict)
	totals: dict[str, list] = field(default_factory=dict)  # class -> [calls, minutes]
	percentages: dict[str, Decimal] = field(default_factory=dict)  # of classified minutes
	indeterminate: dict[str, list] = field(default_factory=dict)  # reason -> [calls, minutes]
	unclassified: dict[str, dict] = field(default_factory=dict)  # reason -> {rows, lines, example}
	method: str = ""
	seconds: float = 0.0


# ---------- reference data ----------


def npa_rows() -> list[tuple[int, str, str]]:
	"""(npa, kind, location) from the shipped NANPA table; kind is us, foreign or nongeographic."""
	return [(int(r["npa"]), r["kind"], r["location"]) for r in _data_rows(NPA_FILE)]


def country_codes() -> list[str]:
	"""Assigned country calling codes other than 1 (NANP numbers are placed by area code instead), from the
	shipped copy of phonenumbers' list: importing the library takes longer (15-25 ms) than the rest of a
	study's classification."""
	return [r["code"] for r in _data_rows(COUNTRY_CODES_FILE)]


def _data_rows(path: Path) -> list[dict[str, str]]:
	"""The rows of a shipped data file: a CSV under comment lines (# ...) that cite its source."""
	with path.open(newline="") as f:
		return list(csv.DictReader(line for line in f if not line.startswith("#")))


# ---------- inspecting an upload ----------


def _head(path: str | Path) -> tuple[bytes, bool]:
	with open(path, "rb") as f:
		start = f.read(SNIFF_BYTES)
	if start[:2] != b"\x1f\x8b":
		return start, False
	try:
		with gzip.open(path, "rb") as g:
			return g.read(SNIFF_BYTES), True
	except (OSError, EOFError) as e:
		raise CdrError(f"The file is compressed but cannot be read as gzip ({e}).")


def check_text(path: str | Path, label: str) -> tuple[str, bool]:
	"""The first lines of the file as text, or CdrError if it is empty or not a CSV text file."""
	head, compressed = _head(path)
	if not head.strip():
		raise CdrError(f"{label} is empty.")
	for magic, kind in (
		(b"PK\x03\x04", "a ZIP or Excel file"),
		(b"%PDF", "a PDF"),
		(b"\xd0\xcf\x11\xe0", "an Excel file"),
	):
		if head.startswith(magic):
			raise CdrError(f"{label} is {kind}, not a CSV file: export the call records as CSV.")
	if b"\x00" in head:
		raise CdrError(f"{label} is not a CSV text file (line 1 holds binary data).")
	try:
		text = head.decode("utf-8-sig")  # an Excel export begins with a byte order mark
	except UnicodeDecodeError as e:
		if e.start < len(head) - 4:  # not just a character cut at the end of the sample
			text = head.decode("latin-1")
		else:
			text = head[: e.start].decode("utf-8-sig")
	return text, compressed


def sniff_delimiter(header: str) -> str:
	counts = {d: header.count(d) for d in DELIMITERS}
	best = max(counts, key=lambda d: counts[d])
	return best if counts[best] else ","


def inspect(path: str | Path, label: str = "The file", delimiter: str | None = None) -> Preview:
	"""Header and first rows for the column mapping, read from the start of the file only."""
	text, compressed = check_text(path, label)
	lines = text.splitlines()
	if len(lines) > 1 and not text.endswith(("\n", "\r")):
		lines = lines[:-1]  # the sample may end mid-line
	delimiter = delimiter or sniff_delimiter(lines[0])
	rows = list(csv.reader(lines[: PREVIEW_ROWS + 1], delimiter=delimiter))
	header = [c.strip() for c in rows[0]]
	if len(header) < len(FIELDS):
		raise CdrError(_delimiter_message(label, lines[0], delimiter, len(header)))
	if len(rows) < 2:
		raise CdrError(f"{label} has a header (line 1) but no call records.")
	# a stray malformed line is counted by the study; none of the first lines matching the header is
	# a file in another format (or another delimiter in the data than in the header)
	if all(len(row) != len(header) for row in rows[1:]):
		raise CdrError(
			f"{label}, line 2: {len(rows[1])} fields where the header (line 1) has {len(header)}. "
			f"Check the delimiter ({_name(delimiter)})."
		)
	return Preview(header, delimiter, rows[1:], compressed, guess_mapping(header))


def _name(delimiter: str) -> str:
	return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(delimiter, repr(delimiter))


def _delimiter_message(label: str, header: str, delimiter: str, found: int) -> str:
	others = [d for d in DELIMITERS if d != delimiter and d in header]
	hint = f" It contains {_name(others[0])}s: is that the delimiter?" if others else ""
	return (
		f"{label}, line 1: the header has {found} column(s) when split by {_name(delimiter)}; a CDR file "
		f"needs at least {len(FIELDS)} (start time, duration, calling and called number).{hint}"
	)


GUESSES = {
	"start_time": ("start", "time", "date", "setup", "connect", "timestamp"),
	"duration": ("duration", "dur", "seconds", "billsec", "length", "secs"),
	"calling": ("calling", "from", "ani", "caller", "orig", "src", "source", "a_number"),
	"called": ("called", "to", "dnis", "dest", "dst", "term", "b_number", "dialed"),
	"jurisdiction": ("jurisdiction", "juris"),
}


def guess_mapping(header: list[str]) -> dict[str, str]:
	"""A first guess at the mapping from common header names (the customer confirms it)."""
	guess: dict[str, str] = {}
	for fieldname, words in GUESSES.items():
		for column in header:
			low = column.lower()
			if column not in guess.values() and any(
				w == low or w in low.split("_") or low.startswith(w) for w in words
			):
				guess[fieldname] = column
				break
	return guess


def check_mapping(preview: Preview, mapping: Mapping, label: str = "The file") -> None:
	missing = [f"{f} → '{c}'" for f, c in mapping.columns().items() if c not in preview.columns]
	unmapped = [f for f in FIELDS if not getattr(mapping, f)]
	if unmapped:
		raise CdrError(f"Map a column to each of: {', '.join(unmapped)}.")
	if missing:
		raise CdrError(
			f"{label}: column(s) {'; '.join(missing)} not in the header (line 1), whose columns are: "
			f"{', '.join(preview.columns)}."
		)
	if len(set(mapping.columns().values())) != len(mapping.columns()):
		raise CdrError("Each field needs its own column: one column is mapped twice.")


# ---------- the study ----------


def _quote(name: str) -> str:
	return '"' + name.replace('"', '""') + '"'


def _sql_list(values: Iterable[str]) -> str:
	return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _source_sql(paths: list[str], mapping: Mapping, header: list[str], rejects: bool = True) -> str:
	"""The files' rows, every column read as text (`header`: the files' columns), with the mapped columns
	under the names the study's queries use. `rejects`: malformed lines are kept aside (reject_errors)
	instead of stopping the read. DuckDB's sniffer does not run: every option it could find is fixed here
	(the line ending is found by the reader as it goes)."""
	files = _sql_list(paths)
	delim = mapping.delimiter.replace("'", "''")
	columns = "{" + ", ".join(f"'{c.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for c in header) + "}"
	extra = ", ignore_errors=true, store_rejects=true" if rejects else ""
	return (
		f"SELECT {', '.join(_columns_sql(mapping))} FROM read_csv({files}, delim='{delim}', header=true, "
		f"all_varchar=true, quote='\"', escape='\"', null_padding=false, auto_detect=false, "
		f"columns={columns}{extra})"
	)


# A number's end code comes from pw_cdr_code(text), the DuckDB extension in native/ (pw_cdr.c): the
# rules of the method (see classify and method_text) in one pass over the text's bytes. It gives a NANP
# area code (0-999), INTL_BASE minus an international number's first three digits (its country code is
# looked up once per group of the result, not on every row), or NOT_A_NUMBER.
INTL_BASE = -1000


def end_code(code: int, ccs: frozenset[str]) -> int:
	"""The grouping pass's end code with an international number's country code looked up: INTL when it is
	assigned (country codes are prefix-free: one of the first three digits' prefixes), else UNKNOWN_CC."""
	if code > INTL_BASE:
		return code
	digits = str(INTL_BASE - code).zfill(3)
	return INTL if any(digits[:n] in ccs for n in (1, 2, 3)) else UNKNOWN_CC


# The day of a start time, as text: a date and time of 16 characters or more is grouped by its first 10
# (YYYY-MM-DD, read as a date once per group: no parsing per row); any other is read per row, as a date
# or a timestamp or else as Unix epoch seconds, into its YYYY-MM-DD. A text that does not read as a date
# is a bad start time. (start_raw, read here as text, keeps DuckDB from reading the column as a DATE in
# the CSV reader, which fails the file at a bad cell instead of giving NULL: duckdb/duckdb#23818.)
_DAY_SQL = """CASE WHEN strlen(start_raw) >= 16 THEN left(start_raw, 10)
	ELSE strftime(coalesce(TRY_CAST(start_raw AS TIMESTAMP),
		TRY_CAST(to_timestamp(TRY_CAST(start_raw AS DOUBLE)) AS TIMESTAMP)), '%Y-%m-%d') END"""
_MONTH_SQL = "date_trunc('month', TRY_CAST(day AS DATE))"
# (dur_raw IS NULL is implied by secs IS NULL; read here, the raw column keeps DuckDB from reading the
# column as DOUBLE in the CSV reader, which fails the file at a bad cell instead of giving NULL:
# duckdb/duckdb#23818)
_BAD_DURATION_SQL = "secs IS NULL OR secs < 0 OR dur_raw IS NULL"


def _columns_sql(mapping: Mapping) -> list[str]:
	cols = mapping.columns()
	hint = [f"lower(trim({_quote(cols['jurisdiction'])})) AS hint"] if "jurisdiction" in cols else []
	return [
		f"{_quote(cols['start_time'])} AS start_raw",
		f"{_quote(cols['duration'])} AS dur_raw",
		f"TRY_CAST({_quote(cols['duration'])} AS DOUBLE) AS secs",
		*hint,
		f"{_quote(cols['calling'])} AS a_raw",
		f"{_quote(cols['called'])} AS b_raw",
	]


def grouping_sql(paths: list[str], mapping: Mapping, header: list[str], rejects: bool = True) -> str:
	"""The one pass over the files: calls grouped by month, problem, the two ends' codes and the hint.
	Rows are first grouped by the start time's day text (no date parsing per row), then by month."""
	first = _source_sql(paths, mapping, header, rejects)
	hint = ["hint"] if mapping.jurisdiction else []  # no constant column to carry and group by
	rows = [
		f"{_DAY_SQL} AS day",
		f"{_BAD_DURATION_SQL} AS bad_duration",
		"secs",
		*hint,
		"pw_cdr_code(a_raw) AS a",
		"pw_cdr_code(b_raw) AS b",
	]
	scale = 60.0 if mapping.duration_unit == "minutes" else 1.0
	return f"""
		SELECT month, CASE WHEN month IS NULL THEN 'bad_start_time' WHEN bad_duration THEN 'bad_duration' END
				AS problem,
			a, b, {"hint" if hint else "NULL AS hint"}, sum(calls) AS calls, sum(seconds) * {scale} AS seconds
		FROM (SELECT {_MONTH_SQL} AS month, bad_duration, a, b, {", ".join([*hint, "calls"])}, seconds FROM (
			SELECT day, bad_duration, a, b, {", ".join([*hint, "count(*) AS calls"])}, sum(secs) AS seconds
			FROM (SELECT {", ".join(rows)} FROM ({first}))
			GROUP BY ALL))
		GROUP BY ALL
	"""


def examples_sql(
	paths: list[str], mapping: Mapping, header: list[str], problem: str, rejects: bool = True
) -> str:
	"""One row's raw start time and duration with the problem (bad_start_time or bad_duration)."""
	where = f"{_MONTH_SQL} IS NULL" if problem == "bad_start_time" else f"{_BAD_DURATION_SQL}"
	first = _source_sql(paths, mapping, header, rejects)
	return f"""SELECT start_raw, dur_raw FROM (SELECT {_DAY_SQL} AS day, start_raw, dur_raw, secs FROM ({first}))
		WHERE {where} LIMIT 1"""


def classify(a: tuple[str, str] | None, b: tuple[str, str] | None, codes: tuple[int, int]) -> tuple[str, str]:
	"""(class, reason) of a call from its two ends: each end is (kind, location) of a NANP area code or
	None, with its end code (INTL, UNKNOWN_CC or NOT_A_NUMBER when not a NANP number)."""
	ends = []
	for end, code in zip((a, b), codes, strict=False):
		if code == NOT_A_NUMBER:
			return "indeterminate", "not_a_number"
		if code == UNKNOWN_CC:
			return "indeterminate", "unknown_country"
		if code == INTL:
			ends.append(("foreign", ""))
		elif end is None:
			return "indeterminate", "unknown_npa"
		else:
			ends.append(end)
	kinds = {kind for kind, _loc in ends}
	if "nongeographic" in kinds:
		return "indeterminate", "nongeographic"
	if kinds == {"us"}:
		return ("intrastate" if ends[0][1] == ends[1][1] else "interstate"), ""
	if "us" in kinds:
		return "international", ""
	return "indeterminate", "both_foreign"


def _minutes(seconds: float | None) -> Decimal:
	return (Decimal(str(seconds or 0)) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> Decimal:
	if not whole:
		return Decimal(0)
	return (part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def connect(memory_limit: str = "1GB", threads: int | None = None, temp_directory: str | None = None) -> Any:
	"""A DuckDB connection for a study, with the number reader (native/pw_cdr.c) loaded; it is built on
	first use when no build of the current source is there (native.BuildError when it cannot be)."""
	config = {
		"memory_limit": memory_limit,
		"preserve_insertion_order": "false",
		"allow_unsigned_extensions": "true",  # pw_cdr is built here, not signed by DuckDB
	}
	if threads:
		config["threads"] = str(int(threads))
	if temp_directory:
		config["temp_directory"] = temp_directory
	con = duckdb.connect(":memory:", config=config)
	con.execute("SET enable_progress_bar = true")  # settings of the connection, not the database
	con.execute("SET enable_progress_bar_print = false")
	native.load(con)
	return con


def execute_with_progress(
	con: Any, sql: str, progress: Callable[[float], None] | None = None, interval: float = 1.0
) -> list[tuple]:
	"""Run the query in a helper thread while this thread reports DuckDB's own progress (percent) to
	`progress` about once per `interval` (so the callback runs in the caller's thread and context)."""
	if progress is None:
		return con.execute(sql).fetchall()
	outcome: dict[str, Any] = {}

	def work() -> None:
		try:
			outcome["rows"] = con.execute(sql).fetchall()
		except BaseException as e:
			outcome["error"] = e

	thread = threading.Thread(target=work, daemon=True)
	thread.start()
	while thread.is_alive():
		thread.join(interval)
		if thread.is_alive():
			try:
				value = con.query_progress()
			except duckdb.Error:
				value = None
			if value is not None and value >= 0:
				progress(min(float(value), 99.0))
	if "error" in outcome:
		raise outcome["error"]
	return outcome["rows"]


def run(
	paths: list[str | Path],
	mapping: Mapping,
	progress: Callable[[float], None] | None = None,
	labels: list[str] | None = None,
	con: Any = None,
) -> Result:
	"""The study of the files (all with the mapping's columns). `progress(percent)` is called about once a
	second, in the caller's thread, while DuckDB scans."""
	started = time.monotonic()
	paths = [str(p) for p in paths]
	labels = labels or [f"File {i + 1}" for i in range(len(paths))]
	header: list[str] = []
	for path, label in zip(paths, labels, strict=False):
		preview = inspect(path, label, mapping.delimiter)
		check_mapping(preview, mapping, label)
		if header and preview.columns != header:
			raise CdrError(
				f"{label}, line 1: its columns ({', '.join(preview.columns)}) differ from {labels[0]}'s "
				f"({', '.join(header)}); files of one study need the same header."
			)
		header = header or preview.columns
	con = con or connect()
	# a well-formed file is read once in strict mode (keeping rejected lines costs time on every row);
	# a file with malformed lines is read again, keeping them to count with their line numbers
	rejected: list[tuple] = []
	keep_rejects = False
	try:
		try:
			groups = execute_with_progress(con, grouping_sql(paths, mapping, header, False), progress)
		except duckdb.InvalidInputException as e:
			if "CSV Error" not in str(e):
				raise
			keep_rejects = True
			groups = execute_with_progress(con, grouping_sql(paths, mapping, header, True), progress)
			rejected = _rejects(con)
		# one example of each problem found, read again up to its first row (only files with problems)
		examples = {
			problem: con.execute(examples_sql(paths, mapping, header, problem, keep_rejects)).fetchone()
			for problem in {g[1] for g in groups if g[1]}
		}
	except duckdb.Error as e:
		raise CdrError(_reader_message(str(e), labels, paths))
	result = summarise(groups, rejected, {p: l for p, l in zip(paths, labels, strict=False)}, examples)
	if result.rows_read == 0:
		raise CdrError(f"{labels[0]} has a header but no call records.")
	_check_numbers(result, mapping)
	result.seconds = time.monotonic() - started
	return result


def _rejects(con: Any) -> list[tuple]:
	try:
		return con.execute(
			"SELECT s.file_path, e.line, e.error_type FROM reject_errors e JOIN reject_scans s "
			"ON e.scan_id = s.scan_id AND e.file_id = s.file_id ORDER BY s.file_path, e.line"
		).fetchall()
	except duckdb.Error:
		return []


def _reader_message(error: str, labels: list[str], paths: list[str]) -> str:
	for path, label in zip(paths, labels, strict=False):
		error = error.replace(path, label)
	first = error.strip().splitlines()[0] if error.strip() else error
	return f"The CSV reader stopped: {first}"


def summarise(
	groups: list[tuple],
	rejected: list[tuple],
	labels: dict[str, str],
	examples: dict[str, tuple | None] | None = None,
) -> Result:
	"""The result from the grouping pass's rows; `examples`: problem -> (raw start time, raw duration) of
	one row with that problem."""
	npas = {npa: (kind, location) for npa, kind, location in npa_rows()}
	ccs = frozenset(country_codes())
	r = Result()
	r.totals = {c: [0, Decimal(0)] for c in CLASSES}
	seconds_by: dict[tuple[str, str], float] = {}
	reason_seconds: dict[str, float] = {}
	reason_calls: dict[str, int] = {}
	examples = examples or {}
	for month, problem, a, b, hint, calls, seconds in groups:
		r.rows_read += calls
		if problem:
			entry = r.unclassified.setdefault(problem, {"rows": 0, "lines": [], "example": ""})
			entry["rows"] += calls
			ex_start, ex_dur = examples.get(problem) or ("", "")
			entry["example"] = (ex_start if problem == "bad_start_time" else ex_dur) or ""
			continue
		a, b = end_code(a, ccs), end_code(b, ccs)
		cls, reason = classify(npas.get(a), npas.get(b), (a, b))
		if cls == "indeterminate" and hint in HINT_WORDS:
			cls, reason = HINT_WORDS[hint], ""
		key = (month.strftime("%Y-%m"), cls)
		seconds_by[key] = seconds_by.get(key, 0.0) + (seconds or 0.0)
		r.by_month.setdefault(key, [0, Decimal(0)])[0] += calls
		r.calls += calls
		if reason:
			reason_calls[reason] = reason_calls.get(reason, 0) + calls
			reason_seconds[reason] = reason_seconds.get(reason, 0.0) + (seconds or 0.0)
	for key, secs in seconds_by.items():
		r.by_month[key][1] = _minutes(secs)
	for (_month, cls), (calls, minutes) in r.by_month.items():
		r.totals[cls][0] += calls
		r.totals[cls][1] += minutes
	r.minutes = sum((m for _c, m in r.totals.values()), Decimal(0))
	r.indeterminate = {k: [reason_calls[k], _minutes(reason_seconds[k])] for k in sorted(reason_calls)}
	for path, line, _error in rejected:
		entry = r.unclassified.setdefault("malformed_line", {"rows": 0, "lines": [], "example": ""})
		entry["rows"] += 1
		if len(entry["lines"]) < 10:
			entry["lines"].append(f"{labels.get(path, path)} line {line}")
	r.rows_read += len(rejected)
	classified = sum((r.totals[c][1] for c in JURISDICTIONS), Decimal(0))
	r.percentages = {c: percent(r.totals[c][1], classified) for c in JURISDICTIONS}
	r.method = method_text(r)
	r.by_month = dict(sorted(r.by_month.items()))
	return r


def _check_numbers(result: Result, mapping: Mapping) -> None:
	"""A mapping that points a number field at a column holding no phone numbers is refused."""
	if result.calls and result.indeterminate.get("not_a_number", [0])[0] == result.calls:
		raise CdrError(
			f"No row has phone numbers in both the calling column '{mapping.calling}' and the called column "
			f"'{mapping.called}': check the column mapping."
		)
	if result.rows_read and result.unclassified.get("bad_duration", {}).get("rows") == result.rows_read:
		raise CdrError(f"The duration column '{mapping.duration}' holds no numbers of seconds.")
	if result.rows_read and result.unclassified.get("bad_start_time", {}).get("rows") == result.rows_read:
		raise CdrError(f"The start time column '{mapping.start_time}' holds no dates and times.")


def method_text(r: Result) -> str:
	classified = sum((r.totals[c][1] for c in JURISDICTIONS), Decimal(0))
	skipped = sum(v["rows"] for v in r.unclassified.values())
	return (
		"Each call's calling and called numbers were normalised (punctuation removed; 10 digits, or 11 "
		"beginning with 1, are NANP numbers; + or 011 followed by another country code are international "
		"numbers). A NANP number is placed by its area code in the NANPA NPA database; an international "
		"number by its country code. A call with both ends in the same US state or territory is intrastate, "
		"with ends in two US states or territories interstate, and with one end in the US and the other "
		"outside it (Canada and the other NANP countries included) international. Calls that cannot be "
		"placed this way are indeterminate, each with its reason; a jurisdiction column, when mapped, "
		"decides those calls only. Minutes are the durations summed, per month of the start time (an ISO "
		"date, with or without a time, or Unix epoch seconds). "
		f"The percentages are of the {classified} minutes classified intrastate, interstate or "
		f"international; the {r.totals['indeterminate'][1]} indeterminate minutes are reported apart, not "
		f"allocated. {skipped} rows were not counted as calls (unreadable start time or duration, or a "
		f"malformed line). Reference data: {NPA_SOURCE}."
	)


def as_dict(r: Result) -> dict:
	"""The result in JSON-safe form (numbers as strings where exact)."""
	return {
		"rows_read": r.rows_read,
		"calls": r.calls,
		"minutes": str(r.minutes),
		"totals": {c: {"calls": v[0], "minutes": str(v[1])} for c, v in r.totals.items()},
		"percentages": {c: str(v) for c, v in r.percentages.items()},
		"by_month": [
			{"month": m, "class": c, "calls": v[0], "minutes": str(v[1])} for (m, c), v in r.by_month.items()
		],
		"indeterminate": {
			k: {"calls": v[0], "minutes": str(v[1]), "reason": REASONS[k]} for k, v in r.indeterminate.items()
		},
		"unclassified": {k: {**v, "reason": REASONS[k]} for k, v in r.unclassified.items()},
		"method": r.method,
		"seconds": round(r.seconds, 3),
	}


# ---------- generated CDRs (tests and the benchmark) ----------

# calls per 100 rows of a generated file, and their durations in seconds
GENERATED_MIX = (
	("intrastate", 50, 60),
	("interstate", 30, 120),
	("international", 10, 300),
	("tollfree", 5, 30),
	("garbage", 3, 30),
	("bad_duration", 2, None),
)


def generate(
	path: str | Path,
	rows: int,
	con: Any = None,
	compression: str | None = None,
	wide: bool = False,
	style: str = "mixed",
) -> None:
	"""A CDR file of `rows` calls written by DuckDB itself. Each block of 100 rows follows
	GENERATED_MIX: intrastate pairs (two area codes of one state), interstate pairs, US ↔ foreign
	(E.164 with + or 011, and Canada), toll-free called numbers, a garbage calling number and a duration
	that is not a number. `style` "mixed": the number formats vary from row to row (+1..., (NPA) NXX-XXXX,
	1NPA..., bare 10 digits; international with + or 011, with spaces or not; "N/A-<n>" for the garbage);
	"switch": one format, as a switch exports its records (E.164 throughout; "anonymous" for a withheld
	calling number). `wide` adds the columns a switch's CDR also carries (a longer call id, trunk group,
	disposition): about 90 bytes a row instead of 57."""
	con = con or connect()
	same_state = [
		(212, 718),
		(213, 310),
		(312, 773),
		(305, 786),
		(214, 972),
		(404, 770),
		(206, 253),
		(617, 781),
	]
	cross = [(212, 213), (312, 305), (404, 206), (617, 214), (787, 202), (808, 907)]
	foreign = [
		"+442071234567",
		"011 33 1 42 68 53 00",
		"+4930123456",
		"+5215512345678",
		"14165550123",
		"+61 2 9374 4000",
	]
	if style == "switch":  # the same numbers as a switch writes them: E.164 throughout
		foreign = [
			"+442071234567",
			"+33142685300",
			"+4930123456",
			"+5215512345678",
			"+14165550123",
			"+61293744000",
		]
	n_same, n_cross = len(same_state), len(cross)
	a_same = "[" + ",".join(str(p[0]) for p in same_state) + "]"
	b_same = "[" + ",".join(str(p[1]) for p in same_state) + "]"
	a_cross = "[" + ",".join(str(p[0]) for p in cross) + "]"
	b_cross = "[" + ",".join(str(p[1]) for p in cross) + "]"
	bounds, low = [], 0
	for name, share, secs in GENERATED_MIX:
		bounds.append((name, low, low + share, secs))
		low += share

	def fmt(npa: str, line: str) -> str:
		if style == "switch":
			return f"'+1' || {npa} || {line}"
		# four formats in turn
		return f"""CASE i % 4
			WHEN 0 THEN '+1' || {npa} || {line}
			WHEN 1 THEN '(' || {npa} || ') ' || substr({line}, 1, 3) || '-' || substr({line}, 4)
			WHEN 2 THEN '1' || {npa} || {line}
			ELSE {npa} || {line} END"""

	line_a = "lpad(CAST(2000000 + (i * 7919) % 7000000 AS VARCHAR), 7, '0')"
	line_b = "lpad(CAST(2000000 + (i * 104729) % 7000000 AS VARCHAR), 7, '0')"
	k = "(i // 100)"
	same_a = f"CAST({a_same}[1 + {k} % {n_same}] AS VARCHAR)"
	same_b = f"CAST({b_same}[1 + {k} % {n_same}] AS VARCHAR)"
	cross_a = f"CAST({a_cross}[1 + {k} % {n_cross}] AS VARCHAR)"
	cross_b = f"CAST({b_cross}[1 + {k} % {n_cross}] AS VARCHAR)"
	foreign_list = _sql_list(foreign)

	def case(values: dict[str, str]) -> str:
		arms = " ".join(f"WHEN i % 100 < {high} THEN {values[name]}" for name, _low, high, _s in bounds)
		return f"CASE {arms} END"

	calling = case(
		{
			"intrastate": fmt(same_a, line_a),
			"interstate": fmt(cross_a, line_a),
			"international": fmt(same_a, line_a),
			"tollfree": fmt(same_a, line_a),
			"garbage": "'anonymous'" if style == "switch" else "'N/A-' || CAST(i AS VARCHAR)",
			"bad_duration": fmt(same_a, line_a),
		}
	)
	called = case(
		{
			"intrastate": fmt(same_b, line_b),
			"interstate": fmt(cross_b, line_b),
			"international": f"{foreign_list}[1 + {k} % {len(foreign)}]",
			"tollfree": fmt("'800'", line_b),
			"garbage": fmt(same_b, line_b),
			"bad_duration": fmt(same_b, line_b),
		}
	)
	duration = case({name: (f"'{secs}'" if secs is not None else "'n/a'") for name, _l, _h, secs in bounds})
	start = "strftime(TIMESTAMP '2026-01-01' + to_seconds(CAST((i * 2654435761) % (90 * 86400) AS BIGINT)), '%Y-%m-%d %H:%M:%S')"
	options = "HEADER, DELIMITER ','" + (f", COMPRESSION '{compression}'" if compression else "")
	extra = "'x' || CAST(i AS VARCHAR) AS call_id"
	if wide:
		extra = (
			"'c' || lpad(CAST(i AS VARCHAR), 12, '0') || '-' || CAST((i * 2654435761) % 1000000007 AS VARCHAR) "
			"AS call_id, 'TG-' || CAST(i % 97 AS VARCHAR) AS trunk_group, "
			"CASE WHEN i % 100 < 98 THEN 'ANSWERED' ELSE 'FAILED' END AS disposition"
		)
	con.execute(
		f"""COPY (
			SELECT {start} AS start_time, {duration} AS duration_sec, {calling} AS calling_number,
				{called} AS called_number, {extra}
			FROM range({int(rows)}) t(i)
		) TO '{str(path).replace("'", "''")}' ({options})"""
	)
