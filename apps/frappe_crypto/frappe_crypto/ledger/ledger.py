"""The append-only crypto ledger on the site: appending rows (serialised, hash-chained), reversing
them, the database guard that refuses UPDATE and DELETE, and checking the chain."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import frappe
from frappe import _
from frappe.utils import now_datetime

from frappe_crypto.ledger import chain

DOCTYPE = "Crypto Ledger Entry"
TABLE = f"tab{DOCTYPE}"
GUARDS = ("crypto_ledger_entry_no_update", "crypto_ledger_entry_no_delete")
# Frappe's own bookkeeping columns (comments, assignments, likes, tags, seen) may change
BOOKKEEPING = frozenset({"_comments", "_assign", "_liked_by", "_user_tags", "_seen"})
GUARD_MESSAGE = "Crypto Ledger Entry is append-only: add a reversing entry instead"


class LedgerImmutableError(frappe.ValidationError):
	pass


# ---------- the database guard ----------


def install_guard() -> None:
	"""BEFORE UPDATE / BEFORE DELETE triggers: a row's content cannot change and no row can be
	removed, whatever the path (frappe.db.set_value, raw SQL, a bulk delete)."""
	if not frappe.db.table_exists(DOCTYPE):
		return
	columns = [c for c in frappe.db.get_table_columns(DOCTYPE) if c not in BOOKKEEPING]
	unchanged = " AND ".join(f"NEW.`{c}` <=> OLD.`{c}`" for c in columns)
	remove_guard()
	frappe.db.sql_ddl(
		f"CREATE TRIGGER `{GUARDS[0]}` BEFORE UPDATE ON `{TABLE}` FOR EACH ROW BEGIN "
		f"IF NOT ({unchanged}) THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '{GUARD_MESSAGE}'; END IF; END"
	)
	frappe.db.sql_ddl(
		f"CREATE TRIGGER `{GUARDS[1]}` BEFORE DELETE ON `{TABLE}` FOR EACH ROW "
		f"SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '{GUARD_MESSAGE}'"
	)


def remove_guard() -> None:
	for name in GUARDS:
		frappe.db.sql_ddl(f"DROP TRIGGER IF EXISTS `{name}`")


def guard_installed() -> bool:
	found = frappe.db.sql(
		"select trigger_name from information_schema.triggers where trigger_schema = database() "
		"and trigger_name in %s",
		[GUARDS],
	)
	return len(found) == len(GUARDS)


# ---------- appending ----------


def ensure_genesis() -> None:
	"""Row 0 anchors the chain; every append locks it, so appends are serialised."""
	if frappe.db.exists(DOCTYPE, {"seq": 0}):
		return
	frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"entry_type": "Genesis",
			"remarks": "Start of the crypto ledger",
			"docstatus": 1,
		}
	).insert(ignore_permissions=True)


def stamp(doc: Any) -> None:
	"""Called by the controller before a row is inserted: take the chain lock, then set the row's
	sequence, time, previous hash, running balance and its own hash."""
	genesis = doc.entry_type == "Genesis"
	locked = frappe.db.sql(f"select name from `{TABLE}` where seq = 0 for update")
	if genesis and locked:
		frappe.throw(_("The crypto ledger already has its first row."), LedgerImmutableError)
	if not genesis and not locked:
		ensure_genesis()
		frappe.db.sql(f"select name from `{TABLE}` where seq = 0 for update")
	# locking reads: they see rows committed by whoever held the lock before us
	last = frappe.db.sql(
		f"select seq, row_hash from `{TABLE}` order by seq desc limit 1 for update", as_dict=True
	)
	doc.seq = (last[0].seq + 1) if last else 0
	doc.prev_hash = last[0].row_hash if last else chain.GENESIS_HASH
	doc.posting_datetime = now_datetime().strftime("%Y-%m-%d %H:%M:%S.%f")
	doc.fiat_currency = doc.fiat_currency or default_currency()
	doc.amount_crypto = chain.crypto(doc.amount_crypto)
	doc.amount_fiat = chain.fiat(doc.amount_fiat)
	doc.rate = chain.crypto(doc.rate)
	doc.balance_after = account_balance(doc.account, doc.coin, doc.fiat_currency, lock=True) + delta(doc)
	doc.row_hash = chain.row_hash(doc.as_dict())


def delta(doc: Any) -> Decimal:
	if doc.coin and doc.coin == doc.fiat_currency:
		return chain.fiat(doc.amount_fiat)
	return chain.crypto(doc.amount_crypto)


def default_currency() -> str:
	company = frappe.defaults.get_global_default("company")
	return (company and frappe.get_cached_value("Company", company, "default_currency")) or "USD"


def account_balance(
	account: str | None, coin: str | None, fiat_currency: str | None = None, lock=False
) -> Decimal:
	"""What `account` holds of `coin` (crypto, or fiat when coin is the fiat currency)."""
	if not account:
		return Decimal(0)
	fiat_currency = fiat_currency or default_currency()
	column = "amount_fiat" if coin == fiat_currency else "amount_crypto"
	suffix = " lock in share mode" if lock else ""
	total = frappe.db.sql(
		f"""select coalesce(sum(case when account = %(a)s then {column} else 0 end), 0)
			- coalesce(sum(case when counter_account = %(a)s then {column} else 0 end), 0)
		from `{TABLE}` where coin = %(c)s and (account = %(a)s or counter_account = %(a)s){suffix}""",
		{"a": account, "c": coin or ""},
	)[0][0]
	return Decimal(str(total or 0))


def append(entry_type: str, **values) -> str:
	"""Write one movement; returns the row's name. `values`: coin, account, counter_account,
	amount_crypto, amount_fiat, rate, txid, bank_reference, reference_doctype, reference_name,
	crypto_invoice, treasury_job, remarks."""
	doc = frappe.get_doc({"doctype": DOCTYPE, "entry_type": entry_type, **values, "docstatus": 1})
	doc.insert(ignore_permissions=True)
	return doc.name


def reverse(name: str, reason: str) -> str:
	"""The correction of a row: a new row with the opposite amounts (once per row)."""
	if not reason:
		frappe.throw(_("Say why the entry is reversed."))
	row = frappe.get_doc(DOCTYPE, name)
	if row.entry_type in ("Genesis", "Reversal"):
		frappe.throw(_("{0} cannot be reversed.").format(row.entry_type))
	if frappe.db.exists(DOCTYPE, {"reverses": name}):
		frappe.throw(_("{0} is already reversed.").format(name), frappe.DuplicateEntryError)
	content = chain.reversal_of(row.as_dict())
	content["remarks"] = _("Reverses {0}: {1}").format(name, reason)
	return append(content.pop("entry_type"), **content)


# ---------- checking ----------


def rows() -> Iterable[dict]:
	fields = ", ".join(f"`{f}`" for f in ("name", "balance_after", *chain.HASHED_FIELDS, "row_hash"))
	return frappe.db.sql(f"select {fields} from `{TABLE}` order by seq", as_dict=True)


def verify() -> chain.ChainReport:
	return chain.verify(rows())


def verify_and_report() -> chain.ChainReport:
	"""Scheduler (daily) and `bench crypto-ledger verify`: recompute the chain and balances; a break
	goes to the Error Log and to the System Managers as a task."""
	report = verify()
	if report.ok:
		return report
	lines = [f"#{b.seq} {b.name}: {b.problem}" for b in report.breaks]
	title = _("Crypto ledger check found {0} problems").format(len(report.breaks))
	frappe.log_error(title=title, message="\n".join(lines))
	description = title + ":\n" + "\n".join(lines[:20])
	if not frappe.db.exists("ToDo", {"status": "Open", "description": description}):
		for user in system_managers():
			frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": user,
					"description": description,
					"role": "System Manager",
					"priority": "High",
					"reference_type": DOCTYPE,
					"reference_name": report.breaks[0].name or None,
				}
			).insert(ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: the report must survive whatever the caller does next
	return report


def system_managers() -> list[str]:
	users = frappe.get_all(
		"Has Role", filters={"role": "System Manager", "parenttype": "User"}, pluck="parent", distinct=True
	)
	enabled = frappe.get_all(
		"User",
		filters={"name": ("in", users or [""]), "enabled": 1, "user_type": "System User"},
		pluck="name",
	)
	return sorted(set(enabled) - {"Guest"}) or ["Administrator"]


def daily_verify() -> None:
	verify_and_report()
