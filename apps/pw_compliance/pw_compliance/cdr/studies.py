"""CDR Study records on a site: uploads streamed to storage in chunks, the column mapping, the study as
a background job with realtime progress, the paywall (the full report and its PDF unlock when the
study's invoice is paid), the unlock reminders and the retention sweep of raw files.

The analysis itself is `cdr.analysis` (DuckDB, no Frappe).
"""

import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import frappe
from frappe import _
from frappe.utils import add_days, cint, escape_html, get_datetime, getdate, now_datetime, nowdate
from performancewest_erpnext.db import rows_changed
from performancewest_erpnext.jobs import enqueue
from performancewest_erpnext.pw_orders.orders import settled_invoices

from pw_compliance.cdr import analysis

STUDY = "CDR Study"
SERVICE = "cdr-traffic-study"
SETTINGS = "PW Compliance Settings"
PROGRESS_EVENT = "pw_cdr_study_progress"
CHUNK_LIMIT = 8 * 1024 * 1024  # one request's chunk (under Frappe's 25 MB request limit)
UPLOAD_ID = re.compile(r"^[a-f0-9]{16,40}$")
MAPPING_FIELDS = {
	"start_time": "col_start_time",
	"duration": "col_duration",
	"calling": "col_calling",
	"called": "col_called",
	"jurisdiction": "col_jurisdiction",
}


class CdrInputError(frappe.ValidationError):
	"""Bad CDR input (HTTP 417 like any ValidationError): the message names the file, line or column."""


def validate_study(doc: Any) -> None:
	if doc.delimiter and doc.delimiter not in analysis.DELIMITERS:
		frappe.throw(_("The delimiter must be a comma, semicolon, tab or pipe."), CdrInputError)


def _throw(message: str) -> None:
	"""Refuse bad input; the message may quote the file (its name, header or values), so it is escaped:
	Frappe shows a message as HTML."""
	frappe.throw(escape_html(message), CdrInputError, title=_("This CDR file cannot be used"))


# ---------- who may touch a study ----------


def _customer() -> str:
	from performancewest_erpnext.pw_portal.permissions import portal_customer

	if frappe.session.user == "Guest":
		raise frappe.PermissionError(_("Log in first."))
	customer = portal_customer(frappe.session.user)
	if customer:
		return customer
	raise frappe.PermissionError(_("Your account is not linked to a customer."))


def own_study(name: str, for_update: bool = False) -> Any:
	"""The study, if the logged-in user's customer owns it (staff with write access may act too)."""
	if not isinstance(name, str) or not frappe.db.exists(STUDY, name):
		raise frappe.DoesNotExistError(_("Study not found."))
	doc = frappe.get_doc(STUDY, name, for_update=for_update)
	if frappe.has_permission(STUDY, "write", doc):
		return doc
	if doc.customer != _customer():
		raise frappe.PermissionError(_("This study belongs to another customer."))
	return doc


# ---------- storage of the raw files ----------


def _staging_path(study: str, upload_id: str) -> Path:
	return Path(frappe.get_site_path("private", "cdr-staging", study, f"{upload_id}.part"))


def _local_path(key: str) -> Path:
	return Path(frappe.get_site_path("private", key))


def _safe(name: str) -> str:
	return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-")[:100] or "cdr.csv"


def _store(doc: Any, upload_id: str, file_name: str, staged: Path) -> tuple[str, str]:
	"""Move a complete upload to the configured storage (PW Document Settings, as the documents app
	stores files): S3 by boto3's managed (multipart, streamed) upload, or the site's private folder.
	Returns (backend, key)."""
	from performancewest_erpnext.pw_documents import storage

	name = f"{upload_id[:12]}-{_safe(file_name)}"
	with staged.open("rb") as f:
		gzipped = f.read(2) == b"\x1f\x8b"
	# DuckDB reads a file as gzip by its name: the stored name says what the content is
	if gzipped and not name.lower().endswith(".gz"):
		name += ".gz"
	elif not gzipped and name.lower().endswith(".gz"):
		name = name[:-3]
	if storage.backend() == storage.S3:
		s3, bucket = storage.s3_client()
		prefix = storage.settings().s3_prefix or "documents/"
		prefix = prefix if prefix.endswith("/") else prefix + "/"
		key = f"{prefix}cdr/{_safe(doc.customer)}/{doc.name}/{name}"
		s3.upload_file(str(staged), bucket, key)
		staged.unlink()
		return storage.S3, key
	key = f"cdr/{doc.name}/{name}"
	target = _local_path(key)
	target.parent.mkdir(parents=True, exist_ok=True)
	os.replace(staged, target)
	return storage.FRAPPE_FILES, key


