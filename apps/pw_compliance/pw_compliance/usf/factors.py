"""USF contribution factors on the site: one "USF Contribution Factor" per quarter, kept by the daily
"USF Factor Monitor" from the FCC's contribution factor page (`parser`), each new quarter announced once
to every FCC carrier customer ("USF Factor Notice", unique per quarter and customer), and the daily
"De Minimis Factor Check" that tells staff when the factor the Form 499-A de minimis worksheet needs is
missing. Staff may also enter a quarter by hand in the desk.

Both jobs run from one hourly scheduler entry that starts each at its hour in its own time zone
(09:00 America/Chicago and 03:00 UTC), whatever the site's time zone."""

from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.utils import escape_html, getdate, now_datetime, nowdate
from performancewest_erpnext import jobs

from pw_compliance.usf import deminimis, parser

FACTOR = "USF Contribution Factor"
NOTICE = "USF Factor Notice"
SETTINGS = "FCC Sync Settings"
SOURCE = "USF contribution factor"
STAFF_ROLE = "Compliance Manager"


# ---------- the records ----------


def validate_factor(doc: Any) -> None:
	try:
		parser.quarter_parts(doc.quarter)
	except ValueError as e:
		frappe.throw(_(str(e)), title=_("Quarter"))
	if not doc.factor or not 0 < float(doc.factor) < 1:
		frappe.throw(
			_("Enter the factor as a fraction: 0.376 for 37.6 percent."), title=_("Contribution Factor")
		)


def validate_notice(doc: Any) -> None:
	doc.notice_key = f"{doc.quarter}::{doc.customer}"


def quarters_of(year: int) -> list[dict]:
	return frappe.get_all(
		FACTOR,
		filters={"quarter": ("like", f"{year}-Q%")},
		fields=["quarter", "factor", "public_notice"],
		order_by="quarter asc",
	)


def year_factor(year: int) -> tuple[Decimal, str] | None:
	"""The de minimis worksheet's factor for a 499-A filed in `year`: the mean of that year's quarterly
	factors known so far, and the text saying which."""
	rows = quarters_of(year)
	if not rows:
		return None
	factor = deminimis.worksheet_factor([Decimal(str(r.factor)) for r in rows])
	return factor, "mean of " + ", ".join(r.quarter for r in rows)


def resolve(name: str) -> str | None:
	"""Prefill source `usf.<name>` of the intake: `worksheet_factor` is "<factor> (<source>)" for this
	year, or the latest year with factors."""
	if name != "worksheet_factor":
		return None
	year = getdate(nowdate()).year
	found = year_factor(year)
	if found is None:
		latest = frappe.get_all(FACTOR, fields=["quarter"], order_by="quarter desc", limit=1)
		if not latest:
			return None
		found = year_factor(int(latest[0].quarter[:4]))
	factor, source = found
	return f"{factor.normalize():f} ({source})"


# ---------- staff ----------


