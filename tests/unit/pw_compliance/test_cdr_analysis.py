"""CDR traffic study analysis (pw_compliance.cdr.analysis): number normalisation, classification,
totals and percentages, and the bad-input messages."""

import csv
import gzip
from decimal import Decimal

import duckdb
import pytest
from pw_compliance.cdr import analysis as a

MAPPING = a.Mapping("start", "secs", "from", "to")


def write(tmp_path, text: str, name: str = "cdr.csv") -> str:
	path = tmp_path / name
	path.write_text(text)
	return str(path)


def study(
	tmp_path,
	rows: list[str],
	mapping: a.Mapping = MAPPING,
	header: str = "start,secs,from,to",
) -> a.Result:
	return a.run([write(tmp_path, "\n".join([header, *rows]) + "\n")], mapping)


def test_npa_data_cites_nanpa_and_places_area_codes():
	head = a.NPA_FILE.read_text().splitlines()[:3]
	assert "nationalnanpa.com/nanp1/npa_report.csv" in head[1] and "11/26/2025" in head[1]
	npas = {npa: (kind, loc) for npa, kind, loc in a.npa_rows()}
	assert npas[212] == ("us", "NY") and npas[787] == ("us", "PR") and npas[670] == ("us", "MP")
	assert (
		npas[416] == ("foreign", "Ontario") and npas[876][0] == "foreign" and npas[800][0] == "nongeographic"
	)
	assert 555 not in npas  # not assigned
	assert "44" in a.country_codes() and "1" not in a.country_codes()


def test_the_shipped_country_codes_are_the_installed_phonenumbers_list():
	import phonenumbers
	from phonenumbers.data import _COUNTRY_CODE_TO_REGION_CODE

	assert f"phonenumbers library {phonenumbers.__version__}" in a.COUNTRY_CODES_FILE.read_text()
	assert f"phonenumbers library {phonenumbers.__version__}" in a.NPA_SOURCE
	assert sorted(a.country_codes()) == sorted(str(cc) for cc in _COUNTRY_CODE_TO_REGION_CODE if cc != 1)


def test_each_class_from_the_numbers(tmp_path):
	r = study(
		tmp_path,
		[
			"2026-01-05 10:00:00,60,+1 (212) 555-0100,718-555-0100",  # NY-NY: intrastate
			"2026-01-05 10:00:00,120,12125550100,2135550100",  # NY-CA: interstate
			"2026-01-06 10:00:00,180,2125550100,+44 20 7123 4567",  # US-UK: international
			"2026-01-06 10:00:00,240,011 33 1 42 68 53 00,3055550100",  # France (011) - FL: international
			"2026-02-01 10:00:00,300,4165550100,2125550100",  # Toronto - NY: international
			"2026-02-01 10:00:00,30,2125550100,8005550100",  # toll-free: indeterminate
			"2026-02-01 10:00:00,30,2125550100,5555550100",  # unassigned area code
			"2026-02-01 10:00:00,30,garbage,2125550100",  # not a number
			"2026-02-01 10:00:00,30,+9995551234567,2125550100",  # unassigned country code
			"2026-02-01 10:00:00,30,4165550100,+442071234567",  # Canada - UK
			"not a date,60,2125550100,7185550100",
			"2026-02-01 10:00:00,-5,2125550100,7185550100",
		],
	)
	assert r.rows_read == 12 and r.calls == 10
	assert {c: v[0] for c, v in r.totals.items()} == {
		"intrastate": 1, "interstate": 1, "international": 3, "indeterminate": 5,
	}  # fmt: skip
	assert r.totals["international"][1] == Decimal("12.00")  # 3 + 4 + 5 minutes
	assert set(r.indeterminate) == {
		"nongeographic",
		"unknown_npa",
		"not_a_number",
		"unknown_country",
		"both_foreign",
	}
	assert r.unclassified["bad_start_time"]["rows"] == 1 and r.unclassified["bad_duration"]["rows"] == 1
	# percentages of the 15 classified minutes (1 + 2 + 12)
	assert r.percentages == {
		"intrastate": Decimal("6.67"),
		"interstate": Decimal("13.33"),
		"international": Decimal("80.00"),
	}
	assert r.by_month[("2026-01", "international")] == [2, Decimal("7.00")]
	assert "15.00 minutes classified" in r.method and "NANPA" in r.method


def test_jurisdiction_hint_decides_indeterminate_calls_only(tmp_path):
	m = a.Mapping("start", "secs", "from", "to", jurisdiction="j")
	r = study(
		tmp_path,
		[
			"2026-01-01,60,2125550100,8005550100,interstate",
			"2026-01-01,60,2125550100,7185550100,international",
		],
		m,
		header="start,secs,from,to,j",
	)
	assert (
		r.totals["interstate"][0] == 1
		and r.totals["intrastate"][0] == 1
		and r.totals["international"][0] == 0
	)


