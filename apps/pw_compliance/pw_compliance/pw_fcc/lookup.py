"""The compliance check on a site: candidates from the synced DocTypes (indexed look-ups only), the pure
matching and rules of pw_compliance.fcc, each area's data age, and the lookup log."""

import hashlib
import json
from datetime import date
from typing import Any

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate, now_datetime, nowdate

from pw_compliance.fcc.matching import Candidates, Matched, match, second_round_keys
from pw_compliance.fcc.rules import AreaResult, check, long_date, remediation

FILER_FIELDS = ["filer_id", "frn", "legal_name", "legal_name_norm", "dba_name", "dba_name_norm", "comm_type",
	"last_filed", "usf_contributor", "de_minimis"]  # fmt: skip
RMD_FIELDS = ["rmd_number", "frn", "business_name", "business_name_norm", "implementation", "certification",
	"date_of_filing", "last_recertified", "removed", "removed_on"]  # fmt: skip
CPNI_FIELDS = ["filing_id", "filer_name", "filer_name_norm", "frn", "filer_499_id", "date_received",
	"year_certified", "document_url"]  # fmt: skip
CORES_FIELDS = ["frn", "status", "entity_name", "entity_name_norm", "registration_date", "red_light"]
STALE_AFTER_DAYS = 8
ORDER_PAGE = "/order/fcc-compliance"


DATE_FIELDS = frozenset({"last_filed", "date_of_filing", "last_recertified", "removed_on", "date_received",
	"registration_date", "filed_on"})  # fmt: skip
TABLES = {  # candidate list -> (DocType, fields)
	"filers": ("FCC Filer", FILER_FIELDS),
	"rmd": ("FCC RMD Entry", RMD_FIELDS),
	"cpni": ("FCC CPNI Certification", CPNI_FIELDS),
	"cores": ("FCC CORES Registration", CORES_FIELDS),
}


def _part(key: str, where: str) -> str:
	"""One table's rows as (list key, JSON row): several tables answer in one statement (UNION ALL)."""
	doctype, fields = TABLES[key]
	row = ", ".join(f"'{f}', `{f}`" for f in fields)
	return f"(select '{key}' as k, json_object({row}) as r from `tab{doctype}` where {where} limit 50)"


# our own filings for the FRN's carrier profiles (`filed_by_us`): the latest Filed date per obligation
OURS = (
	"(select 'ours' as k, json_object('obligation', f.`obligation`, 'filed_on', max(f.`filed_on`)) as r "
	"from `tabCarrier Profile` p join `tabFCC Filing` f on f.`carrier_profile` = p.`name` "
	"where p.`frn` = %(frn)s and f.`status` = 'Filed' group by f.`obligation` limit 50)"
)
# every look-up is on an indexed column (the normalised names are computed at sync time); the FRN round
# is one statement, built once
BY_FRN = " union all ".join([*(_part(key, "`frn` = %(frn)s") for key in TABLES), OURS])
SOURCES_KEY = "pw_fcc:data_sources"
LOG_QUEUE = "pw_fcc_check_log"  # a list in the queue Redis (not evicted), per site
LOG_FIELDS = ["frn", "checked_at", "legal_name", "filer", "match_method", "needs_action", "services", "ip_hash",
	"summary", "result"]  # fmt: skip


def _record(text: str) -> frappe._dict:
	row = frappe._dict(json.loads(text))
	for key in DATE_FIELDS.intersection(row):
		if row[key]:
			row[key] = date.fromisoformat(row[key][:10])
	return row


def _union(sql: str, values: dict) -> dict[str, list]:
	found: dict[str, list] = {key: [] for key in TABLES}
	# nosemgrep: frappe-using-db-sql -- one UNION ALL over the FCC tables, each part on an indexed column
	for key, text in frappe.db.sql(sql, values):
		found.setdefault(key, []).append(_record(text))
	return found


def _in(name: str, values: set[str], params: dict) -> str:
	"""`%(name_0)s, %(name_1)s, ...` for the values, which go into params."""
	keys = []
	for i, value in enumerate(sorted(values)):
		params[f"{name}_{i}"] = value
		keys.append(f"%({name}_{i})s")
	return ", ".join(keys)


