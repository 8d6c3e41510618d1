"""Sync the FCC's public data into local DocTypes: scheduler events and `bench pw-fcc sync [--source X]`.

Each source is fetched, parsed (pw_compliance.fcc.parsers, formats cited there) and upserted by its natural
key with a content hash, in bulk SQL: a row whose hash is unchanged is not written, so a second run of the
same data writes nothing. A source that fails (fetch, format, or a suspiciously short RMD export) rolls its
transaction back: the previous rows stay, and its FCC Data Source records the error and keeps the date of
its last success, which the check page shows as the data's age.
"""

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import frappe
from frappe import _
from frappe.utils import add_days, getdate, now_datetime, nowdate

from pw_compliance.fcc import parsers
from pw_compliance.pw_fcc.client import FCCClient, FetchError

CHUNK = 500


@dataclass(frozen=True)
class Source:
	name: str
	title: str
	doctype: str
	load: Callable[[FCCClient, Any, Any], dict]


class SyncRefused(Exception):
	"""The fetched data is well-formed but not to be trusted (e.g. a truncated RMD export)."""


# -- the generic bulk upsert -------------------------------------------------------------------------


def _db_value(value: Any, numeric: bool) -> Any:
	if numeric and value is None:  # Check and Int columns are NOT NULL: unknown is 0
		return 0
	return int(value) if isinstance(value, bool) else value


def upsert(doctype: str, rows: Sequence[tuple[str, str, dict]], force: Iterable[str] = ()) -> dict[str, int]:
	"""Insert or update (name, content_hash, {field: value}) rows in chunks of one INSERT ... ON DUPLICATE
	KEY UPDATE each; rows whose content hash is already stored are skipped (unless in `force`)."""
	table = f"tab{doctype}"
	# nosemgrep: frappe-using-db-sql -- two columns of a whole FCC table, without building documents
	existing = dict(frappe.db.sql(f"select name, content_hash from `{table}`"))
	force = set(force)
	inserted = updated = 0
	todo = []
	for name, content_hash, values in rows:
		old = existing.get(name)
		if old is None:
			inserted += 1
		elif old != content_hash or name in force:
			updated += 1
		else:
			continue
		todo.append((name, content_hash, values))
	if todo:
		now, user = now_datetime(), frappe.session.user
		fields = list(todo[0][2])
		numeric = {f.fieldname for f in frappe.get_meta(doctype).fields if f.fieldtype in ("Check", "Int")}
		columns = [
			"name",
			*fields,
			"content_hash",
			"synced_on",
			"creation",
			"modified",
			"owner",
			"modified_by",
		]
		refresh = [*fields, "content_hash", "synced_on", "modified", "modified_by"]
		sql = (
			f"insert into `{table}` ({', '.join(f'`{c}`' for c in columns)}) values {{values}} "
			f"on duplicate key update {', '.join(f'`{c}` = values(`{c}`)' for c in refresh)}"
		)
		placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
		for start in range(0, len(todo), CHUNK):
			chunk = todo[start : start + CHUNK]
			params: list[Any] = []
			for name, content_hash, values in chunk:
				params += [
					name,
					*(_db_value(values[f], f in numeric) for f in fields),
					content_hash,
					now,
					now,
					now,
					user,
					user,
				]
			# nosemgrep: frappe-using-db-sql -- a multi-row upsert per chunk
			frappe.db.sql(sql.format(values=", ".join([placeholder] * len(chunk))), params)
	return {
		"rows_seen": len(rows),
		"rows_inserted": inserted,
		"rows_updated": updated,
		"rows_unchanged": len(rows) - inserted - updated,
	}


def _rows(records: Iterable[parsers.Record], extra: Callable[[Any], dict] | None = None) -> list:
	out = []
	for r in records:
		values = r.row()
		if extra:
			values.update(extra(r))
		out.append((r.key, r.content_hash, values))
	return out


# -- sources --------------------------------------------------------------------------------------------


def load_filers(client: FCCClient, settings: Any, source: Any) -> dict:
	text = client.get_text("filers", settings.filers_url)
	payload_hash = hashlib.sha1(text.encode()).hexdigest()
	if payload_hash == source.payload_hash and source.last_status == "Success":
		return {
			"rows_seen": source.total_rows,
			"rows_unchanged": source.total_rows,
			"payload_hash": payload_hash,
		}
	records = parsers.parse_filers(text)

	def extra(r: parsers.FilerRecord) -> dict:
		usf = {True: "Yes", False: "No"}.get(r.usf_contributor, "")
		return {"usf_contributor": usf, "de_minimis": int(bool(r.de_minimis))}

	counts = upsert("FCC Filer", _rows(records, extra))
	dates = [r.last_filed for r in records if r.last_filed]
	return {**counts, "payload_hash": payload_hash, "data_as_of": max(dates) if dates else None}