def _delete_stored(backend: str, key: str) -> None:
	from performancewest_erpnext.pw_documents import storage

	if not key:
		return
	if backend == storage.S3:
		s3, bucket = storage.s3_client()
		s3.delete_object(Bucket=bucket, Key=key)
		return
	path = _local_path(key)
	if path.exists():
		path.unlink()


@contextmanager
def local_files(doc: Any):
	"""Paths DuckDB can read for the study's stored files (S3 objects downloaded, streamed, to a
	temporary folder removed afterwards)."""
	from performancewest_erpnext.pw_documents import storage

	temp = None
	paths = []
	try:
		for row in doc.files:
			if row.status != "Stored":
				continue
			if row.storage == storage.S3:
				temp = temp or tempfile.mkdtemp(prefix="pw-cdr-")
				s3, bucket = storage.s3_client()
				path = os.path.join(temp, f"{row.idx}-{os.path.basename(row.file_key)}")
				s3.download_file(bucket, row.file_key, path)
				paths.append(path)
			else:
				paths.append(str(_local_path(row.file_key)))
		yield paths
	finally:
		if temp:
			shutil.rmtree(temp, ignore_errors=True)


# ---------- portal actions ----------


def create_study(customer: str, title: str | None = None) -> Any:
	return frappe.get_doc(
		{
			"doctype": STUDY,
			"customer": customer,
			"title": (title or "").strip()[:140] or _("CDR traffic study"),
		}
	).insert(ignore_permissions=True)


def receive_chunk(doc: Any, upload_id: str, file_name: str, offset: int, total: int, stream: Any) -> dict:
	"""Append one chunk of an upload to its staging file (on disk, never the whole file in memory). A
	chunk at the wrong offset is refused with the size received so far, so the browser can resume. The
	last chunk checks the file (not empty, a CSV text file) and moves it to storage; only then does the
	study list it, so a failed or abandoned upload leaves no row behind."""
	if doc.status not in ("Draft", "Failed"):
		_throw(_("Files can be added to a study before it runs only."))
	if not isinstance(upload_id, str) or not UPLOAD_ID.match(upload_id):
		_throw(_("The upload id is not valid."))
	offset, total = cint(offset), cint(total)
	staged = _staging_path(doc.name, upload_id)
	staged.parent.mkdir(parents=True, exist_ok=True)
	have = staged.stat().st_size if staged.exists() else 0
	if offset != have:
		return {"received": have, "complete": False}
	if total <= 0:
		_throw(_("{0} is empty.").format(file_name))
	written = 0
	with staged.open("ab") as out:
		while block := stream.read(1024 * 1024):
			written += len(block)
			if written > CHUNK_LIMIT or have + written > total:
				out.truncate(have)
				_throw(_("The chunk is larger than announced."))
			out.write(block)
	have += written
	if have < total:
		return {"received": have, "complete": False}
	try:
		analysis.check_text(staged, file_name)
	except analysis.CdrError as e:
		staged.unlink(missing_ok=True)
		_throw(str(e))
	backend, key = _store(doc, upload_id, file_name, staged)
	doc.append(
		"files",
		{
			"file_name": file_name[:140],
			"status": "Stored",
			"file_size": have,
			"storage": backend,
			"file_key": key,
			"upload_id": upload_id,
		},
	)
	if doc.status == "Failed":
		doc.status, doc.error = "Draft", ""
	doc.save(ignore_permissions=True)
	return {"received": have, "complete": True, "files": len(doc.files)}


def preview(doc: Any, delimiter: str | None = None) -> dict:
	"""The first file's header and first rows, and a guess at the mapping."""
	if delimiter and delimiter not in analysis.DELIMITERS:
		_throw(_("The delimiter must be a comma, semicolon, tab or pipe."))
	stored = [row for row in doc.files if row.status == "Stored"]
	if not stored:
		_throw(_("Upload a CDR file first."))
	with local_files(doc) as paths:
		try:
			p = analysis.inspect(paths[0], stored[0].file_name, delimiter or doc.delimiter or None)
		except analysis.CdrError as e:
			_throw(str(e))
	return {
		"columns": p.columns,
		"rows": p.rows,
		"delimiter": p.delimiter,
		"guess": {k: getattr(doc, MAPPING_FIELDS[k]) or v for k, v in p.guess.items()},
	}


