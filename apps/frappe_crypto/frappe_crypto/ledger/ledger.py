"""The append-only crypto ledger on the site: appending rows (serialised, hash-chained), reversing
them, the database guard that refuses UPDATE and DELETE, and checking the chain."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import frappe
from frappe import _
from frappe.utils import escape_html, getdate, now_datetime, validate_email_address

from frappe_crypto.ledger import chain

DOCTYPE = "Crypto Ledger Entry"
TABLE = f"tab{DOCTYPE}"
CHECKPOINT = "Crypto Ledger Checkpoint"
# the triggers guarding each table: (before update, before delete)
GUARDED = {
	DOCTYPE: ("crypto_ledger_entry_no_update", "crypto_ledger_entry_no_delete"),
	CHECKPOINT: ("crypto_ledger_checkpoint_no_update", "crypto_ledger_checkpoint_no_delete"),
}
GUARDS = tuple(name for pair in GUARDED.values() for name in pair)
# Frappe's own bookkeeping columns (comments, assignments, likes, tags, seen) may change
BOOKKEEPING = frozenset({"_comments", "_assign", "_liked_by", "_user_tags", "_seen"})
GUARD_MESSAGE = "Crypto Ledger Entry is append-only: add a reversing entry instead"
MESSAGES = {DOCTYPE: GUARD_MESSAGE, CHECKPOINT: "Crypto Ledger Checkpoint is insert-only"}


class LedgerImmutableError(frappe.ValidationError):
	pass


# ---------- the database guard ----------


def guard_definitions() -> dict[str, dict[str, str]]:
	"""The triggers the guard consists of, as they must be: name -> table, event and body. BEFORE
	UPDATE refuses any change but to Frappe's bookkeeping columns, BEFORE DELETE refuses removal."""
	definitions = {}
	for doctype, (no_update, no_delete) in GUARDED.items():
		if not frappe.db.table_exists(doctype):
			continue
		signal = f"SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '{MESSAGES[doctype]}'"
		columns = [c for c in frappe.db.get_table_columns(doctype) if c not in BOOKKEEPING]
		unchanged = " AND ".join(f"NEW.`{c}` <=> OLD.`{c}`" for c in columns)
		definitions[no_update] = {
			"table": f"tab{doctype}",
			"event": "UPDATE",
			"body": f"BEGIN IF NOT ({unchanged}) THEN {signal}; END IF; END",
		}
		definitions[no_delete] = {"table": f"tab{doctype}", "event": "DELETE", "body": signal}
	return definitions


def install_guard() -> None:
	"""BEFORE UPDATE / BEFORE DELETE triggers on the ledger and its checkpoints: a row's content cannot
	change and no row can be removed, whatever the path (frappe.db.set_value, raw SQL, a bulk delete)."""
	remove_guard()
	for name, trigger in guard_definitions().items():
		# nosemgrep: frappe-using-db-sql -- triggers are DDL, which the query builder does not write
		frappe.db.sql_ddl(
			f"CREATE TRIGGER `{name}` BEFORE {trigger['event']} ON `{trigger['table']}` "
			f"FOR EACH ROW {trigger['body']}"
		)


def remove_guard() -> None:
	for name in GUARDS:
		frappe.db.sql_ddl(f"DROP TRIGGER IF EXISTS `{name}`")  # nosemgrep: frappe-using-db-sql -- DDL


def guard_problems() -> list[str]:
	"""What is wrong with the guard: a trigger missing (a failed migrate leaves them dropped) or not
	the expected definition (changed by hand, or the table gained a column it does not cover)."""
	expected = guard_definitions()
	if len(expected) < len(GUARDS):
		missing = [d for d in GUARDED if not frappe.db.table_exists(d)]
		return [f"table of {', '.join(missing)} is missing"]
	found = {
		row.name: row
		# nosemgrep: frappe-using-db-sql -- information_schema is no DocType
		for row in frappe.db.sql(
			"""select trigger_name as name, event_object_table as tbl, action_timing as timing,
				event_manipulation as event, action_statement as body
			from information_schema.triggers where trigger_schema = database() and trigger_name in %s""",
			[GUARDS],
			as_dict=True,
		)
	}
	problems = []
	for name, trigger in expected.items():
		actual = found.get(name)
		if not actual:
			problems.append(f"trigger {name} is missing")
		elif (actual.tbl, actual.timing, actual.event, actual.body.strip()) != (
			trigger["table"],
			"BEFORE",
			trigger["event"],
			trigger["body"],
		):
			problems.append(f"trigger {name} is not the expected definition")
	return problems


