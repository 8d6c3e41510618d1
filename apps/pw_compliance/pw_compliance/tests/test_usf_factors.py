"""USF contribution factors on a site: the monitor reads the FCC page sample (served by `responses`, never
the network), stores a new quarter once and e-mails each carrier customer once; an odd page or a changed
factor keeps the stored value and tells staff; the de minimis check asks for a missing factor; the jobs'
hours in their own time zones. The quarters are far off (2031-2032) so no real quarter is touched."""

from datetime import date, datetime, timezone
from pathlib import Path

import frappe
import responses
from frappe.tests.utils import FrappeTestCase
from performancewest_erpnext.pw_orders.customers import new_customer

from pw_compliance.usf import factors

URL = "https://fcc.example.test/usf-contribution-factor"
PAGE = (
	(Path(__file__).parent / "fixtures" / "fcc" / "usf_contribution_factor.html")
	.read_text()
	.replace("second quarter 2026 is 0.370 or 37.0", "second quarter 2031 is 0.370 or 37.0")
)
RUN = frappe.generate_hash(length=6).lower()


def todo(marker: str) -> list[str]:
	return frappe.get_all(
		"ToDo", {"status": "Open", "description": ("like", f"%[USF {marker}]%")}, pluck="name"
	)


class TestUSFFactors(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		settings = frappe.get_single("FCC Sync Settings")
		cls.saved = {k: settings.get(k) for k in ("usf_factor_enabled", "usf_factor_url", "retries")}
		settings.update({"usf_factor_enabled": 1, "usf_factor_url": URL, "retries": 0})
		settings.save(ignore_permissions=True)
		cls.customer = new_customer(f"Usf Test {RUN}", f"usf-{RUN}@example.com")
		frappe.get_doc({"doctype": "Carrier Profile", "customer": cls.customer, "clec": 1}).insert(
			ignore_permissions=True
		)
		frappe.db.commit()  # nosemgrep: the monitor commits

	@classmethod
	def tearDownClass(cls):
		settings = frappe.get_single("FCC Sync Settings")
		settings.update(cls.saved)
		settings.save(ignore_permissions=True)
		frappe.db.delete("USF Factor Notice", {"quarter": ("like", "203%")})
		frappe.db.delete("USF Contribution Factor", {"quarter": ("like", "203%")})
		frappe.db.delete("ToDo", {"description": ("like", "%[USF %")})
		frappe.db.commit()  # nosemgrep
		super().tearDownClass()

	def mails(self) -> int:
		queued = frappe.get_all(
			"Email Queue", {"reference_doctype": factors.FACTOR, "reference_name": "2031-Q2"}, pluck="name"
		)
		return frappe.db.count(
			"Email Queue Recipient", {"parent": ("in", queued or [""]), "recipient": f"usf-{RUN}@example.com"}
		)

	@responses.activate
	def test_monitor_stores_a_new_quarter_once_and_tells_each_carrier_once(self):
		responses.get(URL, body=PAGE)
		result = factors.monitor()
		self.assertEqual((result["status"], result["new"]), ("ok", ["2031-Q2"]))
		factor = frappe.get_doc(factors.FACTOR, "2031-Q2")
		self.assertEqual(
			(factor.factor, factor.public_notice, factor.source_url),
			(0.37, "DA 26-218", "https://docs.fcc.gov/public/attachments/DA-26-218A1.pdf"),
		)
		self.assertTrue(factor.fetched_on and factor.customers_notified_on)
		self.assertTrue(frappe.db.exists("USF Factor Notice", f"2031-Q2::{self.customer}"))
		self.assertEqual(self.mails(), 1)
		self.assertTrue(
			frappe.db.exists(
				"Integration Request", {"integration_request_service": "FCC Public Data", "url": URL}
			)
		)
		# the next day's run, and a second announcement racing the first, send nothing again
		self.assertEqual(factors.monitor()["new"], [])
		self.assertEqual(factors.notify_customers("2031-Q2"), 0)
		self.assertEqual(self.mails(), 1)

		# an odd page and a failed fetch keep the stored factor and tell staff (one ToDo)
		responses.replace(responses.GET, URL, body="<html><body>Site maintenance</body></html>")
		self.assertEqual(factors.monitor()["status"], "failed")
		responses.replace(responses.GET, URL, status=503)
		self.assertEqual(factors.monitor()["status"], "failed")
		self.assertEqual(len(todo("page unreadable")), 1)
		# a changed factor for a stored quarter is kept as it was, for staff to check
		responses.replace(responses.GET, URL, body=PAGE.replace("0.370 or 37.0", "0.380 or 38.0"))
		self.assertEqual(factors.monitor()["new"], [])
		self.assertEqual(frappe.db.get_value(factors.FACTOR, "2031-Q2", "factor"), 0.37)
		self.assertEqual(len(todo("2031-Q2 changed")), 1)

		# a quarter typed by staff is checked
		bad = frappe.get_doc({"doctype": factors.FACTOR, "quarter": "2031-Q3", "factor": 37.6})
		self.assertRaises(frappe.ValidationError, bad.insert)
		bad.update({"quarter": "Q3 2031", "factor": 0.376})
		self.assertRaises(frappe.ValidationError, bad.insert)

	def test_missing_worksheet_factor_alerts_staff_and_the_job_hours(self):
		self.assertEqual(factors.needed_quarters(date(2031, 6, 1)), ["2031-Q1"])
		self.assertEqual(factors.factor_check(date(2031, 12, 21)), ["2031-Q1", "2032-Q1"])
		self.assertEqual(factors.factor_check(date(2031, 12, 22)), ["2031-Q1", "2032-Q1"])
		self.assertEqual((len(todo("2031-Q1 missing")), len(todo("2032-Q1 missing"))), (1, 1))
		frappe.get_doc({"doctype": factors.FACTOR, "quarter": "2032-Q1", "factor": 0.4}).insert()
		self.assertEqual(factors.factor_check(date(2031, 12, 23)), ["2031-Q1"])
		self.assertEqual(factors.year_factor(2032)[0], factors.deminimis.worksheet_factor([0.4]))

		# 09:00 in Chicago (standard and daylight time) and 03:00 UTC
		at = lambda *args: datetime(*args, tzinfo=timezone.utc)  # noqa: E731
		self.assertEqual(factors.jobs_due(at(2031, 1, 15, 15)), ["USF Factor Monitor"])
		self.assertEqual(factors.jobs_due(at(2031, 7, 15, 14)), ["USF Factor Monitor"])
		self.assertEqual(factors.jobs_due(at(2031, 7, 15, 3)), ["De Minimis Factor Check"])
		self.assertEqual(factors.jobs_due(at(2031, 7, 15, 15)), [])