def find(frn: str, ours: list | None = None) -> Matched:
	"""FRN first (one statement over the four tables, and our own filings for the FRN, which go into
	`ours`); then, in one more, the names and filer IDs those records reveal (a third only when no filer has
	the FRN and its name must be looked up first)."""
	first = _union(BY_FRN, {"frn": frn})
	if ours is not None:
		ours.extend(first.get("ours", []))
	c = Candidates(**{key: first[key] for key in TABLES})
	names, filer_ids = second_round_keys(c)
	if names and not c.filers:
		params: dict = {}
		listed = _in("n", names, params)
		c.filers_by_name = _union(
			_part("filers", f"`legal_name_norm` in ({listed}) or `dba_name_norm` in ({listed})"), params
		)["filers"]
		filer_ids |= {f["filer_id"] for f in c.filers_by_name}
		names |= {n for f in c.filers_by_name for n in (f["legal_name_norm"], f["dba_name_norm"]) if n}
	parts, params = [], {}
	if names and not c.rmd:
		parts.append(_part("rmd", f"`business_name_norm` in ({_in('n', names, params)})"))
	if names or filer_ids:
		where = []
		if filer_ids:
			where.append(f"`filer_499_id` in ({_in('f', filer_ids, params)})")
		if names:
			where.append(f"`filer_name_norm` in ({_in('n', names, params)})")
		parts.append(_part("cpni", " or ".join(where)))
	if parts:
		found = _union(" union all ".join(parts), params)
		c.rmd_by_name = found["rmd"]
		c.cpni_by_filer_id = [r for r in found["cpni"] if r.filer_499_id in filer_ids]
		c.cpni_by_name = [r for r in found["cpni"] if r.filer_name_norm in names]
	return match(frn, c)


def _sources() -> list[dict]:
	"""The FCC Data Source rows, read once per sync (the sync drops the cached copy)."""

	def generate() -> list[dict]:
		return frappe.get_all(
			"FCC Data Source",
			fields=["name", "title", "last_success", "last_status", "last_attempt", "data_as_of"],
		)

	return frappe.cache.get_value(SOURCES_KEY, generate)


def source_ages(today: date) -> dict[str, dict]:
	out = {}
	for s in _sources():
		age = (today - getdate(s["last_success"])).days if s["last_success"] else None
		out[s["name"]] = {
			"title": _(s["title"] or s["name"]),
			"last_success": get_datetime(s["last_success"]).isoformat() if s["last_success"] else None,
			"age_days": age,
			"stale": age is None or age > STALE_AFTER_DAYS,
			"last_failed": s["last_status"] == "Failed",
		}
	return out


def service_keys() -> dict[str, str]:
	"""Slug -> the short key order links use (the service's first alias: cpni-certification -> cpni)."""

	def generate() -> dict[str, str]:
		return {
			s.name: (s.aliases or s.name).split(",")[0].strip() or s.name
			for s in frappe.get_all("Catalog Service", fields=["name", "aliases"])
		}

	return frappe.cache.get_value("pw_fcc:service_keys", generate)


def order_url(services: list[str]) -> str:
	keys = service_keys()
	return f"{ORDER_PAGE}?services=" + ",".join(keys.get(s, s) for s in services)


# our own FCC Filing obligations -> the check's areas
OUR_AREAS = {
	"cores": "cores",
	"rmd": "rmd",
	"cpni": "cpni",
	"fcc-499a": "499a",
	"fcc-499q": "499q",
	"bdc": "bdc",
}


def filed_by_us(rows: list) -> dict[str, str]:
	"""Area -> "Filed on <date> (Performance West)": the latest filing we made for a carrier with this FRN
	(`OURS` rows), from our own records, before the FCC's data shows it. The page is public, so it says the
	date only: the confirmation number stays in the customer's portal calendar."""
	return {
		OUR_AREAS[r.obligation]: _("Filed on {0} (Performance West)").format(long_date(r.filed_on))
		for r in rows
		if r.obligation in OUR_AREAS and r.filed_on
	}


