"""Reading a provisioned .ca mailbox over IMAP (imaplib, SSL): the messages since a day, each with its
Message-ID, sender, subject, date and text body. No message is changed on the server."""

import email
import imaplib
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.utils import parseaddr, parsedate_to_datetime

TIMEOUT = 30


@dataclass(frozen=True)
class Message:
	message_id: str
	sender: str
	subject: str
	date: object
	body: str


def _text(msg: email.message.Message) -> str:
	parts = msg.walk() if msg.is_multipart() else [msg]
	for part in parts:
		if part.get_content_type() == "text/plain" and not part.get_filename():
			payload = part.get_payload(decode=True) or b""
			return payload.decode(part.get_content_charset() or "utf-8", errors="replace")
	return ""


def parse(raw: bytes) -> Message:
	msg = email.message_from_bytes(raw)
	date = msg.get("Date")
	return Message(
		message_id=(msg.get("Message-ID") or "").strip(),
		sender=parseaddr(msg.get("From") or "")[1].lower(),
		subject=str(make_header(decode_header(msg.get("Subject") or ""))),
		date=parsedate_to_datetime(date) if date else None,
		body=_text(msg)[:20000],
	)


def fetch(host: str, port: int, user: str, password: str, since: str, use_ssl: bool = True) -> list[Message]:
	"""Messages received since `since` (an IMAP date such as 03-Dec-2026), read-only."""
	cls = imaplib.IMAP4_SSL if use_ssl else imaplib.IMAP4
	conn = cls(host, port, timeout=TIMEOUT)
	try:
		conn.login(user, password)
		conn.select("INBOX", readonly=True)
		_status, data = conn.search(None, "SINCE", since)
		found = []
		for num in (data[0] or b"").split():
			_status, parts = conn.fetch(num, "(BODY.PEEK[])")
			raw = next((p[1] for p in parts if isinstance(p, tuple)), None)
			if raw:
				found.append(parse(raw))
		return found
	finally:
		try:
			conn.logout()
		except Exception:
			pass
