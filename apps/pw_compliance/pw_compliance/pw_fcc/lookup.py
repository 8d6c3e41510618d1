"""The compliance check on a site: candidates from the synced DocTypes (indexed look-ups only), the pure
matching and rules of pw_compliance.fcc, each area's data age, and the lookup log."""

import hashlib
import json
from datetime import date
from typing import Any

import frappe
from frappe import _
from frappe.utils import add_days, get_datetime, getdate, now_datetime, nowdate

from pw_compliance.fcc.matching import Candidates, Matched, match, second_round_keys
from pw_compliance.fcc.rules import AreaResult, check, remediation

FILER_FIELDS = ["filer_id", "frn", "legal_name", "legal_name_norm", "dba_name", "dba_name_norm", "comm_type",
	"last_filed", "usf_contributor", "de_minimis"]  # fmt: skip
RMD_FIELDS = ["rmd_number", "frn", "business_name", "business_name_norm", "implementation", "certification",
	"date_of_filing", "last_recertified", "removed", "removed_on"]  # fmt: skip
CPNI_FIELDS = ["filing_id", "filer_name", "filer_name_norm", "frn", "filer_499_id", "date_received",
	"year_certified", "document_url"]  # fmt: skip
CORES_FIELDS = ["frn", "status", "entity_name", "entity_name_norm", "registration_date", "red_light"]
STALE_AFTER_DAYS = 8
ORDER_PAGE = "/order/fcc-compliance"


def _get(doctype: str, filters: Any, fields: list[str], or_filters: Any = None) -> list[dict]:
	return frappe.get_all(doctype, filters=filters, or_filters=or_filters, fields=fields, limit=50)


def find(frn: str) -> Matched:
	"""FRN first; then the names and filer IDs those records reveal (two rounds of indexed queries)."""
	c = Candidates(
		filers=_get("FCC Filer", {"frn": frn}, FILER_FIELDS),
		rmd=_get("FCC RMD Entry", {"frn": frn}, RMD_FIELDS),
		cpni=_get("FCC CPNI Certification", {"frn": frn}, CPNI_FIELDS),
		cores=_get("FCC CORES Registration", {"frn": frn}, CORES_FIELDS),
	)
	names, filer_ids = second_round_keys(c)
	if names and not c.filers:
		c.filers_by_name = _get(
			"FCC Filer",
			None,
			FILER_FIELDS,
			{"legal_name_norm": ("in", sorted(names)), "dba_name_norm": ("in", sorted(names))},
		)
		filer_ids |= {f["filer_id"] for f in c.filers_by_name}
		names |= {n for f in c.filers_by_name for n in (f["legal_name_norm"], f["dba_name_norm"]) if n}
	if names and not c.rmd:
		c.rmd_by_name = _get("FCC RMD Entry", {"business_name_norm": ("in", sorted(names))}, RMD_FIELDS)
	if names or filer_ids:
		or_filters = {}
		if filer_ids:
			or_filters["filer_499_id"] = ("in", sorted(filer_ids))
		if names:
			or_filters["filer_name_norm"] = ("in", sorted(names))
		rows = _get("FCC CPNI Certification", None, CPNI_FIELDS, or_filters)
		c.cpni_by_filer_id = [r for r in rows if r.filer_499_id in filer_ids]
		c.cpni_by_name = [r for r in rows if r.filer_name_norm in names]
	return match(frn, c)


def source_ages(today: date) -> dict[str, dict]:
	out = {}
	for s in frappe.get_all(
		"FCC Data Source",
		fields=["name", "title", "last_success", "last_status", "last_attempt", "data_as_of"],
	):
		age = (today - getdate(s.last_success)).days if s.last_success else None
		out[s.name] = {
			"title": _(s.title or s.name),
			"last_success": get_datetime(s.last_success).isoformat() if s.last_success else None,
			"age_days": age,
			"stale": age is None or age > STALE_AFTER_DAYS,
			"last_failed": s.last_status == "Failed",
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


def run(
	frn: str, today: date | None = None, broadband: bool | None = None, voice: bool | None = None
) -> dict:
	today = today or getdate(nowdate())
	matched = find(frn)
	results: list[AreaResult] = check(matched, today, broadband, voice, _)
	ages = source_ages(today)
	areas = []
	for r in results:
		area = r.as_json()
		area["data"] = ages.get(r.data_source) if r.data_source else None
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
	beyond an optional salted hash of the IP (to see repeat visits, not who made them)."""
	matched: Matched = result["_matched"]
	settings = frappe.get_cached_doc("FCC Sync Settings")
	ip_hash = None
	if ip and settings.log_ip_hash:
		salt = frappe.local.conf.get("encryption_key") or frappe.local.site
		ip_hash = hashlib.sha256(f"{salt}:{ip}".encode()).hexdigest()[:16]
	methods = [m.method_label for m in (matched.filer, matched.rmd, matched.cpni, matched.cores) if m.found]
	doc = frappe.get_doc(
		{
			"doctype": "FCC Compliance Check Log",
			"frn": result["frn"],
			"checked_at": now_datetime(),
			"legal_name": result["legal_name"],
			"filer": result["filer_id"],
			"match_method": ", ".join(dict.fromkeys(methods)) or None,
			"needs_action": sum(1 for a in result["areas"] if a["needs_action"]),
			"services": ",".join(result["services"]),
			"ip_hash": ip_hash,
			"summary": summary_of(result),
			"result": json.dumps({k: v for k, v in result.items() if not k.startswith("_")}, default=str),
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def public(result: dict) -> dict:
	return {k: v for k, v in result.items() if not k.startswith("_")}