def test_gzip_epoch_times_and_minutes(tmp_path):
	path = tmp_path / "cdr.csv.gz"
	with gzip.open(path, "wt") as f:
		f.write("start;secs;from;to\n1767225600;1.5;2125550100;3105550100\n")
	r = a.run(
		[str(path)],
		a.Mapping("start", "secs", "from", "to", delimiter=";", duration_unit="minutes"),
	)
	assert r.by_month == {("2026-01", "interstate"): [1, Decimal("1.50")]}


def test_malformed_lines_counted_with_their_line_numbers(tmp_path):
	r = study(
		tmp_path,
		[
			"2026-01-01,60,2125550100,7185550100",
			"2026-01-01,60,2125550100",
			"2026-01-01,60,2125550100,7185550100",
		],
	)
	assert r.calls == 2
	assert r.unclassified["malformed_line"]["rows"] == 1
	assert r.unclassified["malformed_line"]["lines"] == ["File 1 line 3"]


def test_an_excel_export_and_quoted_fields_read_as_the_plain_file(tmp_path):
	"""A byte order mark and CRLF line ends (an Excel export), and quoted fields, give the plain file's
	study; the strict read and the read keeping rejects agree."""
	rows = [
		"2026-01-05 10:00:00,60,+12125550100,+17185550100",
		'2026-01-06 10:00:00,120,"(212) 555-0100",+13105550100',
		"2026-02-06 10:00:00,30,2125550100,011442071234567",
		'2026-02-07 10:00:00,n/a,"+1 212 555 0100",800-555-0100',
	]
	header = "start,secs,from,to"
	plain = a.run([write(tmp_path, "\n".join([header, *rows]) + "\n", "plain.csv")], MAPPING)
	assert plain.calls == 3 and plain.unclassified["bad_duration"]["rows"] == 1
	excel = write(tmp_path, "\ufeff" + "\r\n".join([header, *rows]) + "\r\n", "excel.csv")
	# every field quoted, as many exports write them
	quoted = write(
		tmp_path,
		"\n".join(",".join(f'"{f}"' for f in next(csv.reader([r]))) for r in [header, *rows]) + "\n",
		"q.csv",
	)
	assert a.inspect(excel).columns == ["start", "secs", "from", "to"]
	con = a.connect()
	for path in (excel, quoted):
		r = a.run([path], MAPPING)
		assert (r.rows_read, r.by_month, r.unclassified) == (
			plain.rows_read,
			plain.by_month,
			plain.unclassified,
		)
		columns = a.inspect(path).columns
		strict = con.execute(a.grouping_sql([path], MAPPING, columns, rejects=False)).fetchall()
		keeping = con.execute(a.grouping_sql([path], MAPPING, columns, rejects=True)).fetchall()
		assert sorted(strict, key=str) == sorted(keeping, key=str)


@pytest.mark.parametrize(
	("content", "message"),
	[
		("", "is empty"),
		("start,secs,from,to\n", "no call records"),
		(
			"start;secs;from;to\n2026-01-01;1;2;3\n",
			"line 1: the header has 1 column(s) when split by comma",
		),
		("PK\x03\x04rest", "not a CSV file"),
		("start,secs\x00,from\n", "not a CSV text file"),
		(
			"start,secs,from,to\n2026-01-01,1,2\n",
			"line 2: 3 fields where the header (line 1) has 4",
		),
	],
)
def test_bad_files_named(tmp_path, content, message):
	path = write(tmp_path, content)
	with pytest.raises(a.CdrError, match=message.replace("(", r"\(").replace(")", r"\)")):
		a.run([path], MAPPING)


def test_missing_column_and_garbage_numbers_named(tmp_path):
	path = write(tmp_path, "start,secs,caller,to\n2026-01-01,60,2125550100,7185550100\n")
	with pytest.raises(
		a.CdrError,
		match="calling → 'from' not in the header \\(line 1\\), whose columns are: start, secs, caller, to",
	):
		a.run([path], MAPPING)
	path = write(
		tmp_path,
		"start,secs,from,to\n2026-01-01,60,abc,def\n2026-01-01,60,x,y\n",
		"g.csv",
	)
	with pytest.raises(a.CdrError, match="calling column 'from'"):
		a.run([path], MAPPING)


def test_generated_file_has_the_mix_it_declares(tmp_path):
	path = tmp_path / "gen.csv"
	a.generate(path, 10_000)
	r = a.run(
		[str(path)],
		a.Mapping("start_time", "duration_sec", "calling_number", "called_number"),
	)
	# per 100 rows: 50 intrastate of 1 min, 30 interstate of 2, 10 international of 5 → 50 : 60 : 50 minutes
	assert r.percentages == {
		"intrastate": Decimal("31.25"),
		"interstate": Decimal("37.50"),
		"international": Decimal("31.25"),
	}
	assert r.totals["indeterminate"][0] == 800 and r.unclassified["bad_duration"]["rows"] == 200


