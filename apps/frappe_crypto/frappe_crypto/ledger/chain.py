"""The crypto ledger's hash chain and balances (no Frappe import).

Each row hashes its own content together with the previous row's hash: sha256 over canonical JSON
(sorted keys, no whitespace, amounts as fixed-point strings, times as ISO strings). Changing, removing
or reordering any row breaks every hash after it. What the chain alone cannot show (rows cut off its
tail, or every hash after an edit recomputed) shows against checkpoints: the head's seq, hash and row
count recorded outside the table (`verify(rows, checkpoints)`). Balances are kept per (account, coin): a row moves
`amount` into `account` and out of `counter_account`.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

GENESIS_HASH = "0" * 64
CRYPTO_PLACES = Decimal("0.000000001")  # what a Float(21,9) column keeps
FIAT_PLACES = Decimal("0.01")

# The fields a row's hash covers, in the order they are shown; amounts are fixed-point.
HASHED_FIELDS = (
	"seq",
	"posting_datetime",
	"entry_type",
	"coin",
	"account",
	"counter_account",
	"amount_crypto",
	"amount_fiat",
	"fiat_currency",
	"rate",
	"txid",
	"bank_reference",
	"reference_doctype",
	"reference_name",
	"crypto_invoice",
	"treasury_job",
	"reverses",
	"remarks",
	"prev_hash",
)
CRYPTO_FIELDS = ("amount_crypto", "rate")
FIAT_FIELDS = ("amount_fiat",)

# Accounts that hold money of ours: their balance may never go below zero
HOT, RESERVED, COLD = "Hot Wallet", "Reserved", "Cold Storage"
BANK, CARD = "Relay Bank", "Filing Card"
CUSTOMER, OFFRAMP, SHKEEPER_FEES, NETWORK_FEES = "Customer", "Off-ramp", "SHKeeper Fees", "Network Fees"
HELD_ACCOUNTS = frozenset({HOT, RESERVED, COLD, BANK, CARD})


def crypto(value) -> Decimal:
	return Decimal(str(value or 0)).quantize(CRYPTO_PLACES, rounding=ROUND_HALF_UP)


def fiat(value) -> Decimal:
	return Decimal(str(value or 0)).quantize(FIAT_PLACES, rounding=ROUND_HALF_UP)


def _text(value) -> str:
	if value is None:
		return ""
	if isinstance(value, datetime):
		return value.isoformat(sep=" ", timespec="microseconds")
	if isinstance(value, date):
		return value.isoformat()
	return str(value)


def canonical(row: Mapping) -> bytes:
	content = {}
	for name in HASHED_FIELDS:
		value = row.get(name)
		if name in CRYPTO_FIELDS:
			content[name] = str(crypto(value))
		elif name in FIAT_FIELDS:
			content[name] = str(fiat(value))
		elif name == "seq":
			content[name] = int(value or 0)
		else:
			content[name] = _text(value)
	return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def row_hash(row: Mapping) -> str:
	"""The hash of a row whose `prev_hash` is set."""
	return hashlib.sha256(canonical(row)).hexdigest()


@dataclass
class Break:
	seq: int
	name: str
	problem: str


@dataclass
class ChainReport:
	rows: int = 0
	head_hash: str = GENESIS_HASH
	head_seq: int | None = None
	head_name: str = ""
	breaks: list[Break] = field(default_factory=list)
	balances: dict[tuple[str, str], Decimal] = field(default_factory=dict)
	checkpoints: int = 0
	# what is wrong with the database guard (filled in by the site's check, not by `verify`)
	guard_problems: list[str] = field(default_factory=list)

	@property
	def ok(self) -> bool:
		return not self.breaks and not self.guard_problems

	def problems(self) -> list[str]:
		return [f"guard: {p}" for p in self.guard_problems] + [
			f"#{b.seq} {b.name}: {b.problem}" for b in self.breaks
		]


def apply(balances: dict[tuple[str, str], Decimal], row: Mapping) -> None:
	"""Move the row's amount into `account` and out of `counter_account` (fiat rows have coin = the
	fiat currency and their amount in amount_fiat)."""
	coin = row.get("coin") or ""
	amount = (
		crypto(row.get("amount_crypto")) if coin != row.get("fiat_currency") else fiat(row.get("amount_fiat"))
	)
	for account, sign in ((row.get("account"), 1), (row.get("counter_account"), -1)):
		if account:
			key = (account, coin)
			balances[key] = balances.get(key, Decimal(0)) + sign * amount


def verify(rows: Iterable[Mapping], checkpoints: Iterable[Mapping] = ()) -> ChainReport:
	"""Walk the rows in `seq` order: each row's stored hash must be its content's hash, its
	prev_hash the previous row's hash, `seq` must run without gaps, and the running balance of an
	account holding our money may not go below zero (nor differ from the row's balance_after).
	Each checkpoint ({name, last_seq, head_hash, row_count}) must find the row it anchors with that
	hash and that many rows up to it: a shortened or rehashed chain fails here."""
	report = ChainReport()
	anchors: dict[int, list[Mapping]] = {}
	for checkpoint in checkpoints:
		anchors.setdefault(int(checkpoint.get("last_seq") or 0), []).append(checkpoint)
		report.checkpoints += 1
	prev_hash, expected_seq = GENESIS_HASH, None
	for row in rows:
		seq, name = int(row.get("seq") or 0), row.get("name") or ""
		report.rows += 1
		for checkpoint in anchors.pop(seq, ()):
			report.breaks.extend(_against_checkpoint(checkpoint, seq, name, row, report.rows))
		if expected_seq is not None and seq != expected_seq:
			report.breaks.append(Break(seq, name, f"sequence jumps from {expected_seq - 1} to {seq}"))
		expected_seq = seq + 1
		if (row.get("prev_hash") or "") != prev_hash:
			report.breaks.append(Break(seq, name, "previous hash does not match the row before"))
		computed = row_hash(row)
		if computed != (row.get("row_hash") or ""):
			report.breaks.append(Break(seq, name, "content does not match its hash (row altered)"))
		apply(report.balances, row)
		account, coin = row.get("account"), row.get("coin") or ""
		stored = row.get("balance_after")
		if stored is not None:
			balance = report.balances.get((account, coin), Decimal(0))
			if _amount_of(coin, row, stored) != _amount_of(coin, row, balance):
				report.breaks.append(
					Break(seq, name, f"{account} {coin} balance after is {stored}, recomputed {balance}")
				)
		for held in (account, row.get("counter_account")):
			balance = report.balances.get((held, coin), Decimal(0))
			if held in HELD_ACCOUNTS and balance < 0:
				report.breaks.append(Break(seq, name, f"{held} {coin} balance goes below zero ({balance})"))
		prev_hash = row.get("row_hash") or ""
		report.head_seq, report.head_name = seq, name
	report.head_hash = prev_hash
	for seq, missing in sorted(anchors.items()):
		for checkpoint in missing:
			report.breaks.append(
				Break(
					seq,
					"",
					f"checkpoint {checkpoint.get('name')} anchors #{seq} ({checkpoint.get('last_entry')}) "
					f"but the chain ends at #{report.head_seq}: rows removed",
				)
			)
	return report


def _against_checkpoint(checkpoint: Mapping, seq: int, name: str, row: Mapping, rows: int) -> list[Break]:
	label = f"checkpoint {checkpoint.get('name')}"
	breaks = []
	if (row.get("row_hash") or "") != (checkpoint.get("head_hash") or ""):
		breaks.append(
			Break(seq, name, f"hash differs from {label} ({checkpoint.get('head_hash')}): chain rewritten")
		)
	if int(checkpoint.get("row_count") or 0) != rows:
		breaks.append(
			Break(seq, name, f"{rows} rows up to here, {label} counted {checkpoint.get('row_count')}")
		)
	return breaks


def _amount_of(coin: str, row: Mapping, value) -> Decimal:
	return fiat(value) if coin == row.get("fiat_currency") else crypto(value)


def balance_after(balances: dict[tuple[str, str], Decimal], row: Mapping) -> Decimal:
	"""The balance of the row's account once the row is applied (for a new row)."""
	scratch = dict(balances)
	apply(scratch, row)
	return scratch.get((row.get("account"), row.get("coin") or ""), Decimal(0))


def reversal_of(row: Mapping) -> dict:
	"""The content of the row that undoes `row` (a correction is a new, opposite row)."""
	return {
		"entry_type": "Reversal",
		"coin": row.get("coin"),
		"account": row.get("account"),
		"counter_account": row.get("counter_account"),
		"amount_crypto": -crypto(row.get("amount_crypto")),
		"amount_fiat": -fiat(row.get("amount_fiat")),
		"fiat_currency": row.get("fiat_currency"),
		"rate": row.get("rate"),
		"txid": row.get("txid"),
		"bank_reference": row.get("bank_reference"),
		"reference_doctype": row.get("reference_doctype"),
		"reference_name": row.get("reference_name"),
		"crypto_invoice": row.get("crypto_invoice"),
		"treasury_job": row.get("treasury_job"),
		"reverses": row.get("name"),
	}