def load_rmd(client: FCCClient, settings: Any, source: Any) -> dict:
	text = client.get_text("rmd", settings.rmd_url)
	records = parsers.parse_rmd(text)
	# nosemgrep: frappe-using-db-sql -- two columns of the whole RMD, without building documents
	state = dict(frappe.db.sql("select name, removed from `tabFCC RMD Entry`"))
	listed = {name for name, removed in state.items() if not removed}
	ratio = (settings.rmd_min_ratio if settings.rmd_min_ratio is not None else 50) / 100
	if listed and len(records) < len(listed) * ratio:
		raise SyncRefused(
			_(
				"The RMD export has {0} rows, fewer than {1}% of the {2} carriers listed: refused as truncated."
			).format(len(records), int(ratio * 100), len(listed))
		)
	in_export = {r.key for r in records}
	status_removed = {r.key for r in records if r.removed}
	reinstated = {r.key for r in records if not r.removed and state.get(r.key)}
	counts = upsert(
		"FCC RMD Entry", _rows(records, lambda r: {"removed": 0, "removed_on": None}), force=reinstated
	)
	today = getdate(nowdate())
	removed_now = (listed - in_export) | status_removed
	newly = sorted(removed_now & listed)
	if removed_now:
		# nosemgrep: frappe-using-db-sql -- one set-based UPDATE
		frappe.db.sql(
			"update `tabFCC RMD Entry` set removed = 1, removed_on = coalesce(removed_on, %s) where name in %s",
			(today, tuple(removed_now)),
		)
	for name in newly:
		entry = frappe.db.get_value(
			"FCC RMD Entry", name, ["frn", "business_name", "synced_on"], as_dict=True
		)
		frappe.get_doc(
			{
				"doctype": "FCC RMD Removal", "rmd_entry": name, "frn": entry.frn,
				"business_name": entry.business_name, "detected_on": today, "last_seen": source.last_success,
			}
		).insert(ignore_permissions=True)  # fmt: skip
	if reinstated:
		# nosemgrep: frappe-using-db-sql -- one set-based UPDATE
		frappe.db.sql(
			"update `tabFCC RMD Removal` set reinstated_on = %s where rmd_entry in %s and reinstated_on is null",
			(today, tuple(reinstated)),
		)
	dates = [r.last_updated or r.certified_on for r in records if r.last_updated or r.certified_on]
	return {**counts, "rows_removed": len(newly), "data_as_of": max(dates) if dates else None}


def load_cpni(client: FCCClient, settings: Any, source: Any) -> dict:
	key = settings.get_password("ecfs_api_key", raise_exception=False)
	if not key:
		raise FetchError(_("ECFS needs an api.data.gov key in FCC Sync Settings."))
	since = getdate(settings.ecfs_first_from or "2024-01-01")
	if source.last_success:
		since = max(since, getdate(source.last_success) - timedelta(days=settings.ecfs_overlap_days or 0))
	size = settings.ecfs_page_size or 100
	records: list[parsers.CPNIRecord] = []
	for page in range(settings.ecfs_max_pages or 1):
		data = client.get_json(
			"cpni",
			settings.ecfs_url,
			{
				"proceedings.name": settings.ecfs_docket or "06-36",
				"received_from": since.isoformat(),
				"sort": "date_received,ASC",
				"limit": size,
				"offset": page * size,
				"api_key": key,
			},
		)
		records += parsers.parse_ecfs(data)
		if len(data.get("filing") or data.get("filings") or []) < size:
			break
	counts = upsert("FCC CPNI Certification", _rows(records))
	dates = [r.date_received for r in records]
	return {**counts, "data_as_of": max(dates) if dates else None}


def cores_candidates(settings: Any, limit: int) -> list[str]:
	"""FRNs worth a CORES look-up: customers' FRNs, FRNs checked lately that matched FCC records, and
	registrations gone stale; freshly read ones are skipped."""
	fresh_after = add_days(now_datetime(), -(settings.cores_max_age_days or 30))
	fresh = set(frappe.get_all("FCC CORES Registration", {"synced_on": (">", fresh_after)}, pluck="name"))
	wanted = frappe.get_all("Carrier Profile", {"frn": ("is", "set"), "status": "Active"}, pluck="frn")
	wanted += frappe.get_all(
		"FCC Compliance Check Log",
		{"checked_at": (">", add_days(now_datetime(), -30)), "match_method": ("is", "set")},
		pluck="frn",
		order_by="checked_at desc",
		limit=limit * 2,
	)
	wanted += frappe.get_all(
		"FCC CORES Registration", {"name": ("not in", list(fresh) or [""])}, pluck="name"
	)
	seen: list[str] = []
	for frn in wanted:
		if frn and frn not in fresh and frn not in seen:
			seen.append(frn)
	return seen[:limit]


def load_cores(client: FCCClient, settings: Any, source: Any, frns: list[str] | None = None) -> dict:
	frns = frns if frns is not None else cores_candidates(settings, settings.cores_batch_size or 200)
	records, errors = [], []
	for frn in frns:
		try:
			records.append(
				parsers.parse_cores(frn, client.get_text("cores", settings.cores_url, {"frn": frn}))
			)
		except (FetchError, parsers.SourceFormatError) as e:
			errors.append(f"{frn}: {e}")
	if frns and not records:
		raise FetchError("; ".join(errors[:5]))
	counts = upsert("FCC CORES Registration", _rows(records))
	return {**counts, "error": "\n".join(errors) or None}


