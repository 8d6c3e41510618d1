"""Demo FCC data: the recorded samples loaded through the real parsers and upsert (no network), so the
demo site's check page shows real-looking results. Idempotent (unchanged rows are not rewritten).

Demo FRNs: 0027184460 (all current), 0031542276 (499-A, CPNI and RMD recertification past due, de
minimis), 0019873305 (removed from the RMD once the "next" listing is loaded: the demo loads it second),
0012345678 (the demo customer)."""

from pathlib import Path

import frappe
from frappe.utils import now_datetime

from pw_compliance.fcc import parsers

SAMPLES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "fcc"


def _mark(source: str, sample: str, counts: dict) -> None:
	frappe.db.set_value(
		"FCC Data Source",
		source,
		{
			"last_status": "Success",
			"last_attempt": now_datetime(),
			"last_success": now_datetime(),
			"url": f"recorded sample: {sample}",
			"error": None,
			**{k: counts.get(k, 0) for k in ("rows_seen", "rows_inserted", "rows_updated", "rows_unchanged")},
		},
		update_modified=False,
	)


def load() -> None:
	from pw_compliance.pw_fcc import sync

	sync.ensure_sources()
	text = (SAMPLES / "499_filers.csv").read_text()
	records = parsers.parse_filers(text)
	counts = sync.upsert(
		"FCC Filer",
		sync._rows(
			records,
			lambda r: {
				"usf_contributor": {True: "Yes", False: "No"}.get(r.usf_contributor, ""),
				"de_minimis": int(bool(r.de_minimis)),
			},
		),
	)
	_mark("filers", "499_filers.csv", counts)
	rows = sync._rows(
		parsers.parse_rmd((SAMPLES / "rmd_listing.csv").read_text()),
		lambda r: {"removed": 0, "removed_on": None},
	)
	if not frappe.db.exists("FCC RMD Removal", {"frn": "0019873305"}):
		counts = sync.upsert("FCC RMD Entry", rows)
		# a week later Prairie Line is gone from the listing: the removal tracker notices it
		frappe.db.set_value(
			"FCC RMD Entry", "RMD0013377", {"removed": 1, "removed_on": frappe.utils.nowdate()}
		)
		frappe.get_doc(
			{
				"doctype": "FCC RMD Removal", "rmd_entry": "RMD0013377", "frn": "0019873305",
				"business_name": "Prairie Line Communications LLC", "detected_on": frappe.utils.nowdate(),
			}
		).insert(ignore_permissions=True)  # fmt: skip
		_mark("rmd", "rmd_listing.csv", counts)
	counts = sync.upsert(
		"FCC CPNI Certification", sync._rows(parsers.parse_ecfs((SAMPLES / "ecfs_06-36.json").read_text()))
	)
	_mark("cpni", "ecfs_06-36.json", counts)
	cores = parsers.parse_cores("0027184460", (SAMPLES / "cores_0027184460.html").read_text())
	counts = sync.upsert("FCC CORES Registration", sync._rows([cores]))
	_mark("cores", "cores_0027184460.html", counts)
