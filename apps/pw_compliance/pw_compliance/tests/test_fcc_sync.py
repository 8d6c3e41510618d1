"""FCC data sync on a site: the sources answered by the recorded samples through `responses` (never the
network). A run twice loads nothing twice; a failing source keeps the old data; RMD removals are tracked.

The sync commits per source, so these tests own the FCC tables while they run: they empty them first and
load the demo samples back at the end."""

from pathlib import Path

import frappe
import responses
from frappe.tests.utils import FrappeTestCase

from pw_compliance.pw_fcc import demo, sync

SAMPLES = Path(__file__).parent / "fixtures" / "fcc"
URLS = {
	"filers_url": "https://fcc.example.test/499results.csv",
	"rmd_url": "https://rmd.example.test/rmd_list.do?CSV",
	"ecfs_url": "https://ecfs.example.test/ecfs/filings",
	"cores_url": "https://cores.example.test/cores/searchDetail.do",
}
TABLES = ("FCC Filer", "FCC RMD Entry", "FCC RMD Removal", "FCC CPNI Certification", "FCC CORES Registration")


def sample(name: str) -> str:
	return (SAMPLES / name).read_text()


def clear() -> None:
	for doctype in TABLES:
		frappe.db.delete(doctype)
	frappe.db.set_value("FCC Data Source", {"name": ("is", "set")}, {"last_success": None, "payload_hash": None,
		"last_status": None, "error": None, "total_rows": 0})  # fmt: skip
	frappe.db.commit()