def test_files_of_one_study_share_their_header(tmp_path):
	first = write(tmp_path, "start,secs,from,to\n2026-01-01,60,2125550100,7185550100\n", "a.csv")
	second = write(tmp_path, "start,secs,to,from\n2026-01-01,60,2125550100,7185550100\n", "b.csv")
	with pytest.raises(
		a.CdrError,
		match="File 2, line 1: its columns \\(start, secs, to, from\\) differ",
	):
		a.run([first, second], MAPPING)
	assert a.run([first, first], MAPPING).calls == 2


# ---------- the number reader (native/pw_cdr.c) against the plain rules ----------


def rule_code(raw: str | None) -> int:
	"""The number rules as the method states them, in Python: the digits without everything else, whether
	it begins with + (after spaces), then NANP by length and international by + or 011."""
	raw = raw or ""
	d = "".join(c for c in raw if c in "0123456789")
	plus, n = raw.lstrip(" ").startswith("+"), len(d)
	if n == 10 and not plus and not d.startswith("011"):
		return int(d[:3])
	if n == 11 and d.startswith("1"):
		return int(d[1:4])
	if n == 14 and not plus and d.startswith("0111"):
		return int(d[4:7])
	if plus and 7 <= n <= 15 and not d.startswith("1"):
		return a.INTL_BASE - int(d[:3])
	if not plus and 10 <= n <= 18 and d.startswith("011") and not d.startswith("0111"):
		return a.INTL_BASE - int(d[3:6])
	return a.NOT_A_NUMBER


# texts a number parser would take although they are no plain digits (exponent, hex, "_", decimal point,
# spaces, inf), the common shapes, non-ASCII digits, and their neighbours in length
TRICKY = [
	"2125550100", "12125550100", "+12125550100", "0115550100", "1115550100", "2125550100 ", " 2125550100",
	"12125550100 ", " 12125550100", "1_2125550100", "12125550100.", "1212555010.4", "212555010.4",
	"1212555010e1", "1212555010E1", "121255501e2", "21255501e2", "2.1255501e9", "+121255501e2",
	"+4420712345e2", "+442071234e+3", "+44207123456e1", "0x7E6A11A4", "0x02540BE401", "0X04A817C7FF",
	"+0x1F", "2125550100.0", "-2125550100", "-12125550100", "+-12125550100", "inf", "+inf", "nan",
	"+nan", "Infinity", "+442071234567", "+44 20 7123 4567", "011 33 1 42 68 53 00", "01133142685300",
	"0111212555010", "01112125550100", "+4930123456", "+5215512345678", "+61 2 9374 4000", "+9995551234567",
	"+1234567", "+123456", "+1234567890123456", "+0442071234567", "+2071234", "+207123", "14165550123",
	"+14165550123", "(212) 555-0100", "(212)555-0100", "212-555-0100", "212.555.0100", "212 555 0100",
	"1-212-555-0100", "1 (212) 555-0100", "+1 212 555 0100", "+1-212-555-0100", "+1 (212) 555-0100",
	"(012) 555-0100", "(212) 555-010O", "1-2125550100", "N/A-123", "garbage", "", None, "  +12125550100",
	"+44_2071234567", "+442071234567 ", "\uff12\uff11\uff12\uff15\uff15\uff15\uff10\uff11\uff10\uff10", "212555010", "21255501000", "2125550100000",
	"+12125550100000", "8005550100", "+18005550100", "1 800 555 0100", "555-0100", "+", "011", "1e10",
	"9999999999", "2000000000", "1999999999", "19999999999", "10000000000", "+19999999999",
	"12120000001", "+12120000001", "2120000001", "12129999999", "2129999999", "12120000000", "2120000000",
	"2125550E03", "212555e004", "+1212555e002", "+12125550000", "12125550000", "9999990000", "+19999900000",
	"+4420712345E2", "2125550100e0", "21255501.e2", "+33142685300", "+61293744000",
]  # fmt: skip


def sql_codes(values: list[str | None]) -> list[int]:
	con = a.connect()
	con.execute("CREATE TABLE n (i INTEGER, a_raw VARCHAR)")
	con.executemany("INSERT INTO n VALUES (?, ?)", list(enumerate(values)))
	rows = con.execute("SELECT i, pw_cdr_code(a_raw) FROM n ORDER BY i").fetchall()
	return [code for _i, code in rows]


