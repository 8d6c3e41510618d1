"""Documents on a real site: templates checked on upload, filled and converted by LibreOffice, bound into
a binder; a hanging conversion killed and retried; the DocServer path and its fallback; S3 storage against
a local S3 server (atomic uploads, expiring links, another customer refused)."""

import io
import json
import os
import re
import stat
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from unittest.mock import patch
from urllib.parse import parse_qs, urlparse

import frappe
import requests
from frappe.tests.utils import FrappeTestCase
from pypdf import PdfReader

from performancewest_erpnext.pw_documents import api, binder, convert, storage, templates
from performancewest_erpnext.pw_documents.core import docserver, pdfs
from performancewest_erpnext.pw_documents.core import s3 as s3core
from performancewest_erpnext.tests import documents_fixtures as fx

RUN = frappe.generate_hash(length=6).lower()
LETTER = f"Test Letter {RUN}"
NOTICE = f"Test Notice {RUN}"


def pdf_text(data: bytes) -> str:
	return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def script(folder: Path, name: str, body: str) -> str:
	path = folder / name
	path.write_text("#!/bin/sh\n" + body)
	path.chmod(path.stat().st_mode | stat.S_IEXEC)
	return str(path)


def alive(pid: int) -> bool:
	try:
		os.kill(pid, 0)
	except ProcessLookupError:
		return False
	stat_file = Path(f"/proc/{pid}/stat")
	return stat_file.exists() and stat_file.read_text().split()[2] != "Z"


FIXTURES: dict = {}


def fixtures() -> dict:
	"""Customers, a service, an order and two templates, made once per run and committed (the classes'
	rollbacks would otherwise take them away from the next class)."""
	if not FIXTURES:
		FIXTURES["customer"], FIXTURES["email"] = fx.customer("Docs", RUN)
		FIXTURES["other"], FIXTURES["other_email"] = fx.customer("Rival", RUN)
		FIXTURES["slug"] = fx.service(f"t-docs-{RUN}")
		FIXTURES["order"] = fx.order(FIXTURES["customer"], FIXTURES["slug"])
		fx.template(
			LETTER,
			[
				"Dear {{ contact.first_name }} of {{ customer.customer_name }},",
				"Your order {{ order.name }} ({{ document.services }}) is under way.",
			],
		)
		fx.template(
			NOTICE, ["Notice for {{ customer.customer_name }} on {{ document.date }}."], "Certificate"
		)
		frappe.db.commit()  # nosemgrep: shared by the test classes of this module
	return FIXTURES


class DocumentsCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		fx.reset_settings()
		for key, value in fixtures().items():
			setattr(cls, key, value)

	@classmethod
	def tearDownClass(cls):
		fx.reset_settings()
		frappe.db.commit()  # nosemgrep: the settings outlive the class's rollback when code committed
		super().tearDownClass()

	def setUp(self):
		frappe.set_user("Administrator")
		fx.reset_settings()


class TestTemplates(DocumentsCase):
	def test_an_unknown_field_is_an_error_at_upload(self):
		for i, bad in enumerate(("{{ customer.shoe_size }}", "{{ carrier.frn }}", "{{ customer name }}")):
			with self.assertRaises(frappe.ValidationError) as e:
				fx.template(f"Bad {RUN} {i}", [f"Dear {bad}"])
			self.assertIn("cannot be used", str(e.exception))
		self.assertFalse(frappe.db.exists("Document Template", {"title": ("like", f"Bad {RUN}%")}))

	def test_placeholders_are_recorded_and_a_new_docx_is_a_new_version(self):
		self.assertEqual(
			frappe.db.get_value("Document Template", LETTER, "placeholders").split("\n"),
			["contact.first_name", "customer.customer_name", "document.services", "order.name"],
		)
		doc = frappe.get_doc("Document Template", fx.template(f"Versioned {RUN}", ["{{ order.name }}"]))
		self.assertEqual(doc.version, 1)
		doc.description = "no new file"
		doc.save()
		self.assertEqual(doc.version, 1)
		doc.docx = fx.upload(fx.docx(["Hello {{ customer.customer_name }}, v2"]), "v2.docx")
		doc.save()
		self.assertEqual((doc.version, doc.placeholders), (2, "customer.customer_name"))
		doc.docx = fx.upload(fx.docx(["Hello {{ customer.customer_nme }}"]), "v3.docx")
		self.assertRaises(frappe.ValidationError, doc.save)

	def test_other_apps_add_namespaces_through_the_context_hook(self):
		def carrier(order):
			return {"carrier": {"frn": "0012345678" if order else None, "filer_id": "812345"}}

		with patch.object(templates, "providers", return_value=[templates.builtin_context, carrier]):
			title = fx.template(f"Carrier {RUN}", ["FRN {{ carrier.frn }} for {{ customer.customer_name }}"])
			values = templates.values_for(
				frappe.get_doc("Service Order", self.order), ["carrier.frn", "customer.customer_name"]
			)
		self.assertEqual(values, {"carrier.frn": "0012345678", "customer.customer_name": f"Docs {RUN} LLC"})
		self.assertEqual(
			frappe.db.get_value("Document Template", title, "placeholders"),
			"carrier.frn\ncustomer.customer_name",
		)


