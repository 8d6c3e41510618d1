"""The bank deposit monitor (the seed's Relay deposit monitor, every 5 minutes): read the deposit
alert e-mails from an IMAP folder, record each deposit once (by Message-ID), and move the treasury
job it belongs to on to funds_at_relay; a deposit no job expects goes to staff."""

import imaplib
import socket
import time
from decimal import Decimal
from typing import Any

import frappe
from frappe import _

from frappe_crypto.shkeeper.client import log_call
from frappe_crypto.treasury import deposits
from frappe_crypto.treasury import machine as m

DEPOSIT = "Bank Deposit"
SERVICE = "Bank Alerts IMAP"
TIMEOUT = 30


class IMAPClient:
	"""A small IMAP4rev1 client (imaplib) with a timeout, one retry on connection errors, and an
	Integration Request per poll."""

	def __init__(
		self, host: str, port: int, user: str, password: str, ssl: bool = True, folder: str = "INBOX"
	):
		self.host, self.port, self.user, self.password = (
			host,
			int(port or (993 if ssl else 143)),
			user,
			password,
		)
		self.ssl, self.folder = ssl, folder or "INBOX"

	def _connect(self) -> imaplib.IMAP4:
		cls = imaplib.IMAP4_SSL if self.ssl else imaplib.IMAP4
		conn = cls(self.host, self.port, timeout=TIMEOUT)
		conn.login(self.user, self.password)
		status, _data = conn.select(self.folder)
		if status != "OK":
			raise imaplib.IMAP4.error(f"cannot open folder {self.folder}")
		return conn

	def unseen(self, sender: str | None = None) -> list[tuple[bytes, bytes]]:
		"""(uid, raw message) of the unread messages (from `sender`, when given)."""
		for attempt in range(2):
			try:
				conn = self._connect()
				break
			except (TimeoutError, OSError, imaplib.IMAP4.abort):
				if attempt:
					raise
				time.sleep(1)
		try:
			criteria = ["UNSEEN"] + (["FROM", f'"{sender}"'] if sender else [])
			status, data = conn.uid("SEARCH", None, *criteria)
			if status != "OK":
				raise imaplib.IMAP4.error(f"search failed: {data}")
			messages = []
			for uid in (data[0] or b"").split():
				status, parts = conn.uid("FETCH", uid, "(BODY.PEEK[])")
				raw = next((p[1] for p in parts if isinstance(p, tuple)), None)
				if status == "OK" and raw:
					messages.append((uid, raw))
			return messages
		finally:
			try:
				conn.logout()
			except Exception:
				pass

	def mark_seen(self, uids: list[bytes]) -> None:
		if not uids:
			return
		conn = self._connect()
		try:
			conn.uid("STORE", b",".join(uids), "+FLAGS", "(\\Seen)")
		finally:
			try:
				conn.logout()
			except Exception:
				pass


def client_from_settings(settings: Any) -> IMAPClient:
	return IMAPClient(
		settings.imap_host,
		settings.imap_port,
		settings.imap_user,
		settings.get_password("imap_password", raise_exception=False) or "",
		bool(settings.imap_ssl),
		settings.imap_folder,
	)


def check_deposits() -> list[str]:
	"""Scheduler (every 5 minutes; `bench crypto-treasury check-deposits`)."""
	settings = frappe.get_cached_doc("Treasury Settings")
	if not settings.imap_enabled:
		return []
	client = client_from_settings(settings)
	try:
		messages = client.unseen(settings.alert_sender or None)
	except (OSError, imaplib.IMAP4.error) as e:
		log_call(
			"IMAP poll",
			{"host": settings.imap_host, "folder": settings.imap_folder},
			error=str(e),
			service=SERVICE,
		)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- keep the failed poll on record
		return []
	recorded, seen = [], []
	for uid, raw in messages:
		name = record_alert(raw, below_percent=settings.deposit_below_percent)
		seen.append(uid)
		if name:
			recorded.append(name)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- each deposit on its own
	client.mark_seen(seen)
	log_call(
		"IMAP poll",
		{"host": settings.imap_host, "folder": settings.imap_folder},
		{"messages": len(messages), "deposits": recorded},
		service=SERVICE,
	)
	frappe.db.commit()  # nosemgrep
	return recorded


def candidates() -> list[deposits.Candidate]:
	return [
		deposits.Candidate(row.name, row.offramp_reference or row.name, Decimal(str(row.offramp_fiat or 0)))
		for row in frappe.get_all(
			"Treasury Job", {"status": m.OFFRAMPING}, ["name", "offramp_reference", "offramp_fiat"]
		)
	]


def record_alert(raw: bytes, below_percent=5) -> str | None:
	"""The Bank Deposit of an alert e-mail (once per Message-ID), matched to its job if one expects it."""
	alert = deposits.parse(raw)
	if alert is None:
		return None
	message_id = alert.message_id or f"<{frappe.generate_hash(length=20)}@no-message-id>"
	if name := frappe.db.get_value(DEPOSIT, {"message_id": message_id}):
		return name
	job, why = deposits.match(alert, candidates(), below_percent=below_percent or 5)
	deposit = frappe.get_doc(
		{
			"doctype": DEPOSIT,
			"message_id": message_id,
			"amount": alert.amount,
			"deposit_date": alert.deposit_date,
			"reference": alert.reference[:140],
			"originator": alert.originator[:140],
			"account_last4": alert.account_last4,
			"subject": alert.subject[:140],
			"status": "Matched" if job else "Unmatched",
			"matched_by": why,
			"treasury_job": job,
		}
	)
	deposit.flags.from_monitor = True
	deposit.insert(ignore_permissions=True)
	if job:
		apply_deposit(deposit, why)
	else:
		deposit.db_set("todo", unmatched_task(deposit, why))
	return deposit.name


def apply_deposit(deposit: Any, why: str) -> None:
	from frappe_crypto.treasury import jobs

	frappe.db.get_value("Treasury Job", deposit.treasury_job, "name", for_update=True)
	job = frappe.get_doc("Treasury Job", deposit.treasury_job)
	jobs.deposit_arrived(
		job,
		Decimal(str(deposit.amount)),
		deposit.reference or None,
		deposit.name,
		_("Deposit {0} of {1} matched by {2}").format(deposit.name, deposit.amount, why),
	)
	jobs.enqueue_advance(job.name)


def unmatched_task(deposit: Any, why: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"description": _(
					"Bank deposit {0} of {1} from {2} (memo {3}, {4}) matches no treasury job ({5}). Set its "
					"Treasury Job and mark it Matched, or mark it Resolved if it is not crypto money."
				).format(
					deposit.name,
					frappe.format_value(deposit.amount, {"fieldtype": "Currency"}),
					deposit.originator or "?",
					deposit.reference or "-",
					deposit.deposit_date or "",
					why,
				),
				"reference_type": DEPOSIT,
				"reference_name": deposit.name,
				"role": frappe.db.get_single_value("Treasury Settings", "staff_role") or "Treasury Manager",
				"priority": "Medium",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