def test_the_number_reader_reads_each_text_as_the_rules_do():
	import random

	rnd = random.Random(20261203)
	alphabet = "0123456789" * 4 + "+ -().e_x"
	shaped = []
	for _ in range(10000):
		length = rnd.choice([7, 9, 10, 11, 12, 13, 14, 15, 16, 17])
		text = "".join(rnd.choice(alphabet) for _ in range(length))
		shaped.append(rnd.choice(["", "+", "+1", "1", "011", "0", " ", "+0", "1 ", "0111"]) + text)
		# digits with one other character somewhere (what a number parser would read as a number)
		digits = "".join(rnd.choice("0123456789") for _ in range(rnd.randint(6, 16)))
		at = rnd.randint(0, len(digits))
		shaped.append(digits[:at] + rnd.choice("+ -._eEx0") + digits[at:])
	# whole numbers of each length, many ending in 00, 0000000 or 9999999; and texts of 19 to 30 digits
	for _ in range(3000):
		tail = rnd.choice(["", "00", "0000000", "9999999", "99"])
		body = "".join(rnd.choice("0123456789") for _ in range(rnd.randint(7, 15) - len(tail)))
		shaped.append(rnd.choice(["", "+", "1", "+1", "011"]) + body + tail)
		shaped.append("".join(rnd.choice("0123456789 ") for _ in range(rnd.randint(19, 30))))
	values = TRICKY + shaped
	got = sql_codes(values)
	wrong = [(v, g, rule_code(v)) for v, g in zip(values, got, strict=True) if g != rule_code(v)]
	assert not wrong, wrong[:20]


def test_the_number_reader_is_built_once_per_source_and_platform(tmp_path, monkeypatch):
	from pw_compliance.cdr import native

	monkeypatch.setenv("PW_CDR_BUILD_DIR", str(tmp_path))
	platform = a.connect().execute("PRAGMA platform").fetchone()[0]
	first = native.build(platform)
	built_at = first.stat().st_mtime_ns
	assert native.build(platform) == first and first.stat().st_mtime_ns == built_at  # not built again
	assert first.read_bytes()[-512:-256].rstrip(b"\0").endswith(b"4")  # DuckDB's metadata: magic last
	# a changed source is built into its own folder, and the old build is removed
	changed = tmp_path / "src" / "pw_cdr.c"
	changed.parent.mkdir()
	changed.write_text(native.SOURCE.read_text() + "\n/* changed */\n")
	monkeypatch.setattr(native, "SOURCE", changed)
	second = native.build(platform)
	assert second != first and second.exists() and not first.exists()
	con = duckdb.connect(config={"allow_unsigned_extensions": "true"})
	con.execute(f"LOAD '{second}'")
	assert con.execute("SELECT pw_cdr_code('(212) 555-0100'), pw_cdr_code(NULL)").fetchone() == (212, -3)


def test_without_a_c_compiler_the_build_says_what_to_install(tmp_path, monkeypatch):
	from pw_compliance.cdr import native

	monkeypatch.setenv("PW_CDR_BUILD_DIR", str(tmp_path))
	monkeypatch.delenv("CC", raising=False)
	monkeypatch.setattr(native.shutil, "which", lambda _name: None)
	with pytest.raises(native.BuildError, match="No C compiler found .*build-essential"):
		native.build("linux_amd64")
	monkeypatch.setenv("CC", str(tmp_path / "no-such-cc"))
	with pytest.raises(native.BuildError, match="Could not run the C compiler"):
		native.build("linux_amd64")
	assert not list(tmp_path.rglob("*.duckdb_extension")) and not list(tmp_path.rglob("*.tmp"))


def test_start_times_in_each_form_and_a_bad_one_named(tmp_path):
	r = study(
		tmp_path,
		[
			"2026-01-31 23:59:59,60,2125550100,7185550100",
			"2026-02-01T00:00:00Z,60,2125550100,7185550100",
			"2026-03-05,60,2125550100,7185550100",
			"1767225600,60,2125550100,7185550100",  # 2026-01-01 00:00 UTC
			"2026-04-07 8:00,60,2125550100,7185550100",
			"2026-02-30 10:00:00,60,2125550100,7185550100",  # no such day
			"yesterday,60,2125550100,7185550100",
			"2026-02-01 10:00:00,n/a,2125550100,7185550100",
		],
	)
	months = {m: v[0] for (m, _c), v in r.by_month.items()}
	assert months == {"2026-01": 2, "2026-02": 1, "2026-03": 1, "2026-04": 1}
	assert r.unclassified["bad_start_time"]["rows"] == 2
	assert r.unclassified["bad_start_time"]["example"] in (
		"2026-02-30 10:00:00",
		"yesterday",
	)
	assert r.unclassified["bad_duration"] == {"rows": 1, "lines": [], "example": "n/a"}