def tell_staff(marker: str, message: str, reference: str | None = None) -> str | None:
	"""One open ToDo per marker for the compliance team, and the same text in the Error Log."""
	frappe.log_error(title=f"USF factor: {marker}", message=message, reference_doctype=FACTOR)
	tag = f"[USF {marker}]"
	if frappe.db.exists("ToDo", {"status": "Open", "description": ("like", f"%{tag}%")}):
		return None
	return (
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"description": f"{tag} {escape_html(message)}",
				"role": STAFF_ROLE,
				"reference_type": FACTOR if reference else None,
				"reference_name": reference,
				"priority": "High",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


# ---------- USF Factor Monitor ----------


def record(announcement: parser.Announcement, url: str) -> bool:
	"""The quarter's factor stored, once (the quarter is the record's name). True when it is new; a
	quarter already stored with another factor keeps its value and staff are told."""
	existing = frappe.db.get_value(FACTOR, announcement.quarter, ["factor", "public_notice"], as_dict=True)
	if existing:
		if abs(Decimal(str(existing.factor)) - announcement.factor) > Decimal("0.0000005"):
			tell_staff(
				f"{announcement.quarter} changed",
				_(
					"The FCC page now gives {0} for {1} ({2}); we keep the stored {3}. Check the public "
					"notice and correct the record by hand if the FCC revised it."
				).format(announcement.factor, announcement.quarter, announcement.public_notice or url,
					existing.factor),
				announcement.quarter,
			)  # fmt: skip
		return False
	frappe.db.savepoint("usf_factor")
	try:
		frappe.get_doc(
			{
				"doctype": FACTOR,
				"quarter": announcement.quarter,
				"factor": float(announcement.factor),
				"public_notice": announcement.public_notice,
				"source_url": announcement.notice_url or url,
				"fetched_on": now_datetime(),
			}
		).insert(ignore_permissions=True)
	except frappe.DuplicateEntryError:
		frappe.db.rollback(save_point="usf_factor")
		return False
	return True


def monitor() -> dict:
	"""Read the page (when the live switch is on), store new quarters and announce them. A failed or odd
	page keeps every stored factor and tells staff."""
	from pw_compliance.pw_fcc.client import FCCClient, FetchError

	settings = frappe.get_single(SETTINGS)
	if not settings.usf_factor_enabled or not settings.usf_factor_url:
		return {"status": "off"}
	client = FCCClient(settings)
	url = settings.usf_factor_url
	try:
		announcements = parser.parse(client.get_text(SOURCE, url))
	except (FetchError, parser.OddPage) as e:
		client.write_logs()
		tell_staff(
			"page unreadable",
			_("The USF Factor Monitor could not read {0}: {1}. The stored factors are kept.").format(url, e),
		)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the job's own trace, kept whatever happens next
		return {"status": "failed", "error": str(e)}
	client.write_logs()
	new = [a.quarter for a in announcements if record(a, url)]
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the factors are stored before the e-mails go out
	sent = {quarter: notify_customers(quarter) for quarter in new}
	return {"status": "ok", "new": new, "sent": sent}


def carrier_customers() -> list[dict]:
	"""Every FCC carrier customer with an e-mail: active US carrier profiles."""
	from frappe.query_builder.functions import IfNull

	profile, customer = frappe.qb.DocType("Carrier Profile"), frappe.qb.DocType("Customer")
	return (
		frappe.qb.from_(profile)
		.join(customer)
		.on(customer.name == profile.customer)
		.select(profile.customer, customer.email_id)
		.where(profile.country == "US")
		.where(IfNull(profile.status, "Active") == "Active")
		.where(IfNull(customer.email_id, "") != "")
		.orderby(profile.customer)
		.run(as_dict=True)
	)


def notify_customers(quarter: str) -> int:
	"""One e-mail per customer for the quarter: the notice row (unique key quarter::customer) is written in
	the same transaction as its e-mail, so a second run, or a run racing this one, sends nothing again."""
	factor = frappe.get_doc(FACTOR, quarter)
	year, number = parser.quarter_parts(quarter)
	percent = (Decimal(str(factor.factor)) * 100).quantize(Decimal("0.1"))
	sent = 0
	for row in carrier_customers():
		frappe.db.savepoint("usf_notice")
		try:
			frappe.get_doc(
				{
					"doctype": NOTICE,
					"notice_key": f"{quarter}::{row.customer}",
					"quarter": quarter,
					"customer": row.customer,
					"email": row.email_id,
				}  # fmt: skip
			).insert(ignore_permissions=True)
		except frappe.DuplicateEntryError:
			frappe.db.rollback(save_point="usf_notice")
			continue
		frappe.sendmail(
			recipients=[row.email_id],
			subject=_("USF contribution factor for Q{0} {1}: {2}%").format(number, year, percent),
			message=_(
				"<p>The FCC set the universal service contribution factor for the {0} quarter of {1} at "
				"{2}% ({3}).</p><p>It applies to your interstate and international end-user revenue; a "
				"carrier whose yearly contribution would stay under $10,000 is de minimis and files no "
				"Form 499-Q.</p>"
			).format(
				parser.ORDINAL_NAMES[number],
				year,
				percent,
				escape_html(factor.public_notice or _("FCC notice")),
			),
			reference_doctype=FACTOR,
			reference_name=quarter,
		)
		sent += 1
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- each customer's notice and e-mail together
	frappe.db.set_value(FACTOR, quarter, "customers_notified_on", now_datetime())
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- each customer's notice and e-mail together
	return sent


# ---------- De Minimis Factor Check ----------


def needed_quarters(today: date) -> list[str]:
	"""The quarters the 499-A de minimis worksheet needs by `today`: this year's first quarter (its
	factor is published in mid-December), and from December 20 next year's."""
	needed = [f"{today.year}-Q1"]
	if (today.month, today.day) >= (12, 20):
		needed.append(f"{today.year + 1}-Q1")
	return needed


def factor_check(today: date | None = None) -> list[str]:
	"""Staff are told of each needed quarter without a factor (one open ToDo per quarter)."""
	today = today or getdate(nowdate())
	missing = [q for q in needed_quarters(today) if not frappe.db.exists(FACTOR, q)]
	for quarter in missing:
		tell_staff(
			f"{quarter} missing",
			_(
				"No USF contribution factor is stored for {0}, which the Form 499-A de minimis worksheet "
				"needs. Check the FCC's public notice and enter it under USF Contribution Factor (or turn on "
				"the monitor in FCC Sync Settings)."
			).format(quarter),
		)
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- scheduler job
	return missing


# ---------- scheduling ----------

# job -> (time zone, hour, method)
JOBS = {
	"USF Factor Monitor": (ZoneInfo("America/Chicago"), 9, "pw_compliance.usf.factors.monitor"),
	"De Minimis Factor Check": (timezone.utc, 3, "pw_compliance.usf.factors.factor_check"),
}


def jobs_due(now: datetime) -> list[str]:
	"""The jobs whose hour it is in their own time zone at `now` (an aware datetime)."""
	return [job for job, (zone, hour, _method) in JOBS.items() if now.astimezone(zone).hour == hour]


def hourly() -> list[str]:
	"""Scheduler (cron every hour at minute 0): each job queued at its own hour and time zone."""
	due = jobs_due(datetime.now(timezone.utc))
	for job in due:
		jobs.enqueue(JOBS[job][2], queue="long", job_id=frappe.scrub(job))
	return due
