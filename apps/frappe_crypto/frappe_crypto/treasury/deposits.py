"""Bank deposit alert e-mails (the seed's Relay deposit monitor) parsed into deposits, and deposits
matched to treasury jobs waiting for their off-ramp's fiat (no Frappe import).

The alerts are read tolerantly: a labelled amount (or the subject's amount), the memo/reference the
off-ramp carried (the job's reference), the sender of the transfer, the date and the account's last
four digits, from the text part or, failing that, the HTML part with its tags removed.
"""

import email
import email.policy
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from email.message import EmailMessage
from email.utils import parsedate_to_datetime

AMOUNT = r"\$\s?([0-9]{1,3}(?:,[0-9]{3})*(?:\.[0-9]{2})|[0-9]+(?:\.[0-9]{2}))"
DEPOSIT_WORDS = re.compile(r"\b(deposit|received|incoming|credited|money in)\b", re.I)
OUTGOING_WORDS = re.compile(r"\b(withdrawal|sent|debited|payment to|outgoing|declined)\b", re.I)
LABELS = {
	"amount": re.compile(r"^\s*(?:amount|deposit amount)\s*[:\-]?\s*" + AMOUNT, re.I | re.M),
	"reference": re.compile(
		r"^\s*(?:memo|reference|description|note|details|payment reference)\s*[:\-]?\s*(.+?)\s*$", re.I | re.M
	),
	"originator": re.compile(
		r"^\s*(?:from|sender|originator|received from)\s*[:\-]?\s*(.+?)\s*$", re.I | re.M
	),
	"date": re.compile(r"^\s*(?:date|deposit date|posted|effective date)\s*[:\-]?\s*(.+?)\s*$", re.I | re.M),
	"account": re.compile(
		r"^\s*(?:account|to account|deposited to|to)\s*[:\-]?\s*.*?(\d{4})\s*\)?\s*$", re.I | re.M
	),
}
DATE_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%m/%d/%Y", "%Y-%m-%d", "%d %b %Y", "%b %d %Y")


@dataclass(frozen=True)
class DepositAlert:
	message_id: str
	amount: Decimal
	currency: str
	reference: str
	originator: str
	account_last4: str
	deposit_date: date | None
	subject: str


def message_text(message: EmailMessage) -> str:
	"""The plain text of an e-mail: its text part, else its HTML part without tags."""
	part = message.get_body(preferencelist=("plain",))
	if part is not None:
		return part.get_content()
	part = message.get_body(preferencelist=("html",))
	if part is None:
		return ""
	text = re.sub(r"(?is)<(script|style).*?</\1>", "", part.get_content())
	text = re.sub(r"(?i)<br\s*/?>|</(p|div|tr|li|h\d)>", "\n", text)
	text = re.sub(r"(?i)</t[dh]>\s*<t[dh][^>]*>", ": ", text)
	text = re.sub(r"<[^>]+>", " ", text)
	return "\n".join(re.sub(r"[ \t\xa0]+", " ", line).strip() for line in html.unescape(text).splitlines())


def _date(value: str | None) -> date | None:
	if not value:
		return None
	value = re.sub(r"\s+at\s+.*$", "", value.strip())
	for fmt in DATE_FORMATS:
		try:
			return datetime.strptime(value, fmt).date()
		except ValueError:
			continue
	return None


def _amount(text: str) -> Decimal | None:
	try:
		return Decimal(text.replace(",", "")).quantize(Decimal("0.01"))
	except (InvalidOperation, AttributeError):
		return None


def parse(raw: bytes | str) -> DepositAlert | None:
	"""The deposit an alert e-mail announces, or None if it is not a deposit alert."""
	if isinstance(raw, str):
		raw = raw.encode()
	message = email.message_from_bytes(raw, policy=email.policy.default)
	subject = str(message.get("Subject") or "")
	text = message_text(message)
	if not DEPOSIT_WORDS.search(subject + "\n" + text[:400]) or OUTGOING_WORDS.search(subject):
		return None
	found = {key: pattern.search(text) for key, pattern in LABELS.items()}
	amount = _amount(found["amount"].group(1)) if found["amount"] else None
	if amount is None and (match := re.search(AMOUNT, subject)):
		amount = _amount(match.group(1))
	if amount is None or amount <= 0:
		return None
	deposit_date = _date(found["date"].group(1)) if found["date"] else None
	if deposit_date is None and message.get("Date"):
		try:
			deposit_date = parsedate_to_datetime(str(message["Date"])).date()
		except (TypeError, ValueError):
			deposit_date = None
	return DepositAlert(
		message_id=str(message.get("Message-ID") or "").strip(),
		amount=amount,
		currency="USD",
		reference=found["reference"].group(1).strip() if found["reference"] else "",
		originator=found["originator"].group(1).strip() if found["originator"] else "",
		account_last4=found["account"].group(1) if found["account"] else "",
		deposit_date=deposit_date,
		subject=subject,
	)


def _squash(text: str) -> str:
	return re.sub(r"[^A-Z0-9]", "", (text or "").upper())


@dataclass(frozen=True)
class Candidate:
	job: str
	reference: str  # what the off-ramp was told to put in the memo
	expected_fiat: Decimal


def match(
	alert: DepositAlert, candidates: Iterable[Candidate], below_percent=5, above_percent=1
) -> tuple[str | None, str]:
	"""(the job the deposit belongs to or None, why). By reference first (the memo names the job);
	else by amount, when exactly one waiting job expects about that much (the off-ramp keeps a fee,
	so a deposit may be up to `below_percent` short)."""
	candidates = list(candidates)
	memo = alert.reference + " " + alert.subject
	tokens = {_squash(token) for token in memo.split()}

	def named(c: Candidate) -> bool:
		boundary = r"(?<![A-Za-z0-9])" + re.escape(c.reference) + r"(?![A-Za-z0-9])"
		return bool(re.search(boundary, memo, re.I)) or _squash(c.reference) in tokens

	by_reference = [c for c in candidates if c.reference and named(c)]
	if len(by_reference) == 1:
		return by_reference[0].job, "reference"
	if len(by_reference) > 1:
		return None, "several jobs match the reference"

	def close(c: Candidate) -> bool:
		low = c.expected_fiat * (1 - Decimal(str(below_percent)) / 100)
		high = c.expected_fiat * (1 + Decimal(str(above_percent)) / 100)
		return low <= alert.amount <= high

	by_amount = [c for c in candidates if close(c)]
	if len(by_amount) == 1:
		return by_amount[0].job, "amount"
	if by_amount:
		return None, "several jobs expect this amount"
	return None, "no waiting job expects this deposit"