SOURCES = {
	"filers": Source("filers", "Form 499 Filer Database", "FCC Filer", load_filers),
	"rmd": Source("rmd", "Robocall Mitigation Database", "FCC RMD Entry", load_rmd),
	"cpni": Source("cpni", "CPNI certifications (ECFS EB Docket 06-36)", "FCC CPNI Certification", load_cpni),
	"cores": Source("cores", "CORES registrations", "FCC CORES Registration", load_cores),
}
URL_FIELDS = {"filers": "filers_url", "rmd": "rmd_url", "cpni": "ecfs_url", "cores": "cores_url"}


def ensure_sources() -> None:
	for spec in SOURCES.values():
		if not frappe.db.exists("FCC Data Source", spec.name):
			frappe.get_doc({"doctype": "FCC Data Source", "source": spec.name, "title": spec.title}).insert(
				ignore_permissions=True
			)


def run_source(name: str, force: bool = False, loader_args: dict | None = None) -> dict:
	"""Sync one source; never raises for a source failure (the FCC Data Source holds the error)."""
	if name not in SOURCES:
		raise ValueError(_("Unknown FCC source {0}; one of {1}").format(name, ", ".join(SOURCES)))
	spec = SOURCES[name]
	settings = frappe.get_single("FCC Sync Settings")
	if not force and not (settings.enabled and settings.get(f"{name}_enabled")):
		return {"status": "Skipped"}
	ensure_sources()
	source = frappe.get_doc("FCC Data Source", name)
	client = FCCClient(settings)
	attempt = now_datetime()
	try:
		counts = spec.load(client, settings, source, **(loader_args or {}))
		values = {
			"last_status": "Success", "last_attempt": attempt, "last_success": now_datetime(),
			"url": settings.get(URL_FIELDS[name]), "error": counts.pop("error", None),
			"rows_removed": counts.pop("rows_removed", 0), "total_rows": frappe.db.count(spec.doctype),
			**{k: counts.get(k, 0) for k in ("rows_seen", "rows_inserted", "rows_updated", "rows_unchanged")},
		}  # fmt: skip
		if counts.get("payload_hash"):
			values["payload_hash"] = counts["payload_hash"]
		if counts.get("data_as_of"):
			values["data_as_of"] = counts["data_as_of"]
		frappe.db.set_value("FCC Data Source", name, values, update_modified=False)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- one source is one unit of work
	except Exception as e:  # any failure: roll the source back, keep the old rows, record why
		frappe.db.rollback()
		known = isinstance(e, FetchError | parsers.SourceFormatError | SyncRefused)
		error = str(e) if known else frappe.get_traceback()
		values = {"last_status": "Failed", "last_attempt": attempt, "error": error[:5000]}
		frappe.db.set_value("FCC Data Source", name, values, update_modified=False)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the failure is recorded, the old data kept
	finally:
		client.write_logs(source)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the calls' log
	frappe.clear_cache(doctype="FCC Data Source")
	frappe.cache.delete_value("pw_fcc:data_sources")  # the check reads the sources' ages from this copy
	return {k: v for k, v in values.items() if k not in ("url",)}


def run(source: str | None = None, force: bool = False) -> dict[str, dict]:
	return {name: run_source(name, force=force or bool(source)) for name in ([source] if source else SOURCES)}


def daily() -> None:
	"""Scheduler (daily_long): every enabled source."""
	run()


def refresh_cores(frns: list[str]) -> dict:
	"""CORES detail for given FRNs (staff action, or after onboarding a customer)."""
	return run_source("cores", force=True, loader_args={"frns": list(frns)})


def weekly_removed_digest() -> str | None:
	"""Scheduler (weekly): one staff ToDo listing the carriers newly removed from the RMD this week (the
	seed's Wednesday "RMD removed" tracker), for outreach. Idempotent per week."""
	since = add_days(nowdate(), -7)
	removals = frappe.get_all(
		"FCC RMD Removal",
		{"detected_on": (">=", since)},
		["name", "frn", "business_name", "detected_on"],
		order_by="detected_on",
	)
	if not removals:
		return None
	week = getdate(nowdate()).strftime("%G-W%V")
	marker = f"[RMD removals {week}]"
	if frappe.db.exists("ToDo", {"description": ("like", f"%{marker}%")}):
		return None
	lines = "".join(
		f"<li>{frappe.utils.escape_html(r.business_name)} (FRN {r.frn}), {r.detected_on}</li>"
		for r in removals
	)
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"description": f"{marker} " + _("{0} carriers were removed from the Robocall Mitigation Database this week:").format(len(removals)) + f"<ul>{lines}</ul>",
			"role": "Compliance Manager",
			"reference_type": "FCC Data Source",
			"reference_name": "rmd",
			"priority": "Medium",
		}
	).insert(ignore_permissions=True)  # fmt: skip
	return todo.name