class TestConversionAndBinder(DocumentsCase):
	def test_templates_filled_converted_and_merged_into_a_binder(self):
		letter = templates.generate(LETTER, self.order)
		notice = templates.generate(NOTICE, self.order)
		for doc in (letter, notice):
			doc.reload()
			self.assertEqual(
				(doc.status, doc.converter, doc.storage), ("Ready", "LibreOffice", "Frappe Files")
			)
			self.assertEqual(doc.customer, self.customer)
			self.assertTrue(doc.file_key.startswith("/private/files/"))
		pdf = storage.read(letter.storage, letter.file_key)
		self.assertEqual((letter.sha256, letter.page_count), (pdfs.sha256(pdf), pdfs.page_count(pdf)))
		text = pdf_text(pdf)
		self.assertIn(f"Dear Docs of Docs {RUN} LLC,", text)
		self.assertIn(f"Yourorder{self.order}(T-Docs-{RUN.title()})isunderway.", re.sub(r"\s+", "", text))
		self.assertNotIn("{{", text)
		self.assertEqual(templates.generate(LETTER, self.order).name, letter.name)  # once per order

		result = binder.build_binder(self.order)
		self.assertEqual((result.kind, result.status, result.customer), ("Binder", "Ready", self.customer))
		data = storage.read(result.storage, result.file_key)
		self.assertEqual(result.page_count, 2 + letter.page_count + notice.page_count)
		self.assertEqual(pdfs.page_count(data), result.page_count)
		self.assertEqual(pdfs.bookmarks(data), [(LETTER, 3), (NOTICE, 3 + letter.page_count)])
		self.assertIn(f"Docs {RUN} LLC", pdf_text(data).split("Contents")[0])
		# unchanged documents: the same binder; a changed one: rebuilt in place
		self.assertEqual(binder.build_binder(self.order).file_key, result.file_key)
		convert.store_pdf(notice, pdfs.simple_pdf("Notice v2", pages=2))
		rebuilt = binder.build_binder(self.order)
		self.assertEqual(rebuilt.name, result.name)
		self.assertEqual(rebuilt.page_count, 2 + letter.page_count + 2)
		self.assertFalse(
			frappe.db.exists("File", {"file_url": result.file_key, "attached_to_name": result.name})
		)

	def test_a_hanging_conversion_is_killed_and_retried(self):
		work = Path(tempfile.mkdtemp(prefix="pw-hang-"))
		pids, attempts = work / "pids", work / "attempts"
		hanging = script(
			work,
			"soffice-hangs-once",
			f"echo x >> {attempts}\n"
			f"if [ $(wc -l < {attempts}) -eq 1 ]; then sleep 300 & echo $! >> {pids}; echo $$ >> {pids}; wait; fi\n"
			'exec soffice "$@"\n',
		)
		fx.set_settings(conversion_timeout=5, conversion_retries=2)
		started = time.monotonic()
		with patch.dict(frappe.local.conf, {"pw_soffice_command": hanging}):
			doc = templates.generate(NOTICE, fx.order(self.customer, self.slug))
		doc.reload()
		self.assertEqual(doc.status, "Ready")
		self.assertEqual(attempts.read_text().count("x"), 2)
		self.assertLess(time.monotonic() - started, 60)
		time.sleep(0.2)
		hung = [int(p) for p in pids.read_text().split()]
		self.assertEqual(len(hung), 2)
		self.assertFalse(any(alive(pid) for pid in hung), "the hung converter and its child were killed")
		self.assertTrue(
			frappe.db.exists("Error Log", {"method": ("like", f"Conversion attempt 1 of {doc.name} failed%")})
		)

	def test_a_conversion_failing_every_time_marks_the_document_failed(self):
		work = Path(tempfile.mkdtemp(prefix="pw-fail-"))
		broken = script(work, "soffice-broken", "echo 'Error: source file could not be loaded' >&2\nexit 1\n")
		fx.set_settings(conversion_retries=1)
		with patch.object(convert.soffice, "SOFFICE", [broken]), patch.object(convert.soffice.time, "sleep"):
			doc = templates.generate(NOTICE, fx.order(self.customer, self.slug))
		doc.reload()
		self.assertEqual(doc.status, "Failed")
		self.assertIn("could not be loaded", doc.error)
		self.assertFalse(doc.file_key)
		self.assertTrue(doc.source_key)  # the filled DOCX is kept for the next attempt


