"""Bank deposit alert e-mails (recorded samples in the app's tests/data) and matching to jobs."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from frappe_crypto.treasury import deposits

DATA = Path(__file__).resolve().parents[3] / "apps/frappe_crypto/frappe_crypto/tests/data"


def sample(name):
	return (DATA / name).read_bytes()


def test_a_plain_text_deposit_alert():
	alert = deposits.parse(sample("relay_deposit_plain.eml"))
	assert alert.amount == Decimal("1234.56")
	assert alert.reference == "CTJ-2026-00012 offramp"
	assert alert.originator == "BRIDGE BUILDING SANDBOX"
	assert alert.deposit_date == date(2026, 4, 17)
	assert alert.account_last4 == "4821"
	assert alert.message_id == "<dep-20260417-0001@relayfi.com>"


def test_an_html_deposit_alert():
	alert = deposits.parse(sample("relay_deposit_html.eml"))
	assert (alert.amount, alert.reference, alert.originator) == (
		Decimal("219.00"),
		"PAYOUT 7F3A",
		"BRIDGE VENTURES INC",
	)
	assert alert.deposit_date == date(2026, 4, 20) and alert.account_last4 == "4821"


def test_other_alerts_are_not_deposits():
	assert deposits.parse(sample("relay_withdrawal.eml")) is None
	assert deposits.parse(b"Subject: hello\n\nnothing here") is None


def test_the_subject_amount_and_header_date_are_fallbacks():
	raw = (
		b"Subject: You received a deposit of $42.10\nDate: Thu, 23 Apr 2026 10:00:00 +0000\n"
		b"Message-ID: <x@y>\n\nA deposit arrived. Memo: CTJ-7\n"
	)
	alert = deposits.parse(raw)
	assert alert.amount == Decimal("42.10") and alert.deposit_date == date(2026, 4, 23)


CANDIDATES = [
	deposits.Candidate("CTJ-2026-00012", "CTJ-2026-00012", Decimal("1240.00")),
	deposits.Candidate("CTJ-2026-00013", "CTJ-2026-00013", Decimal("220.00")),
	deposits.Candidate("CTJ-2026-00014", "CTJ-2026-00014", Decimal("5300.00")),
]


def test_matching_by_reference_then_by_amount():
	by_ref = deposits.match(deposits.parse(sample("relay_deposit_plain.eml")), CANDIDATES)
	assert by_ref == ("CTJ-2026-00012", "reference")
	by_amount = deposits.match(deposits.parse(sample("relay_deposit_html.eml")), CANDIDATES)
	assert by_amount == ("CTJ-2026-00013", "amount")  # $219.00 for $220.00 expected, no memo
	job, why = deposits.match(deposits.parse(sample("relay_deposit_unmatched.eml")), CANDIDATES)
	assert job is None and "no waiting job" in why


def test_a_reference_is_matched_whole_not_as_a_prefix():
	alert = deposits.parse(b"Subject: deposit\n\nAmount: $1.00\nMemo: CTJ-2026-000123\n")
	assert deposits.match(alert, CANDIDATES[:1]) == (None, "no waiting job expects this deposit")
	squashed = deposits.parse(b"Subject: deposit\n\nAmount: $1.00\nMemo: ctj202600012\n")
	assert deposits.match(squashed, CANDIDATES)[0] == "CTJ-2026-00012"


def test_two_jobs_expecting_the_same_amount_go_to_staff():
	twins = [
		deposits.Candidate("A", "A-1", Decimal("219.00")),
		deposits.Candidate("B", "B-1", Decimal("219.00")),
	]
	assert deposits.match(deposits.parse(sample("relay_deposit_html.eml")), twins) == (
		None,
		"several jobs expect this amount",
	)