def guard_installed() -> bool:
	return not guard_problems()


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
	locked = frappe.db.get_value(DOCTYPE, {"seq": 0}, "name", for_update=True)
	if genesis and locked:
		frappe.throw(_("The crypto ledger already has its first row."), LedgerImmutableError)
	if not genesis and not locked:
		ensure_genesis()
		frappe.db.get_value(DOCTYPE, {"seq": 0}, "name", for_update=True)
	# locking reads: they see rows committed by whoever held the lock before us
	# nosemgrep: frappe-using-db-sql -- the locking read of the head, under the genesis row's lock
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
	# nosemgrep: frappe-using-db-sql -- a locking (share mode) conditional sum
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
	fields = ["name", "balance_after", *chain.HASHED_FIELDS, "row_hash"]
	return frappe.get_all(DOCTYPE, fields=fields, order_by="seq asc")


def checkpoints() -> list[dict]:
	return frappe.get_all(
		CHECKPOINT,
		fields=["name", "checkpoint_date", "last_entry", "last_seq", "head_hash", "row_count"],
		order_by="last_seq",
	)


def verify(anchors: Iterable[dict] = ()) -> chain.ChainReport:
	"""The chain and balances, checked against every Crypto Ledger Checkpoint (and any `anchors`, e.g.
	a head from a daily e-mail: {name, last_seq, head_hash, row_count})."""
	return chain.verify(rows(), [*checkpoints(), *anchors])


def verify_and_report(anchors: Iterable[dict] = ()) -> chain.ChainReport:
	"""Scheduler (daily) and `bench crypto-ledger verify`: check the guard's triggers, recompute the
	chain and balances against the checkpoints; a problem goes to the Error Log and to the System
	Managers as a task."""
	report = verify(anchors)
	report.guard_problems = guard_problems()
	if report.ok:
		return report
	lines = report.problems()
	title = _("Crypto ledger check found {0} problems").format(len(lines))
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
					"reference_name": next((b.name for b in report.breaks if b.name), None),
				}
			).insert(ignore_permissions=True)
	# nosemgrep: frappe-manual-commit -- the report must survive whatever the caller does next
	frappe.db.commit()
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


# ---------- the daily checkpoint ----------


def write_checkpoint(day: date, report: chain.ChainReport) -> Any:
	"""Anchor the chain's head outside its table: one insert-only Crypto Ledger Checkpoint per day
	(the date is its name, so a second run that day keeps the first)."""
	existing = frappe.db.exists(CHECKPOINT, {"checkpoint_date": day})
	if existing:
		return frappe.get_doc(CHECKPOINT, existing)
	return frappe.get_doc(
		{
			"doctype": CHECKPOINT,
			"checkpoint_date": day,
			"last_entry": report.head_name,
			"last_seq": report.head_seq,
			"head_hash": report.head_hash,
			"row_count": report.rows,
		}
	).insert(ignore_permissions=True)


def daily_verify(day: date | str | None = None) -> Any:
	"""The daily job: check guard and chain; when all is well write the day's checkpoint. Either way
	e-mail the System Managers the head (a copy of the anchor outside the database) or the problems."""
	day = getdate(day)
	report = verify_and_report()
	checkpoint = write_checkpoint(day, report) if report.ok else None
	send_daily_report(day, report, checkpoint)
	return checkpoint


def send_daily_report(day: date, report: chain.ChainReport, checkpoint: Any) -> None:
	recipients = [
		email
		for email in frappe.get_all("User", {"name": ("in", system_managers())}, pluck="email")
		if email and validate_email_address(email)
	]
	if not recipients:
		return
	if checkpoint:
		subject = _("Crypto ledger checkpoint {0}: chain intact").format(day)
		lines = [
			_("Checkpoint {0}: {1} rows, last entry {2} (#{3})").format(
				checkpoint.name, checkpoint.row_count, checkpoint.last_entry, checkpoint.last_seq
			),
			_("Head hash: {0}").format(checkpoint.head_hash),
			_(
				"Keep this e-mail: it anchors the ledger outside the database. "
				"`bench crypto-ledger verify --anchor {0}:{1}:{2}` checks the chain against it."
			).format(checkpoint.last_seq, checkpoint.row_count, checkpoint.head_hash),
		]
	else:
		subject = _("Crypto ledger check {0}: {1} problems, no checkpoint written").format(
			day, len(report.problems())
		)
		lines = report.problems()[:50]
	frappe.sendmail(
		recipients=recipients,
		subject=subject,
		message="<br>".join(escape_html(line) for line in lines),
		reference_doctype=CHECKPOINT if checkpoint else None,
		reference_name=checkpoint.name if checkpoint else None,
	)