class FakeDocServer(threading.Thread):
	"""Stands in for the Windows Word server: polls to-convert/, writes converted/ PDFs, beats."""

	def __init__(self, client, bucket):
		super().__init__(daemon=True)
		self.client, self.bucket, self.stop = client, bucket, threading.Event()
		self.converted = 0

	def run(self):
		while not self.stop.is_set():
			listing = self.client.list_objects_v2(Bucket=self.bucket, Prefix=docserver.QUEUE_PREFIX)
			for item in listing.get("Contents", []):
				job = item["Key"].rsplit("/", 1)[1].removesuffix(".docx")
				self.client.put_object(
					Bucket=self.bucket,
					Key=f"{docserver.DONE_PREFIX}{job}.pdf",
					Body=pdfs.simple_pdf("Converted by Word"),
				)
				self.client.delete_object(Bucket=self.bucket, Key=item["Key"])
				self.converted += 1
			self.stop.wait(0.2)


class TestDocServer(DocumentsCase):
	def setUp(self):
		super().setUp()
		self.bucket = f"pw-docserver-{RUN}"
		fx.use_s3(self.bucket)
		fx.set_settings(storage_backend="Frappe Files", converter="DocServer", docserver_poll_interval=1)
		self.client = storage.s3_client()[0]

	def beat(self, age_seconds: float) -> None:
		stamp = datetime.now(tz=timezone.utc) - timedelta(seconds=age_seconds)
		self.client.put_object(
			Bucket=self.bucket,
			Key=docserver.HEARTBEAT_KEY,
			Body=json.dumps({"timestamp": stamp.isoformat(), "host": "docserver"}).encode(),
		)

	def test_a_stale_heartbeat_falls_back_to_libreoffice(self):
		self.beat(age_seconds=301)
		doc = templates.generate(NOTICE, fx.order(self.customer, self.slug))
		doc.reload()
		self.assertEqual(doc.status, "Ready")
		self.assertTrue(doc.converter.startswith("LibreOffice (DocServer fallback"), doc.converter)
		self.assertRegex(doc.converter, r"heartbeat is 3\d\d s old \(more than 300 s\)")
		self.assertIn(f"Notice for Docs {RUN} LLC", pdf_text(storage.read(doc.storage, doc.file_key)))
		listing = self.client.list_objects_v2(Bucket=self.bucket, Prefix=docserver.QUEUE_PREFIX)
		self.assertEqual(listing.get("KeyCount"), 0, "nothing was queued for a dead DocServer")

	def test_a_live_docserver_converts_through_the_bucket(self):
		self.beat(age_seconds=5)
		fake = FakeDocServer(self.client, self.bucket)
		fake.start()
		try:
			doc = templates.generate(NOTICE, fx.order(self.customer, self.slug))
		finally:
			fake.stop.set()
			fake.join(5)
		doc.reload()
		self.assertEqual((doc.status, doc.converter, fake.converted), ("Ready", "DocServer", 1))
		self.assertIn("Converted by Word", pdf_text(storage.read(doc.storage, doc.file_key)))
		for prefix in (docserver.QUEUE_PREFIX, docserver.DONE_PREFIX):
			self.assertEqual(
				self.client.list_objects_v2(Bucket=self.bucket, Prefix=prefix).get("KeyCount"), 0
			)


