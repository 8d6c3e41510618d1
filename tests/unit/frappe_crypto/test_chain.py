"""The crypto ledger's hash chain and balances."""

from datetime import datetime
from decimal import Decimal

from frappe_crypto.ledger import chain


def build(contents):
	rows, prev, balances = [], chain.GENESIS_HASH, {}
	for seq, content in enumerate(contents, start=1):
		row = {
			"name": f"CLE-{seq}",
			"seq": seq,
			"posting_datetime": datetime(2026, 4, 17, 12, seq),
			"fiat_currency": "USD",
			**content,
			"prev_hash": prev,
		}
		row["balance_after"] = chain.balance_after(balances, row)
		chain.apply(balances, row)
		row["row_hash"] = chain.row_hash(row)
		prev = row["row_hash"]
		rows.append(row)
	return rows


RECEIVED = {
	"entry_type": "Received",
	"coin": "BTC",
	"account": "Hot Wallet",
	"counter_account": "Customer",
	"amount_crypto": "0.0025",
	"amount_fiat": "150.00",
	"rate": "60000",
	"txid": "ab" * 32,
}
SWEEP = {
	"entry_type": "Sweep",
	"coin": "BTC",
	"account": "Hot Wallet",
	"counter_account": "Cold Storage",
	"amount_crypto": "-0.001",
	"amount_fiat": "-60.00",
}
BANK_IN = {
	"entry_type": "Bank In",
	"coin": "USD",
	"account": "Relay Bank",
	"counter_account": "Off-ramp",
	"amount_fiat": "90.00",
	"bank_reference": "CTJ-1",
}


def test_an_intact_chain_verifies_with_balances_per_account_and_coin():
	rows = build([RECEIVED, SWEEP, BANK_IN])
	report = chain.verify(rows)
	assert report.ok, report.breaks
	assert report.rows == 3 and report.head_hash == rows[-1]["row_hash"]
	assert report.balances[("Hot Wallet", "BTC")] == Decimal("0.0015")
	assert report.balances[("Cold Storage", "BTC")] == Decimal("0.001")
	assert report.balances[("Customer", "BTC")] == Decimal("-0.0025")
	assert report.balances[("Relay Bank", "USD")] == Decimal("90.00")


def test_the_hash_is_canonical():
	row = build([RECEIVED])[0]
	# the same values as the database returns them (Decimals with nine places, a datetime) hash alike
	as_stored = {**row, "amount_crypto": Decimal("0.002500000"), "rate": Decimal("60000.000000000")}
	assert chain.row_hash(as_stored) == row["row_hash"]
	assert chain.row_hash({**row, "amount_fiat": "150.01"}) != row["row_hash"]


def test_an_altered_row_breaks_the_chain_at_that_row():
	rows = build([RECEIVED, SWEEP, BANK_IN])
	rows[1]["amount_crypto"] = "-0.0001"  # someone edits the sweep in SQL
	report = chain.verify(rows)
	assert not report.ok
	assert [(b.seq, "altered" in b.problem) for b in report.breaks if "hash" in b.problem] == [(2, True)]


def test_a_rehashed_row_still_breaks_the_link_to_the_next():
	rows = build([RECEIVED, SWEEP, BANK_IN])
	rows[1]["amount_fiat"] = "-6.00"
	rows[1]["row_hash"] = chain.row_hash(rows[1])
	problems = {(b.seq, b.problem) for b in chain.verify(rows).breaks}
	assert (3, "previous hash does not match the row before") in problems


def test_deleted_and_reordered_rows_are_found():
	rows = build([RECEIVED, SWEEP, BANK_IN])
	gaps = chain.verify([rows[0], rows[2]]).breaks
	assert any("sequence jumps" in b.problem for b in gaps)
	assert not chain.verify([rows[1], rows[0], rows[2]]).ok


def test_a_held_account_may_not_go_negative():
	rows = build([SWEEP])  # a sweep of coins never received
	assert any("below zero" in b.problem for b in chain.verify(rows).breaks)


def test_a_tampered_balance_after_is_found():
	rows = build([RECEIVED, SWEEP])
	rows[1]["balance_after"] = Decimal("5")
	rows[1]["row_hash"] = chain.row_hash(rows[1])  # balance_after is not hashed, but recomputed
	assert any("balance after" in b.problem for b in chain.verify(rows).breaks)


def test_a_reversal_undoes_a_row():
	rows = build([RECEIVED, SWEEP])
	reversal = chain.reversal_of(rows[1])
	assert reversal["reverses"] == "CLE-2" and reversal["entry_type"] == "Reversal"
	rows = build([RECEIVED, SWEEP, reversal])
	report = chain.verify(rows)
	assert report.ok
	assert report.balances[("Cold Storage", "BTC")] == 0
	assert report.balances[("Hot Wallet", "BTC")] == Decimal("0.0025")


def checkpoint_of(rows, upto: int) -> dict:
	"""What the daily job records about the chain's head after `upto` rows."""
	head = rows[upto - 1]
	return {
		"name": f"CLC-{upto}",
		"last_entry": head["name"],
		"last_seq": head["seq"],
		"head_hash": head["row_hash"],
		"row_count": upto,
	}


def rehash(rows, start: int):
	"""What someone with the database's privileges does after editing row `start`: recompute every
	hash from there on, so the chain is consistent again."""
	for i in range(start, len(rows)):
		if i:
			rows[i]["prev_hash"] = rows[i - 1]["row_hash"]
		rows[i]["row_hash"] = chain.row_hash(rows[i])
	return rows


def test_the_chain_matches_its_checkpoints_and_reports_its_head():
	rows = build([RECEIVED, SWEEP, BANK_IN])
	report = chain.verify(rows, [checkpoint_of(rows, 1), checkpoint_of(rows, 3)])
	assert report.ok, report.breaks
	assert (report.checkpoints, report.head_seq, report.head_name) == (2, 3, "CLE-3")


def test_a_truncated_tail_passes_alone_but_fails_against_a_checkpoint():
	rows = build([RECEIVED, SWEEP, BANK_IN])
	checkpoint = checkpoint_of(rows, 3)
	assert chain.verify(rows[:2]).ok  # the chain itself cannot tell its last row is gone
	report = chain.verify(rows[:2], [checkpoint])
	assert [(b.seq, "rows removed" in b.problem) for b in report.breaks] == [(3, True)]


def test_a_rehashed_chain_passes_alone_but_fails_against_a_checkpoint():
	rows = build([RECEIVED, SWEEP, BANK_IN])
	checkpoint = checkpoint_of(rows, 3)
	rows[0]["remarks"] = "a different story"
	rehash(rows, 0)
	assert chain.verify(rows).ok
	report = chain.verify(rows, [checkpoint])
	assert [(b.seq, "chain rewritten" in b.problem) for b in report.breaks] == [(3, True)]


def test_rows_removed_before_a_checkpoint_and_renumbered_fail_its_count():
	rows = build([RECEIVED, SWEEP, BANK_IN])
	checkpoint = checkpoint_of(rows, 3)
	rows = [rows[0], rows[2]]
	rows[1]["seq"] = 3  # keep the anchored seq; one row fewer up to it
	report = chain.verify(rows, [checkpoint])
	assert any("2 rows up to here" in b.problem for b in report.breaks)


def test_guard_problems_make_the_report_fail():
	report = chain.verify(build([RECEIVED]))
	report.guard_problems = ["trigger crypto_ledger_entry_no_update is missing"]
	assert not report.ok
	assert report.problems() == ["guard: trigger crypto_ledger_entry_no_update is missing"]