def mapping_of(doc: Any) -> analysis.Mapping:
	return analysis.Mapping(
		start_time=doc.col_start_time or "",
		duration=doc.col_duration or "",
		calling=doc.col_calling or "",
		called=doc.col_called or "",
		jurisdiction=doc.col_jurisdiction or "",
		delimiter=doc.delimiter or ",",
		duration_unit=doc.duration_unit or "seconds",
	)


def set_mapping(
	doc: Any, mapping: dict, delimiter: str | None = None, duration_unit: str | None = None
) -> None:
	"""Save the mapping after checking it against every file's header (nothing saved otherwise)."""
	if doc.status in ("Queued", "Running"):
		_throw(_("The study is running."))
	if not isinstance(mapping, dict):
		_throw(_("The mapping is not valid."))
	values = {field: str(mapping.get(key) or "").strip() for key, field in MAPPING_FIELDS.items()}
	candidate = frappe._dict(doc.as_dict())
	candidate.update(values)
	candidate.delimiter = delimiter or doc.delimiter or ","
	candidate.duration_unit = duration_unit if duration_unit in ("seconds", "minutes") else "seconds"
	if candidate.delimiter not in analysis.DELIMITERS:
		_throw(_("The delimiter must be a comma, semicolon, tab or pipe."))
	m = mapping_of(candidate)
	stored = [row for row in doc.files if row.status == "Stored"]
	if not stored:
		_throw(_("Upload a CDR file first."))
	with local_files(doc) as paths:
		for path, row in zip(paths, stored, strict=False):
			try:
				analysis.check_mapping(analysis.inspect(path, row.file_name, m.delimiter), m, row.file_name)
			except analysis.CdrError as e:
				_throw(str(e))
	doc.update({**values, "delimiter": m.delimiter, "duration_unit": m.duration_unit})
	doc.save(ignore_permissions=True)


def start(doc: Any) -> None:
	"""Queue the study (once: a queued or running study is left alone)."""
	if doc.status in ("Queued", "Running"):
		return
	if doc.status == "Completed":
		_throw(_("This study is complete; start a new study for other files."))
	if not (doc.col_start_time and doc.col_duration and doc.col_calling and doc.col_called):
		_throw(_("Map the columns first."))
	doc.db_set({"status": "Queued", "progress": 0, "error": ""})
	enqueue(
		"pw_compliance.cdr.studies.run_study",
		queue="long",
		timeout=4 * 3600,
		job_id=f"pw-cdr-study::{doc.name}",
		name=doc.name,
	)


# ---------- the job ----------


def _publish(doc: Any, after_commit: bool = False, **data: Any) -> None:
	payload = {"study": doc.name, **data}
	users = {doc.owner} | set(
		frappe.get_all(
			"Portal User", filters={"parenttype": "Customer", "parent": doc.customer}, pluck="user"
		)
	)
	for user in users:
		frappe.publish_realtime(PROGRESS_EVENT, payload, user=user, after_commit=after_commit)