class TestFCCSync(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		sync.ensure_sources()
		settings = frappe.get_single("FCC Sync Settings")
		cls.saved = settings.as_dict()
		settings.update(
			{**URLS, "retries": 0, "timeout_seconds": 5, "rmd_min_ratio": 50, "ecfs_page_size": 100}
		)
		settings.ecfs_api_key = "test-key"
		settings.save(ignore_permissions=True)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		settings = frappe.get_single("FCC Sync Settings")
		settings.update({k: cls.saved.get(k) for k in (*URLS, "retries", "timeout_seconds")})
		settings.save(ignore_permissions=True)
		clear()
		demo.load()
		frappe.db.commit()
		super().tearDownClass()

	def setUp(self):
		clear()

	def source(self, name: str):
		return frappe.get_doc("FCC Data Source", name)

	@responses.activate
	def test_filers_twice_loads_nothing_twice(self):
		responses.get(URLS["filers_url"], body=sample("499_filers.csv"))
		logs = frappe.db.count("Integration Request", {"integration_request_service": "FCC Public Data"})
		first = sync.run_source("filers", force=True)
		self.assertEqual((first["last_status"], first["rows_inserted"]), ("Success", 7))
		self.assertEqual(frappe.db.get_value("FCC Filer", "834512", "frn"), "0027184460")
		self.assertEqual(
			frappe.db.get_value("FCC Filer", "829977", ["usf_contributor", "de_minimis"]), ("No", 1)
		)
		modified = frappe.db.get_value("FCC Filer", "834512", "modified")

		again = sync.run_source("filers", force=True)  # the same payload: nothing parsed or written
		self.assertEqual((again["rows_inserted"], again["rows_updated"], again["rows_unchanged"]), (0, 0, 7))
		# a payload that differs only in bytes, not content: parsed, still nothing written
		responses.replace(responses.GET, URLS["filers_url"], body=sample("499_filers.csv") + "\n\n")
		third = sync.run_source("filers", force=True)
		self.assertEqual((third["rows_inserted"], third["rows_updated"], third["rows_unchanged"]), (0, 0, 7))
		self.assertEqual(frappe.db.get_value("FCC Filer", "834512", "modified"), modified)
		# one filer's data changes: one row is written
		responses.replace(
			responses.GET,
			URLS["filers_url"],
			body=sample("499_filers.csv").replace("03/18/2026", "03/19/2026"),
		)
		fourth = sync.run_source("filers", force=True)
		self.assertEqual(
			(fourth["rows_inserted"], fourth["rows_updated"], fourth["rows_unchanged"]), (0, 1, 6)
		)
		self.assertEqual(str(frappe.db.get_value("FCC Filer", "834512", "last_filed")), "2026-03-19")
		self.assertEqual(frappe.db.count("FCC Filer"), 7)
		source = self.source("filers")
		self.assertEqual(
			(source.last_status, source.total_rows, source.url), ("Success", 7, URLS["filers_url"])
		)
		self.assertEqual(
			frappe.db.count("Integration Request", {"integration_request_service": "FCC Public Data"}),
			logs + 4,
		)

	@responses.activate
	def test_a_failing_source_keeps_the_old_data(self):
		responses.get(URLS["filers_url"], body=sample("499_filers.csv"))
		sync.run_source("filers", force=True)
		success = self.source("filers").last_success
		responses.replace(responses.GET, URLS["filers_url"], status=503, body="Service Unavailable")
		failed = sync.run_source("filers", force=True)
		self.assertEqual(failed["last_status"], "Failed")
		self.assertIn("503", failed["error"])
		responses.replace(responses.GET, URLS["filers_url"], body="<html><body>Maintenance</body></html>")
		self.assertIn("HTML page", sync.run_source("filers", force=True)["error"])
		source = self.source("filers")
		self.assertEqual((source.last_status, source.last_success), ("Failed", success))
		self.assertEqual(frappe.db.count("FCC Filer"), 7)
		self.assertEqual(frappe.db.get_value("FCC Filer", "834512", "legal_name"), "Summit Ridge Voice LLC")
		failed_log = frappe.get_last_doc(
			"Integration Request", {"integration_request_service": "FCC Public Data"}
		)
		self.assertEqual(failed_log.reference_docname, "filers")

	@responses.activate
	def test_rmd_removed_tracker(self):
		responses.get(URLS["rmd_url"], body=sample("rmd_listing.csv"))
		self.assertEqual(sync.run_source("rmd", force=True)["rows_inserted"], 5)
		responses.replace(responses.GET, URLS["rmd_url"], body=sample("rmd_listing_next.csv"))
		week_two = sync.run_source("rmd", force=True)
		self.assertEqual((week_two["rows_removed"], week_two["rows_updated"]), (1, 1))
		self.assertEqual(frappe.db.get_value("FCC RMD Entry", "RMD0013377", "removed"), 1)
		removal = frappe.get_last_doc("FCC RMD Removal")
		self.assertEqual((removal.frn, removal.rmd_entry), ("0019873305", "RMD0013377"))
		self.assertEqual(
			str(frappe.db.get_value("FCC RMD Entry", "RMD0016111", "last_recertified")), "2026-11-20"
		)
		self.assertEqual(sync.run_source("rmd", force=True)["rows_removed"], 0)  # noticed once
		self.assertEqual(frappe.db.count("FCC RMD Removal"), 1)
		frappe.db.delete("ToDo", {"description": ("like", "%[RMD removals%")})
		self.assertTrue(sync.weekly_removed_digest())
		self.assertIsNone(sync.weekly_removed_digest())  # one ToDo a week
		# back in the listing: reinstated
		responses.replace(responses.GET, URLS["rmd_url"], body=sample("rmd_listing.csv"))
		sync.run_source("rmd", force=True)
		self.assertEqual(frappe.db.get_value("FCC RMD Entry", "RMD0013377", "removed"), 0)
		self.assertTrue(frappe.db.get_value("FCC RMD Removal", removal.name, "reinstated_on"))
		# a truncated export never marks the rest of the database as removed
		one_row = "\n".join(sample("rmd_listing.csv").split("\n")[:2]) + "\n"
		responses.replace(responses.GET, URLS["rmd_url"], body=one_row)
		refused = sync.run_source("rmd", force=True)
		self.assertEqual(refused["last_status"], "Failed")
		self.assertIn("truncated", refused["error"])
		self.assertEqual(frappe.db.count("FCC RMD Entry", {"removed": 1}), 0)

	@responses.activate
	def test_rmd_export_with_labels_and_missing_columns(self):
		responses.get(URLS["rmd_url"], body=sample("rmd_listing_labels.csv"))
		self.assertEqual(sync.run_source("rmd", force=True)["rows_inserted"], 2)
		sparse_csv = "frn,business_name\n0000000042,Sparse Telecom LLC\n"
		responses.replace(responses.GET, URLS["rmd_url"], body=sparse_csv)
		result = sync.run_source("rmd", force=True)  # half of those listed: accepted (the limit is 50%)
		self.assertEqual(
			(result["last_status"], result["rows_inserted"], result["rows_removed"]), ("Success", 1, 2)
		)
		self.assertEqual(frappe.db.get_value("FCC RMD Entry", "FRN-0000000042", "voice_service_provider"), 0)

	@responses.activate
	def test_cpni_from_ecfs(self):
		responses.get(URLS["ecfs_url"], json=frappe.parse_json(sample("ecfs_06-36.json")))
		result = sync.run_source("cpni", force=True)
		self.assertEqual((result["last_status"], result["rows_inserted"]), ("Success", 5))
		url = responses.calls[0].request.url
		self.assertIn("proceedings.name=06-36", url)
		self.assertIn("api_key=test-key", url)
		self.assertEqual(
			frappe.db.get_value("FCC CPNI Certification", "10220264501877", "year_certified"), 2025
		)
		self.assertEqual(sync.run_source("cpni", force=True)["rows_inserted"], 0)
		self.assertIn("received_from=", responses.calls[1].request.url)
		logged = frappe.get_last_doc(
			"Integration Request", {"integration_request_service": "FCC Public Data"}
		)
		self.assertNotIn("test-key", logged.data + (logged.url or ""))  # the key never reaches the log

	@responses.activate
	def test_cores_lookups(self):
		responses.get(URLS["cores_url"], body=sample("cores_0027184460.html"),
			match=[responses.matchers.query_param_matcher({"frn": "0027184460"})])  # fmt: skip
		responses.get(URLS["cores_url"], body=sample("cores_not_found.html"),
			match=[responses.matchers.query_param_matcher({"frn": "0000000017"})])  # fmt: skip
		result = sync.refresh_cores(["0027184460", "0000000017"])
		self.assertEqual((result["last_status"], result["rows_inserted"]), ("Success", 2))
		self.assertEqual(frappe.db.get_value("FCC CORES Registration", "0027184460", "status"), "Registered")
		self.assertEqual(frappe.db.get_value("FCC CORES Registration", "0000000017", "status"), "Not Found")

	def test_disabled_sources_are_skipped(self):
		frappe.db.set_single_value("FCC Sync Settings", "enabled", 0)
		try:
			self.assertEqual(sync.run_source("filers"), {"status": "Skipped"})
		finally:
			frappe.db.set_single_value("FCC Sync Settings", "enabled", 1)