class TestS3Storage(DocumentsCase):
	def setUp(self):
		super().setUp()
		self.bucket = f"pw-docs-{RUN}"
		fx.use_s3(self.bucket)
		self.client = storage.s3_client()[0]

	def make_document(self, customer: str, title: str = "Filed Form") -> object:
		doc = frappe.get_doc(
			{"doctype": "Order Document", "title": title, "customer": customer, "kind": "Filed Form"}
		).insert()
		convert.store_pdf(doc, pdfs.simple_pdf(title, ["Stored in S3"]))
		doc.reload()
		return doc

	def keys(self) -> list[str]:
		return [o["Key"] for o in self.client.list_objects_v2(Bucket=self.bucket).get("Contents", [])]

	def test_uploads_are_atomic(self):
		key = f"documents/atomic-{RUN}/letter.pdf"
		seen = {}

		def before_copy(temp: str) -> None:
			seen["temp"] = temp
			seen["final_exists"] = s3core.exists(self.client, self.bucket, key)
			seen["temp_exists"] = s3core.exists(self.client, self.bucket, temp)

		s3core.atomic_put(self.client, self.bucket, key, b"%PDF-1.4 complete", before_copy=before_copy)
		self.assertEqual((seen["final_exists"], seen["temp_exists"]), (False, True))
		self.assertTrue(seen["temp"].startswith(f"documents/atomic-{RUN}/.tmp_"))
		self.assertEqual(s3core.get(self.client, self.bucket, key), b"%PDF-1.4 complete")
		self.assertFalse(s3core.exists(self.client, self.bucket, seen["temp"]))
		# a failure before the copy leaves neither the final object nor the temporary one
		broken = f"documents/atomic-{RUN}/broken.pdf"

		def crash(temp: str) -> None:
			raise ConnectionError("worker died mid-upload")

		with self.assertRaises(ConnectionError):
			s3core.atomic_put(self.client, self.bucket, broken, b"%PDF-1.4 partial", before_copy=crash)
		self.assertEqual([k for k in self.keys() if f"atomic-{RUN}" in k], [key])

	def test_documents_are_stored_in_s3_and_downloads_are_expiring_presigned_links(self):
		doc = self.make_document(self.customer)
		self.assertEqual(doc.storage, "S3")
		self.assertEqual(doc.file_key, f"documents/Docs-{RUN}-LLC/{doc.name}/filed_form.pdf")
		self.assertFalse([k for k in self.keys() if ".tmp_" in k])
		fx.set_settings(link_expiry_seconds=3)
		frappe.set_user(self.email)
		frappe.local.response = frappe._dict()
		api.download(doc.name)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.local.response.type, "redirect")
		self.assertEqual(frappe.local.response.http_status_code, 302)
		url = frappe.local.response.location
		query = parse_qs(urlparse(url).query)
		self.assertEqual(query["X-Amz-Expires"], ["3"])
		self.assertTrue(url.startswith(f"{storage.settings().s3_endpoint_url}/{self.bucket}/{doc.file_key}?"))
		first = requests.get(url, timeout=10)
		self.assertEqual(first.status_code, 200)
		self.assertEqual(pdfs.sha256(first.content), doc.sha256)
		self.assertEqual(first.headers["Content-Type"], "application/pdf")
		signed_at = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
		time.sleep(max(signed_at.timestamp() + 3 + 0.5 - time.time(), 0))
		expired = requests.get(url, timeout=10)
		self.assertEqual(expired.status_code, 403)
		self.assertIn(b"Request has expired", expired.content)

	def test_another_customer_cannot_download(self):
		doc = self.make_document(self.customer, "Private Letter")
		frappe.set_user(self.other_email)
		try:
			with self.assertRaises(frappe.PermissionError):
				api.download(doc.name)
			self.assertFalse(frappe.has_permission("Order Document", "read", doc))
			self.assertNotIn(doc.name, frappe.get_list("Order Document", pluck="name"))
		finally:
			frappe.set_user("Administrator")
		frappe.set_user("Guest")
		try:
			with self.assertRaises(frappe.PermissionError):
				api.download(doc.name)
		finally:
			frappe.set_user("Administrator")

	def test_frappe_files_links_expire_and_cannot_be_forged(self):
		fx.set_settings(storage_backend="Frappe Files", link_expiry_seconds=60)
		doc = self.make_document(self.customer, "Local Letter")
		self.assertEqual(doc.storage, "Frappe Files")
		frappe.set_user(self.email)
		frappe.local.response = frappe._dict()
		api.download(doc.name)
		frappe.set_user("Administrator")
		query = {k: v[0] for k, v in parse_qs(urlparse(frappe.local.response.location).query).items()}
		self.assertIn(
			"/api/method/performancewest_erpnext.pw_documents.api.fetch?", frappe.local.response.location
		)
		frappe.set_user("Guest")  # the link itself is the capability, like a presigned URL
		try:
			frappe.local.response = frappe._dict()
			api.fetch(**query)
			self.assertEqual(pdfs.sha256(frappe.local.response.filecontent), doc.sha256)
			self.assertEqual(frappe.local.response.display_content_as, "inline")
			forged = dict(
				query,
				name=frappe.get_last_doc("Order Document").name,
				expires=str(int(query["expires"]) + 3600),
			)
			for bad in (
				dict(query, signature="0" * 64),
				dict(query, expires=str(int(query["expires"]) + 3600)),
				forged,
			):
				self.assertRaises(frappe.PermissionError, api.fetch, **bad)
			past = int(time.time()) - 1
			expired = dict(
				query, expires=str(past), signature=storage._signature(doc.name, doc.file_key, past)
			)
			with self.assertRaisesRegex(frappe.PermissionError, "expired"):
				api.fetch(**expired)
		finally:
			frappe.set_user("Administrator")
