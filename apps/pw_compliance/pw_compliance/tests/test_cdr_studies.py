"""CDR traffic studies on a site: chunked upload → mapping → study (1 million generated calls, known
percentages) → locked summary → payment → unlocked report and PDF; bad input answered by line or
column with nothing written; the retention sweep; the unlock reminders, once each."""

import io
import os
import tempfile
from datetime import timedelta
from html import unescape
from pathlib import Path
from unittest.mock import patch

import frappe
from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, now_datetime, nowdate
from performancewest_erpnext.pw_orders.catalog import load_catalog

from pw_compliance.cdr import analysis, api, studies

RUN = frappe.generate_hash(length=6)
CUSTOMER = f"CDR Test Carrier {RUN}"
USER = f"cdr-{RUN}@example.com"
OTHER = f"CDR Other Carrier {RUN}"
GENERATED = analysis.Mapping("start_time", "duration_sec", "calling_number", "called_number")
MAPPING = {
	"start_time": "start_time",
	"duration": "duration_sec",
	"calling": "calling_number",
	"called": "called_number",
}


def make_customer(name: str, user: str | None = None) -> str:
	if not frappe.db.exists("Customer", name):
		frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": name,
				"email_id": f"billing-{frappe.scrub(name)}@example.com",
				"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}),
				"territory": frappe.db.get_value("Territory", {"is_group": 0}),
			}
		).insert(ignore_permissions=True)
	if user and not frappe.db.exists("User", user):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": user,
				"first_name": "CDR",
				"user_type": "Website User",
				"send_welcome_email": 0,
				"roles": [{"role": "Carrier Customer"}],
			}
		).insert(ignore_permissions=True)
		customer = frappe.get_doc("Customer", name)
		customer.append("portal_users", {"user": user})
		customer.save(ignore_permissions=True)
	return name


def upload(study: str, path: str | Path, name: str = "cdr.csv", chunk: int = 8 * 1024 * 1024) -> dict:
	"""The browser's chunked upload, through the endpoint's code path."""
	total = os.path.getsize(path)
	answer: dict = {}
	with open(path, "rb") as f:
		offset = 0
		while True:
			data = f.read(chunk)
			answer = studies.receive_chunk(
				studies.own_study(study),
				"ab" * 8 + RUN.encode().hex()[:8],
				name,
				offset,
				total,
				io.BytesIO(data),
			)
			offset = answer["received"]
			if answer["complete"] or not data:
				return answer


def write(text: str, suffix: str = ".csv") -> str:
	fd, path = tempfile.mkstemp(suffix=suffix)
	with os.fdopen(fd, "w") as f:
		f.write(text)
	return path