def run_study(name: str) -> str:
	"""The background job: the analysis with progress published about once a second; the results are
	written in one update when it ends (a failure writes only the status and its message)."""
	doc = frappe.get_doc(STUDY, name)
	if doc.status not in ("Queued", "Running"):
		return doc.status
	doc.db_set({"status": "Running", "progress": 0})
	_publish(doc, status="Running", progress=0)

	def progress(percent: float) -> None:
		_publish(doc, status="Running", progress=round(percent, 1))

	try:
		with local_files(doc) as paths:
			labels = [row.file_name for row in doc.files if row.status == "Stored"]
			if not paths:
				raise analysis.CdrError(_("The study has no files."))
			con = analysis.connect(
				memory_limit=frappe.conf.get("pw_cdr_memory_limit") or "1GB",
				temp_directory=tempfile.gettempdir(),
			)
			try:
				result = analysis.run(paths, mapping_of(doc), progress=progress, labels=labels, con=con)
			finally:
				con.close()
	except analysis.CdrError as e:
		doc.db_set({"status": "Failed", "error": str(e)[:2000], "progress": 0})
		_publish(doc, after_commit=True, status="Failed", error=str(e))
		return "Failed"
	except Exception:
		# not the customer's input: staff see the traceback; the study is not left Running
		frappe.log_error(
			title=_("CDR study {0} failed").format(name), reference_doctype=STUDY, reference_name=name
		)
		message = _("The study could not be run; our staff have been told. Try again later.")
		doc.db_set({"status": "Failed", "error": message, "progress": 0})
		_publish(doc, after_commit=True, status="Failed", error=message)
		return "Failed"
	data = analysis.as_dict(result)
	doc.db_set(
		{
			"status": "Completed",
			"progress": 100,
			"error": "",
			"rows_read": result.rows_read,
			"calls": result.calls,
			"minutes": float(result.minutes),
			"intrastate_percent": float(result.percentages["intrastate"]),
			"interstate_percent": float(result.percentages["interstate"]),
			"international_percent": float(result.percentages["international"]),
			"result": frappe.as_json(data),
			"completed_on": now_datetime(),
		}
	)
	_publish(doc, after_commit=True, status="Completed", progress=100)  # the page reloads: committed first
	return "Completed"


# ---------- what the customer sees ----------


def summary(doc: Any) -> dict:
	"""Free: the split over the whole study."""
	data = frappe.parse_json(doc.result) if doc.result else {}
	return {
		"rows_read": doc.rows_read,
		"calls": doc.calls,
		"minutes": doc.minutes,
		"percentages": data.get("percentages", {}),
		"totals": data.get("totals", {}),
	}


def report(doc: Any) -> dict:
	"""The full report, once unlocked: per month and class, the indeterminate calls and the rows not
	counted, with their reasons, and the method."""
	if not doc.unlocked:
		raise frappe.PermissionError(_("The full report unlocks when its invoice is paid."))
	data = frappe.parse_json(doc.result) if doc.result else {}
	return {
		**summary(doc),
		**{k: data.get(k) for k in ("by_month", "indeterminate", "unclassified", "method")},
	}


# the Form 499 blocks the percentages feed
FORM_499_USE = (
	"Form 499-A reports each telecommunications revenue line of Block 3 (carrier's carrier revenue) and "
	"Block 4-A (end-user revenue) in total, with its interstate portion in column (d) and its "
	"international portion in column (e); Form 499-Q reports the quarter's revenue with its interstate "
	"and international portions in the same way. A filer that does not use a safe harbor may base those "
	"portions on a traffic study such as this one, and makes its method available to the Commission or "
	"USAC on request."
)


# ---------- paywall ----------


def service_rate() -> float:
	return frappe.db.get_value("Item Price", {"item_code": SERVICE, "selling": 1}, "price_list_rate") or 0


def invoice_for(name: str) -> str:
	"""The study's Sales Invoice for the catalog service, once: the study's row is locked first, so a
	second request meanwhile waits, then reads the invoice the first one committed."""
	invoice = frappe.db.get_value(STUDY, name, "sales_invoice", for_update=True)
	if invoice:
		return invoice
	doc = frappe.get_doc(STUDY, name)
	if doc.status != "Completed":
		_throw(_("The report can be bought once the study is complete."))
	rate = service_rate()
	if rate <= 0:
		frappe.throw(_("The catalog service {0} has no price.").format(SERVICE))
	company = (
		frappe.db.get_single_value("Performance West Settings", "company")
		or frappe.defaults.get_defaults().company
	)
	si = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"customer": doc.customer,
			"company": company,
			"due_date": nowdate(),
			"pw_cdr_study": name,
			"remarks": _("CDR traffic study report {0}").format(name),
			"items": [{"item_code": SERVICE, "qty": 1, "rate": rate}],
		}
	)
	si.insert(ignore_permissions=True)
	si.submit()
	doc.db_set("sales_invoice", si.name)
	return si.name


