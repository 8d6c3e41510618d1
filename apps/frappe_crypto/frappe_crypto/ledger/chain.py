"""The crypto ledger's hash chain and balances (no Frappe import).

Each row hashes its own content together with the previous row's hash: sha256 over canonical JSON
(sorted keys, no whitespace, amounts as fixed-point strings, times as ISO strings). Changing, removing
or reordering any row breaks every hash after it. Balances are kept per (account, coin): a row moves
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
	breaks: list[Break] = field(default_factory=list)
	balances: dict[tuple[str, str], Decimal] = field(default_factory=dict)

	@property
	def ok(self) -> bool:
		return not self.breaks


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


def verify(rows: Iterable[Mapping]) -> ChainReport:
	"""Walk the rows in `seq` order: each row's stored hash must be its content's hash, its
	prev_hash the previous row's hash, `seq` must run without gaps, and the running balance of an
	account holding our money may not go below zero (nor differ from the row's balance_after)."""
	report = ChainReport()
	prev_hash, expected_seq = GENESIS_HASH, None
	for row in rows:
		seq, name = int(row.get("seq") or 0), row.get("name") or ""
		report.rows += 1
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
	report.head_hash = prev_hash
	return report


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