class TestCDRStudies(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		load_catalog()  # the service's price (erpnext's before_tests deletes every Item Price)
		make_customer(CUSTOMER, USER)
		make_customer(OTHER)

	def setUp(self):
		frappe.set_user(USER)
		self.addCleanup(frappe.set_user, "Administrator")

	def new_study(self) -> str:
		return api.create(f"Test {RUN}")["name"]

	def page(self, path: str) -> str:
		"""The portal page as the customer's user sees it."""
		from frappe.utils import set_request
		from frappe.website.serve import get_response

		user = frappe.session.user
		set_request(method="GET", path=f"/{path}")
		frappe.set_user(USER)
		try:
			response = get_response(path)
			self.assertEqual(response.status_code, 200)
			return response.get_data(as_text=True)
		finally:
			frappe.local.request = None
			frappe.set_user(user)

	def test_upload_map_study_locked_then_paid(self):
		name = self.new_study()
		path = os.path.join(tempfile.mkdtemp(), "generated.csv")
		self.addCleanup(os.unlink, path)
		analysis.generate(path, 1_000_000)
		answer = upload(name, path, "generated.csv")
		self.assertTrue(answer["complete"])
		row = frappe.get_doc(studies.STUDY, name).files[0]
		self.assertEqual((row.status, row.file_size), ("Stored", os.path.getsize(path)))
		self.assertTrue(studies._local_path(row.file_key).exists())

		preview = api.preview(name)
		self.assertEqual(
			preview["columns"][:4], ["start_time", "duration_sec", "calling_number", "called_number"]
		)
		self.assertEqual(preview["guess"]["calling"], "calling_number")
		self.assertEqual(len(preview["rows"]), analysis.PREVIEW_ROWS)

		state = api.map_and_run(name, frappe.as_json(MAPPING))  # runs inline in tests
		self.assertEqual(state["status"], "Completed")
		summary = state["summary"]
		self.assertEqual((summary["rows_read"], summary["calls"]), (1_000_000, 980_000))
		# per 100 rows: 50 intrastate calls of 1 minute, 30 interstate of 2, 10 international of 5
		self.assertEqual(
			summary["percentages"], {"intrastate": "31.25", "interstate": "37.50", "international": "31.25"}
		)
		self.assertFalse(state["unlocked"])
		doc = frappe.get_doc(studies.STUDY, name)
		self.assertRaises(frappe.PermissionError, studies.report, doc)
		# a title that reached the database unsanitised is escaped on the page
		frappe.db.set_value(studies.STUDY, name, "title", "Q1 <script>x()</script>")
		html = self.page(f"portal/cdr/{name}")
		self.assertIn("Q1 &lt;script&gt;x()&lt;/script&gt;", html)
		self.assertNotIn("<script>x()", html)
		self.assertIn("37.50%", html)  # the free summary
		self.assertIn('id="pw-cdr-unlock"', html)
		self.assertNotIn('id="pw-cdr-full"', html)
		self.assertIn(f"/portal/cdr/{name}", self.page("portal/cdr"))

		paying = api.unlock(name)
		self.assertIn("/checkout?invoice=", paying["pay"])
		self.assertEqual(api.unlock(name)["invoice"], paying["invoice"])  # one invoice
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Sales Invoice", paying["invoice"], "pw_cdr_study"), name)
		payment = get_payment_entry("Sales Invoice", paying["invoice"])
		payment.update({"reference_no": name, "reference_date": nowdate()})
		payment.insert()
		payment.submit()  # the hook unlocks the study and makes its PDF

		doc.reload()
		self.assertTrue(doc.unlocked)
		full = studies.report(doc)
		self.assertEqual(len(full["by_month"]), 12)  # 3 months x 4 classes
		self.assertEqual(full["indeterminate"]["nongeographic"]["calls"], 50_000)
		self.assertEqual(full["unclassified"]["bad_duration"]["rows"], 20_000)
		self.assertIn("NANPA", full["method"])
		pdf = frappe.get_doc("Order Document", doc.report_document)
		self.assertEqual((pdf.status, pdf.customer), ("Ready", CUSTOMER))
		html = self.page(f"portal/cdr/{name}")
		self.assertIn('id="pw-cdr-full"', html)
		self.assertIn("pw_documents.api.download?name=" + pdf.name, html)
		self.assertIn("2026-03", html)
		self.assertFalse(studies.unlock(name))  # once
		self.assertEqual(frappe.db.count("Order Document", {"title": pdf.title}), 1)

	def test_bad_input_named_and_nothing_written(self):
		name = self.new_study()
		cases = [
			("", "is empty"),
			("PK\x03\x04 a zip file", "not a CSV file"),
			("start\x00,dur\n", "not a CSV text file"),
		]
		for content, message in cases:
			with self.subTest(message=message):
				path = write(content)
				self.addCleanup(os.unlink, path)
				with self.assertRaises(studies.CdrInputError) as caught:
					upload(name, path, "bad.csv")
				self.assertIn(message, unescape(str(caught.exception)))
				doc = frappe.get_doc(studies.STUDY, name)
				self.assertEqual(doc.files, [])
				self.assertFalse(list(studies._staging_path(name, "x").parent.glob("*.part")))

		semicolons = write("start;secs;from;to\n2026-01-01;60;2125550100;7185550100\n")
		self.addCleanup(os.unlink, semicolons)
		upload(name, semicolons, "semi.csv")
		mapping = {"start_time": "start", "duration": "secs", "calling": "from", "called": "to"}
		with self.assertRaises(studies.CdrInputError) as caught:
			api.map_and_run(name, frappe.as_json(mapping), delimiter=",")
		self.assertIn(
			"semi.csv, line 1: the header has 1 column(s) when split by comma",
			unescape(str(caught.exception)),
		)
		self.assertIn("semicolons", unescape(str(caught.exception)))
		with self.assertRaises(studies.CdrInputError) as caught:
			api.map_and_run(name, frappe.as_json({**mapping, "calling": "caller"}), delimiter=";")
		self.assertIn("calling → 'caller' not in the header (line 1)", unescape(str(caught.exception)))
		for bad in ("not json", "[1, 2]"):
			self.assertRaises(studies.CdrInputError, api.map_and_run, name, bad, delimiter=";")
		self.assertRaises(studies.CdrInputError, api.preview, name, delimiter="ab")
		doc = frappe.get_doc(studies.STUDY, name)
		self.assertEqual((doc.status, doc.col_calling), ("Draft", None))  # no mapping saved
		# the file's own text in a message is escaped (Frappe shows messages as HTML), and on the page
		html_header = self.new_study()
		path = write("<img src=x onerror=alert(1)>,secs,from,to\n2026-01-01,60,2125550100,7185550100\n")
		self.addCleanup(os.unlink, path)
		upload(html_header, path, "html.csv")
		with self.assertRaises(studies.CdrInputError) as caught:
			api.map_and_run(html_header, frappe.as_json(mapping), delimiter=",")
		self.assertIn("&lt;img src=x onerror=alert(1)&gt;", str(caught.exception))
		frappe.db.set_value(
			studies.STUDY, html_header, {"status": "Failed", "error": "<img src=x onerror=alert(2)>"}
		)
		self.assertIn("&lt;img src=x onerror=alert(2)&gt;", self.page(f"portal/cdr/{html_header}"))

		garbage = self.new_study()
		path = write("start,secs,from,to\n2026-01-01,60,n/a,unknown\n2026-01-02,60,x,y\n")
		self.addCleanup(os.unlink, path)
		upload(garbage, path, "garbage.csv")
		state = api.map_and_run(garbage, frappe.as_json(mapping), delimiter=",")
		self.assertEqual(state["status"], "Failed")
		self.assertIn("calling column 'from'", state["error"])
		doc = frappe.get_doc(studies.STUDY, garbage)
		self.assertEqual((doc.result, doc.calls, doc.completed_on), (None, 0, None))
		# a failure that is not the input's: the study is Failed (not left Running), staff get the traceback
		doc.db_set("status", "Draft")
		with patch.object(analysis, "run", side_effect=RuntimeError("disk full")):
			state = api.map_and_run(garbage, frappe.as_json(mapping), delimiter=",")
		self.assertEqual(state["status"], "Failed")
		self.assertIn("our staff have been told", state["error"])
		self.assertTrue(
			frappe.db.exists("Error Log", {"reference_doctype": studies.STUDY, "reference_name": garbage})
		)

		frappe.set_user("Administrator")
		other = studies.create_study(OTHER).name
		frappe.set_user(USER)
		self.assertRaises(frappe.PermissionError, api.preview, other)

	def study_with_file(self, created_days_ago: int) -> str:
		name = self.new_study()
		path = write("start,secs,from,to\n2026-01-01,60,2125550100,7185550100\n")
		self.addCleanup(os.unlink, path)
		upload(name, path)
		api.map_and_run(
			name,
			frappe.as_json({"start_time": "start", "duration": "secs", "calling": "from", "called": "to"}),
		)
		created = now_datetime() - timedelta(days=created_days_ago)
		frappe.db.set_value(studies.STUDY, name, "creation", created, update_modified=False)
		return name

	def test_sweeper_deletes_raw_files_past_retention_and_keeps_results(self):
		frappe.db.set_single_value(studies.SETTINGS, "cdr_retention_days", 30)
		old, recent = self.study_with_file(31), self.study_with_file(2)
		old_file = studies._local_path(frappe.get_doc(studies.STUDY, old).files[0].file_key)
		frappe.set_user("Administrator")
		self.assertGreaterEqual(studies.sweep_raw_files(nowdate()), 1)
		doc = frappe.get_doc(studies.STUDY, old)
		self.assertFalse(old_file.exists())
		self.assertEqual(doc.files[0].status, "Deleted")
		self.assertTrue(doc.raw_deleted_on)
		self.assertEqual((doc.status, doc.calls, doc.intrastate_percent), ("Completed", 1, 100))  # kept
		recent_doc = frappe.get_doc(studies.STUDY, recent)
		self.assertEqual(recent_doc.files[0].status, "Stored")
		self.assertTrue(studies._local_path(recent_doc.files[0].file_key).exists())
		self.assertEqual(studies.sweep_raw_files(nowdate()), 0)  # nothing left to sweep

	def test_unlock_reminders_once_each_and_none_after_payment(self):
		frappe.db.set_single_value(studies.SETTINGS, "cdr_nudge_days", "1,3,7")
		name = self.study_with_file(0)
		frappe.set_user("Administrator")
		done = getdate(frappe.db.get_value(studies.STUDY, name, "completed_on"))

		def mails() -> int:
			return frappe.db.count(
				"Email Queue", {"reference_doctype": studies.STUDY, "reference_name": name}
			)

		studies.send_nudges(done)  # day 0: none due
		self.assertEqual(mails(), 0)
		for day, expected in ((1, 1), (1, 1), (2, 1), (3, 2), (3, 2)):
			studies.send_nudges(add_days(done, day))
			self.assertEqual(mails(), expected, f"day {day}")
		invoice = studies.invoice_for(name)
		payment = get_payment_entry("Sales Invoice", invoice)
		payment.update({"reference_no": name, "reference_date": nowdate()})
		payment.insert()
		with patch.object(studies, "make_report_document"):  # the PDF is the first test's
			payment.submit()
		self.assertTrue(frappe.db.get_value(studies.STUDY, name, "unlocked"))
		paid_mails = mails()  # the unlock's own e-mail
		studies.send_nudges(add_days(done, 7))
		self.assertEqual(mails(), paid_mails)
		self.assertEqual(frappe.db.get_value(studies.STUDY, name, "nudges_sent"), 2)

	def test_raw_files_in_s3_studied_and_swept(self):
		from performancewest_erpnext.pw_documents import storage
		from performancewest_erpnext.tests import documents_fixtures as fx

		frappe.set_user("Administrator")
		fx.use_s3(f"pw-cdr-{RUN}")
		self.addCleanup(fx.reset_settings)
		frappe.set_user(USER)
		name = self.study_with_file(40)  # uploaded to S3, studied from a downloaded copy
		row = frappe.get_doc(studies.STUDY, name).files[0]
		self.assertEqual(row.storage, "S3")
		self.assertTrue(row.file_key.startswith(f"documents/cdr/CDR-Test-Carrier-{RUN}/{name}/"))
		client, bucket = storage.s3_client()
		self.assertEqual(client.head_object(Bucket=bucket, Key=row.file_key)["ContentLength"], row.file_size)
		self.assertEqual(frappe.db.get_value(studies.STUDY, name, "calls"), 1)
		frappe.set_user("Administrator")
		frappe.db.set_single_value(studies.SETTINGS, "cdr_retention_days", 30)
		studies.sweep_raw_files(nowdate())
		self.assertEqual(client.list_objects_v2(Bucket=bucket, Prefix=row.file_key).get("KeyCount"), 0)
		self.assertEqual(frappe.get_doc(studies.STUDY, name).files[0].status, "Deleted")

	def test_gzip_content_studied_whatever_its_name(self):
		import gzip

		name = self.new_study()
		fd, path = tempfile.mkstemp(suffix=".csv")
		os.close(fd)
		self.addCleanup(os.unlink, path)
		with gzip.open(path, "wt") as f:
			f.write("start,secs,from,to\n2026-01-01,60,2125550100,3105550100\n")
		upload(name, path, "calls.csv")
		self.assertTrue(frappe.get_doc(studies.STUDY, name).files[0].file_key.endswith("calls.csv.gz"))
		mapping = {"start_time": "start", "duration": "secs", "calling": "from", "called": "to"}
		state = api.map_and_run(name, frappe.as_json(mapping))
		self.assertEqual(
			(state["status"], state["summary"]["percentages"]["interstate"]), ("Completed", "100.00")
		)