def unlock(name: str) -> bool:
	"""Unlock the study and make its PDF, once (a conditional update: a second caller changes no row)."""
	table = frappe.qb.DocType(STUDY)
	frappe.qb.update(table).set(table.unlocked, 1).set(table.unlocked_on, now_datetime()).where(
		(table.name == name) & (table.unlocked == 0)
	).run()
	if not rows_changed():
		return False
	doc = frappe.get_doc(STUDY, name)
	make_report_document(doc)
	doc.add_comment("Info", _("Report unlocked: invoice {0} paid.").format(doc.sales_invoice))
	recipient = frappe.db.get_value("Customer", doc.customer, "email_id")
	if recipient:
		frappe.sendmail(
			recipients=[recipient],
			subject=_("Your CDR traffic study report {0} is ready").format(doc.name),
			message=_(
				"Thank you for your payment. The full report of {0} and its PDF are in your portal."
			).format(doc.title),
			reference_doctype=STUDY,
			reference_name=doc.name,
		)
	return True


def on_payment_entry_submit(doc: Any, method: str | None = None) -> None:
	"""doc_events Payment Entry on_submit: a payment that settles a study's invoice unlocks it."""
	settled = settled_invoices(doc)
	if not settled:
		return
	for name in frappe.get_all(
		STUDY, filters={"sales_invoice": ("in", settled), "unlocked": 0}, pluck="name"
	):
		unlock(name)


def follow_amendment(doc: Any, method: str | None = None) -> None:
	"""doc_events Sales Invoice on_submit: a study keeps its invoice when checkout reissues it."""
	if doc.amended_from:
		for name in frappe.get_all(STUDY, {"sales_invoice": doc.amended_from}, pluck="name"):
			frappe.db.set_value(STUDY, name, "sales_invoice", doc.name)


def _paid(invoice: str | None) -> bool:
	if not invoice:
		return False
	si = frappe.db.get_value("Sales Invoice", invoice, ["docstatus", "outstanding_amount"], as_dict=True)
	return bool(si and si.docstatus == 1 and si.outstanding_amount <= 0)


# ---------- the report PDF (documents app) ----------


def report_docx(doc: Any) -> bytes:
	import io

	from docx import Document

	data = report(doc)
	words = {c: _(c.capitalize()) for c in analysis.CLASSES}
	d = Document()
	d.add_heading(_("CDR traffic study {0}").format(doc.name), level=1)
	d.add_paragraph(
		_("{0} · {1}").format(
			doc.title, frappe.db.get_value("Customer", doc.customer, "customer_name") or doc.customer
		)
	)
	d.add_paragraph(
		_("{0} rows read, {1} calls, {2} minutes.").format(data["rows_read"], data["calls"], data["minutes"])
	)
	d.add_heading(_("Jurisdictional split (percent of classified minutes)"), level=2)
	table = d.add_table(rows=1, cols=4)
	for cell, text in zip(
		table.rows[0].cells, (_("Class"), _("Calls"), _("Minutes"), _("Percent")), strict=False
	):
		cell.text = text
	for cls in analysis.CLASSES:
		total = data["totals"].get(cls, {})
		cells = table.add_row().cells
		cells[0].text = words[cls]
		cells[1].text = str(total.get("calls", 0))
		cells[2].text = str(total.get("minutes", 0))
		cells[3].text = str(data["percentages"].get(cls, "—")) + ("%" if cls in data["percentages"] else "")
	d.add_heading(_("Form 499"), level=2)
	d.add_paragraph(_(FORM_499_USE))
	d.add_heading(_("By month"), level=2)
	table = d.add_table(rows=1, cols=4)
	for cell, text in zip(
		table.rows[0].cells, (_("Month"), _("Class"), _("Calls"), _("Minutes")), strict=False
	):
		cell.text = text
	for row in data["by_month"] or []:
		cells = table.add_row().cells
		cells[0].text, cells[1].text = row["month"], words[row["class"]]
		cells[2].text, cells[3].text = str(row["calls"]), str(row["minutes"])
	d.add_heading(_("Indeterminate calls"), level=2)
	for key, v in (data["indeterminate"] or {}).items():
		d.add_paragraph(
			_("{0} calls, {1} minutes: {2}").format(v["calls"], v["minutes"], _(analysis.REASONS[key]))
		)
	d.add_heading(_("Rows not counted as calls"), level=2)
	for key, v in (data["unclassified"] or {}).items():
		lines = "; ".join(v.get("lines") or [])
		d.add_paragraph(
			_("{0} rows: {1}").format(v["rows"], _(analysis.REASONS[key])) + (f" ({lines})" if lines else "")
		)
	d.add_heading(_("Method"), level=2)
	d.add_paragraph(data["method"] or "")
	out = io.BytesIO()
	d.save(out)
	return out.getvalue()