def run(
	frn: str, today: date | None = None, broadband: bool | None = None, voice: bool | None = None
) -> dict:
	today = today or getdate(nowdate())
	rows: list = []
	matched = find(frn, rows)
	results: list[AreaResult] = check(matched, today, broadband, voice, _)
	ages = source_ages(today)
	ours = filed_by_us(rows)
	areas = []
	for r in results:
		area = r.as_json()
		area["data"] = ages.get(r.data_source) if r.data_source else None
		area["filed_by_us"] = ours.get(r.area)
		areas.append(area)
	services = remediation(results)
	return {
		"frn": frn,
		"checked_on": today.isoformat(),
		"found": matched.anything,
		"legal_name": matched.legal_name,
		"filer_id": matched.filer.record.get("filer_id") if matched.filer.found else None,
		"areas": areas,
		"sources": ages,
		"services": services,
		"service_keys": service_keys(),
		"order_url": order_url(services),
		"_matched": matched,
	}


def summary_of(result: dict) -> str:
	return "; ".join(f"{a['area']}: {a['status']}" for a in result["areas"])


def log(result: dict, ip: str | None) -> str:
	"""One FCC Compliance Check Log per lookup: what the FCC publishes and the outcome, no visitor data
	beyond an optional salted hash of the IP (to see repeat visits, not who made them).

	The request only appends the row to a Redis list; `flush_logs` (every minute, and on demand) writes
	the list in one bulk insert. The row's name is made here, so a flush repeated after a crash writes
	each row once (the insert skips names already there)."""
	matched: Matched = result["_matched"]
	settings = frappe.get_cached_doc("FCC Sync Settings")
	ip_hash = None
	if ip and settings.log_ip_hash:
		salt = frappe.local.conf.get("encryption_key") or frappe.local.site
		ip_hash = hashlib.sha256(f"{salt}:{ip}".encode()).hexdigest()[:16]
	methods = [m.method_label for m in (matched.filer, matched.rmd, matched.cpni, matched.cores) if m.found]
	name = frappe.generate_hash(length=10)
	row = {
		"name": name,
		"frn": result["frn"],
		"checked_at": str(now_datetime()),
		"legal_name": result["legal_name"],
		"filer": result["filer_id"],
		"match_method": ", ".join(dict.fromkeys(methods)) or None,
		"needs_action": sum(1 for a in result["areas"] if a["needs_action"]),
		"services": ",".join(result["services"]),
		"ip_hash": ip_hash,
		"summary": summary_of(result),
		"result": json.dumps(public(result), default=str),
	}
	_log_queue().rpush(_log_key(), json.dumps(row))
	return name


def _log_queue():
	from frappe.utils.background_jobs import get_redis_conn

	return get_redis_conn()


def _log_key(suffix: str = "") -> str:
	return f"{frappe.local.site}:{LOG_QUEUE}{suffix}"


def flush_logs() -> int:
	"""Write the queued check logs (scheduler: every minute). Returns how many rows were read."""
	queue, pending, taking = _log_queue(), _log_key(), _log_key(":flushing")
	if not queue.exists(taking):  # a flush that died half-way left its rows here: they go first
		try:
			queue.rename(pending, taking)
		except Exception:  # nothing queued: redis refuses to rename a missing key
			return 0
	rows = [json.loads(r) for r in queue.lrange(taking, 0, -1)]
	if rows:
		now, user = now_datetime(), "Guest"
		frappe.db.bulk_insert(
			"FCC Compliance Check Log",
			["name", "owner", "modified_by", "creation", "modified", "docstatus", *LOG_FIELDS],
			[(r["name"], user, user, now, now, 0, *(r.get(f) for f in LOG_FIELDS)) for r in rows],
			ignore_duplicates=True,
		)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- written before the queued copy is dropped
	queue.delete(taking)
	return len(rows)


def public(result: dict) -> dict:
	return {k: v for k, v in result.items() if not k.startswith("_")}