def make_report_document(doc: Any) -> str:
	"""The report's Order Document (the documents app's storage and DOCX → PDF conversion), once."""
	from performancewest_erpnext.pw_documents import convert, storage

	if doc.report_document:
		return doc.report_document
	od = frappe.get_doc(
		{
			"doctype": "Order Document",
			"title": _("CDR traffic study {0}").format(doc.name),
			"customer": doc.customer,
			"kind": "Other",
			"status": "Draft",
			"description": _("The full report of {0}").format(doc.title),
		}
	).insert(ignore_permissions=True)
	backend, key = storage.save(od, f"cdr-study-{frappe.scrub(doc.name)}.docx", report_docx(doc))
	od.db_set({"storage": backend, "source_key": key, "status": "Converting"})
	doc.db_set("report_document", od.name)
	convert.enqueue_conversion(od.name)
	return od.name


# ---------- scheduled: reminders and retention ----------


def nudge_days() -> list[int]:
	raw = frappe.db.get_single_value(SETTINGS, "cdr_nudge_days") or "1,3,7"
	return sorted({int(p) for p in re.findall(r"\d+", raw)})


def send_nudges(today: date | str | None = None) -> int:
	"""Daily (10:00 CT): remind each customer whose completed study is still locked, on the settings'
	days after completion, once each (a conditional update on the count of reminders sent: a second run
	the same day, or a concurrent one, sends nothing). A study whose invoice is paid is unlocked instead
	and never reminded again."""
	today = getdate(today or nowdate())
	days = nudge_days()
	sent = 0
	for s in frappe.get_all(
		STUDY,
		filters={"status": "Completed", "unlocked": 0},
		fields=["name", "customer", "title", "completed_on", "nudges_sent", "sales_invoice"],
	):
		if _paid(s.sales_invoice):
			unlock(s.name)
			continue
		age = (today - getdate(s.completed_on)).days
		due = sum(1 for d in days if d <= age)
		if due <= cint(s.nudges_sent):
			continue
		table = frappe.qb.DocType(STUDY)
		frappe.qb.update(table).set(table.nudges_sent, due).set(table.last_nudge_on, today).where(
			(table.name == s.name) & (table.nudges_sent == cint(s.nudges_sent)) & (table.unlocked == 0)
		).run()
		if not rows_changed():
			continue
		recipient = frappe.db.get_value("Customer", s.customer, "email_id")
		if recipient:
			frappe.sendmail(
				recipients=[recipient],
				subject=_("Your CDR traffic study {0}: the full report is waiting").format(s.name),
				message=_(
					"The summary of {0} is free in your portal. The full report (monthly minutes and calls "
					"per jurisdiction, the calls that could not be placed and why, the method) and its PDF "
					"unlock when its invoice is paid."
				).format(s.title),
				reference_doctype=STUDY,
				reference_name=s.name,
			)
		sent += 1
	return sent


def sweep_raw_files(today: date | str | None = None, commit: bool = False) -> int:
	"""Daily (05:00 UTC): delete the raw files of studies older than the retention days in PW Compliance
	Settings; the results stay. A study that is queued or running is left for the next day."""
	days = cint(frappe.db.get_single_value(SETTINGS, "cdr_retention_days") or 30)
	cutoff = add_days(getdate(today or nowdate()), -days)
	swept = 0
	for name in frappe.get_all(
		STUDY,
		filters={
			"creation": ("<", cutoff),
			"raw_deleted_on": ("is", "not set"),
			"status": ("not in", ("Queued", "Running")),
		},
		pluck="name",
	):
		doc = frappe.get_doc(STUDY, name, for_update=True)
		for row in doc.files:
			if row.status == "Stored":
				_delete_stored(row.storage, row.file_key)
				row.db_set({"status": "Deleted", "deleted_on": now_datetime()})
		doc.db_set("raw_deleted_on", now_datetime())
		if commit:
			frappe.db.commit()  # nosemgrep: frappe-manual-commit -- one study at a time: a deletion is recorded
		swept += 1
	return swept


def daily_sweep() -> None:
	sweep_raw_files(commit=True)


def daily_nudges() -> None:
	send_nudges()
