"""Treasury jobs on the site: a paid crypto invoice is sized, off-ramped, arrives at the bank and
settles onto the filing card. Each transition is checked against the state machine, recorded with
who and when, and writes its ledger rows in the same transaction. In manual mode (and wherever no
automation exists, such as the filing-card top-up) a step is a staff ToDo with the numbers filled in;
closing it completes the step."""

import json
from decimal import Decimal
from typing import Any

import frappe
from frappe import _
from frappe.utils import add_to_date, flt, get_datetime, now_datetime

from frappe_crypto.ledger import chain, ledger
from frappe_crypto.treasury import machine as m
from frappe_crypto.treasury import sizing as sz

JOB = "Treasury Job"
SETTINGS = "Treasury Settings"
TASK_ROLE = "Treasury Manager"


def settings() -> Any:
	return frappe.get_cached_doc(SETTINGS)


def staff_role() -> str:
	return settings().staff_role or TASK_ROLE


# ---------- creation ----------


def create_for_invoice(invoice: Any) -> str:
	"""The job of a paid Crypto Invoice (one per invoice)."""
	if name := frappe.db.get_value(JOB, {"crypto_invoice": invoice.name}):
		return name
	# nosemgrep: frappe-using-db-sql -- an aggregate per coin over the invoice's transactions
	main = frappe.db.sql(
		"""select crypto, sum(amount_fiat) fiat, sum(amount_crypto) amount from `tabCrypto Transaction`
		where crypto_invoice = %s group by crypto order by fiat desc limit 1""",
		invoice.name,
		as_dict=True,
	)
	coin, fiat, amount = (main[0].crypto, main[0].fiat, main[0].amount) if main else (invoice.coin, 0, 0)
	job = frappe.get_doc(
		{
			"doctype": JOB,
			"status": m.RECEIVED,
			"crypto_invoice": invoice.name,
			"reference_doctype": invoice.reference_doctype,
			"reference_name": invoice.reference_name,
			"customer": invoice.customer,
			"coin": coin,
			"received_crypto": flt(amount, 9),
			"received_fiat": flt(fiat, 2),
			"rate": flt(Decimal(str(fiat)) / Decimal(str(amount)), 9) if amount else 0,
		}
	)
	job.append(
		"transitions",
		{
			"to_state": m.RECEIVED,
			"changed_by": frappe.session.user,
			"changed_on": now_datetime(),
			"note": _("Paid"),
		},
	)
	job.insert(ignore_permissions=True)
	return job.name


# ---------- transitions ----------


def transition(job: Any, new: str, note: str, rows: list[dict] | None = None) -> list[str]:
	"""Move the job to `new` (checked), write its ledger rows, record who/when."""
	old = job.status
	m.check(old, new)
	written = []
	for row in rows or []:
		row = dict(row)
		entry_type = row.pop("entry_type")
		written.append(
			ledger.append(
				entry_type,
				treasury_job=job.name,
				reference_doctype=job.reference_doctype,
				reference_name=job.reference_name,
				crypto_invoice=job.crypto_invoice,
				**row,
			)
		)
	job.status = new
	job.append(
		"transitions",
		{
			"from_state": old,
			"to_state": new,
			"changed_by": frappe.session.user,
			"changed_on": now_datetime(),
			"note": note,
			"ledger_entries": ", ".join(written),
		},
	)
	if new == m.FAILED:
		job.failed_in = old
	job.flags.via_transition = True
	job.save(ignore_permissions=True)
	job.flags.via_transition = False
	if new == m.SETTLED:
		# what was paid may now be spent: fn(job) from every app's `crypto_job_settled` hook
		for method in frappe.get_hooks("crypto_job_settled"):
			frappe.get_attr(method)(job)
	return written


def lock(name: str) -> Any:
	"""The job, locked for this transaction, read fresh (see shkeeper.callbacks.record)."""
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a new read view after the lock
	frappe.db.get_value(JOB, name, "name", for_update=True)
	return frappe.get_doc(JOB, name)


def obligations(reference_doctype: str | None, reference_name: str | None) -> list[dict]:
	"""Vendor obligations of what was paid, from every app's `crypto_obligations` hook:
	fn(reference_doctype, reference_name) -> [{"kind": "filing_fee" | "commission_reserve" | ...,
	"amount": fiat, "description": ...}]."""
	rows: list[dict] = []
	for method in frappe.get_hooks("crypto_obligations"):
		rows.extend(frappe.get_attr(method)(reference_doctype, reference_name) or [])
	return rows


def do_sizing(job: Any) -> None:
	rows = obligations(job.reference_doctype, job.reference_name)
	result = sz.size(rows, job.received_fiat, job.received_crypto, settings().offramp_buffer_percent)
	job.update(
		{
			"filing_fees": result.by_kind.get(sz.FILING_FEE, 0),
			"commission_reserve": result.by_kind.get(sz.COMMISSION_RESERVE, 0),
			"other_obligations": result.by_kind.get(sz.OTHER, 0),
			"obligations_total": result.obligations_fiat,
			"offramp_fiat": result.offramp_fiat,
			"offramp_crypto": flt(result.offramp_crypto, 9),
			"shortfall_fiat": result.shortfall_fiat,
			"sizing_detail": json.dumps(rows, default=str, indent=1)[:10000],
		}
	)
	reserve = []
	if result.needs_offramp:
		reserve.append(
			{
				"entry_type": "Reserve",
				"coin": job.coin,
				"account": chain.RESERVED,
				"counter_account": chain.HOT,
				"amount_crypto": result.offramp_crypto,
				"amount_fiat": result.offramp_fiat,
				"rate": job.rate,
				"remarks": _("Reserved for vendor obligations of {0}").format(job.reference_name),
			}
		)
	transition(
		job,
		m.SIZING,
		_("Obligations {0}; off-ramp {1} ({2} {3})").format(
			result.obligations_fiat, result.offramp_fiat, result.offramp_crypto, job.coin
		),
		reserve,
	)


def offramp_rows(job: Any, txid: str | None = None) -> list[dict]:
	return [
		{
			"entry_type": "Off-ramp Out",
			"coin": job.coin,
			"account": chain.RESERVED,
			"counter_account": chain.OFFRAMP,
			"amount_crypto": -Decimal(str(job.offramp_crypto)),
			"amount_fiat": -Decimal(str(job.offramp_fiat)),
			"rate": job.rate,
			"txid": txid,
			"bank_reference": job.offramp_reference,
			"remarks": _("Sent to the off-ramp with memo {0}").format(job.offramp_reference),
		}
	]


def bank_rows(job: Any, amount: Decimal, reference: str | None) -> list[dict]:
	currency = ledger.default_currency()
	return [
		{
			"entry_type": "Bank In",
			"coin": currency,
			"account": chain.BANK,
			"counter_account": chain.OFFRAMP,
			"amount_fiat": amount,
			"bank_reference": reference or job.offramp_reference,
			"remarks": _("Off-ramp proceeds of {0}").format(job.name),
		}
	]


def topup_rows(job: Any) -> list[dict]:
	amount = Decimal(str(job.topup_amount or 0))
	if amount <= 0:
		return []
	return [
		{
			"entry_type": "Card Top-up",
			"coin": ledger.default_currency(),
			"account": chain.CARD,
			"counter_account": chain.BANK,
			"amount_fiat": amount,
			"bank_reference": job.offramp_reference,
			"remarks": _("Filing fees of {0}").format(job.reference_name),
		}
	]


# ---------- staff tasks ----------


def task_text(job: Any) -> str:
	money = lambda v: frappe.format_value(v, {"fieldtype": "Currency"})  # noqa: E731
	if job.status == m.SIZING:
		wallet = wallet_of(job.coin)
		where = (wallet and wallet.offramp_address) or _("the off-ramp's deposit address")
		return _(
			"Treasury {0}: send {1} {2} (≈ {3}: filing fees {4}, commission reserve {5}, other {6}) from SHKeeper "
			"to {7} with memo {8}. Close this task once sent."
		).format(
			job.name,
			f"{Decimal(str(job.offramp_crypto)).normalize():f}",
			job.coin,
			money(job.offramp_fiat),
			money(job.filing_fees),
			money(job.commission_reserve),
			money(job.other_obligations),
			where,
			job.offramp_reference,
		)
	if job.status == m.OFFRAMPING:
		return _(
			"Treasury {0}: confirm that about {1} arrived at the bank with memo {2} (the deposit monitor closes "
			"this task when it sees the alert). Close this task once it has arrived."
		).format(job.name, money(job.offramp_fiat), job.offramp_reference)
	if job.status == m.FUNDS_AT_RELAY:
		return _(
			"Treasury {0}: top up the crypto filing card with {1} for the filing fees of {2} (the commission "
			"reserve of {3} stays in the bank). Close this task once done."
		).format(job.name, money(job.topup_amount), job.reference_name, money(job.commission_reserve))
	if job.status == m.MANUAL:
		return _(
			"Treasury {0} needs a hand in step {1}: {2}. Fix the cause, then close this task to resume the job."
		).format(job.name, job.failed_in, job.last_error or _("automatic attempts are exhausted"))
	return _("Treasury {0}: {1}").format(job.name, job.status)


def ensure_task(job: Any) -> str:
	"""The job's open staff task for its current step (one at a time)."""
	if job.todo and frappe.db.get_value("ToDo", job.todo, "status") == "Open":
		return job.todo
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"description": task_text(job),
			"reference_type": JOB,
			"reference_name": job.name,
			"role": staff_role(),
			"priority": "High" if job.status == m.MANUAL else "Medium",
		}
	).insert(ignore_permissions=True)
	job.todo, job.needs_action = todo.name, 1
	job.save(ignore_permissions=True)
	return todo.name


def close_task(job: Any, note: str) -> None:
	if job.todo and frappe.db.get_value("ToDo", job.todo, "status") == "Open":
		todo = frappe.get_doc("ToDo", job.todo)
		todo.flags.treasury_internal = True
		todo.status = "Closed"
		todo.add_comment("Comment", note)
		todo.save(ignore_permissions=True)
	job.todo, job.needs_action = None, 0


def on_todo_update(doc: Any, method: str | None = None) -> None:
	"""doc_events ToDo on_update: staff closed the task of a job's step; the step is done."""
	if doc.reference_type != JOB or doc.status != "Closed" or doc.flags.treasury_internal:
		return
	job = frappe.get_doc(JOB, doc.reference_name)
	if job.todo != doc.name:
		return
	complete_step(job.name, _("Done by {0} (ToDo {1})").format(frappe.session.user, doc.name))


def complete_step(name: str, note: str) -> str:
	"""Staff did the current step by hand: record it and move on."""
	frappe.db.get_value(JOB, name, "name", for_update=True)
	job = frappe.get_doc(JOB, name)
	job.todo, job.needs_action = None, 0
	if job.status == m.SIZING:
		job.offramp_txid = job.offramp_txid or None
		transition(job, m.OFFRAMPING, note, offramp_rows(job))
	elif job.status == m.OFFRAMPING:
		job.bank_amount = job.bank_amount or job.offramp_fiat
		transition(job, m.FUNDS_AT_RELAY, note, bank_rows(job, Decimal(str(job.bank_amount)), None))
		job.topup_amount = min(Decimal(str(job.filing_fees or 0)), Decimal(str(job.bank_amount or 0)))
		job.save(ignore_permissions=True)
	elif job.status == m.FUNDS_AT_RELAY:
		transition(job, m.SETTLED, note, topup_rows(job))
	elif job.status == m.MANUAL:
		transition(job, m.retry_target(job.failed_in), note)
		job.attempts = 0
		job.save(ignore_permissions=True)
	else:
		job.save(ignore_permissions=True)
	enqueue_advance(job.name)
	return job.status


# ---------- advancing ----------


def wallet_of(coin: str) -> Any:
	return next((w for w in settings().wallets if w.coin == coin), None)


def automatic_offramp(job: Any) -> bool:
	from frappe_crypto.shkeeper.client import payouts_configured

	wallet = wallet_of(job.coin)
	return bool(not settings().manual_mode and wallet and wallet.offramp_address and payouts_configured())


def advance(name: str) -> str:
	"""Do what the job's state calls for, step by step, each step committed on its own (the
	scheduler calls this every minute for due jobs). A failing step fails the job in that step."""
	for _step in range(len(m.OPEN) + 1):
		job = lock(name)
		before = (job.status, job.todo)
		try:
			_advance(job)
		except Exception as e:
			frappe.db.rollback()
			frappe.clear_messages()
			fail(lock(name), f"{type(e).__name__}: {e}")
			frappe.db.commit()  # nosemgrep
			break
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- each step is its own unit of work
		job.reload()
		if (job.status, job.todo) == before or job.needs_action or job.status not in m.OPEN:
			break
	return frappe.db.get_value(JOB, name, "status")


def _advance(job: Any) -> None:
	"""One step of the job."""
	if job.status == m.RECEIVED:
		do_sizing(job)
	elif job.status == m.SIZING:
		if Decimal(str(job.offramp_crypto or 0)) <= 0:
			transition(job, m.SETTLED, _("Nothing to off-ramp"))
		elif automatic_offramp(job):
			from frappe_crypto.treasury import sweeps

			payout = sweeps.request_payout(
				"Off-ramp", job.coin, wallet_of(job.coin).offramp_address, job.offramp_crypto, job=job
			)
			job.offramp_payout = payout.name
			transition(job, m.OFFRAMPING, _("Payout {0} requested").format(payout.name), offramp_rows(job))
		else:
			ensure_task(job)
	elif job.status == m.OFFRAMPING:
		if settings().manual_mode:
			ensure_task(job)
	elif job.status == m.FUNDS_AT_RELAY:
		if Decimal(str(job.topup_amount or 0)) <= 0:
			transition(job, m.SETTLED, _("No filing fees to top up"))
		else:
			ensure_task(job)
	elif job.status == m.FAILED:
		if job.next_attempt_at and get_datetime(job.next_attempt_at) <= now_datetime():
			job.next_attempt_at, job.needs_action = None, 0
			transition(job, m.retry_target(job.failed_in), _("Automatic retry {0}").format(job.attempts))


def fail(job: Any, error: str) -> None:
	"""A step failed: retry later (with back-off), or hand the job to staff when attempts run out."""
	frappe.log_error(title=f"Treasury job {job.name} failed in {job.status}", message=error)
	old = job.status
	job.attempts = (job.attempts or 0) + 1
	job.last_error = error[:2000]
	delay = m.retry_delay(job.attempts - 1)
	if delay is None:
		job.failed_in = old
		transition(
			job,
			m.MANUAL,
			_("Handed to staff after {0} failed attempts: {1}").format(job.attempts, error[:200]),
		)
		ensure_task(job)
	else:
		job.next_attempt_at = add_to_date(now_datetime(), seconds=delay)
		job.needs_action = 1
		transition(job, m.FAILED, error[:500])


def retry(name: str, note: str | None = None) -> str:
	"""Put a failed job back into the step it failed in and run it now."""
	job = lock(name)
	if job.status != m.FAILED:
		frappe.throw(_("Only a failed job can be retried; {0} is {1}.").format(name, job.status))
	job.next_attempt_at, job.needs_action = None, 0
	transition(job, m.retry_target(job.failed_in), note or _("Retried by {0}").format(frappe.session.user))
	frappe.db.commit()  # nosemgrep
	return advance(name)


@frappe.whitelist(methods=["POST"])
def retry_job(name: str) -> str:
	"""Desk: retry a failed job now."""
	frappe.only_for(("System Manager", TASK_ROLE))
	return retry(name)


def deposit_arrived(job: Any, amount: Decimal, reference: str | None, deposit: str | None, note: str) -> None:
	"""The off-ramp's fiat is at the bank (the deposit monitor or staff saw it)."""
	if job.status != m.OFFRAMPING:
		frappe.throw(_("{0} is {1}, not waiting for a deposit.").format(job.name, job.status))
	close_task(job, note)
	job.bank_deposit, job.bank_amount = deposit, amount
	job.topup_amount = min(Decimal(str(job.filing_fees or 0)), Decimal(str(amount)))
	transition(job, m.FUNDS_AT_RELAY, note, bank_rows(job, Decimal(str(amount)), reference))


def enqueue_advance(name: str) -> None:
	frappe.enqueue(
		"frappe_crypto.treasury.jobs.advance",
		queue="short",
		job_id=f"crypto-treasury::{name}",
		deduplicate=True,
		enqueue_after_commit=True,
		now=bool(frappe.flags.in_test),
		name=name,
	)


def due() -> list[str]:
	"""Jobs that can move without staff now."""
	names = frappe.get_all(
		JOB,
		filters={"status": ("in", (m.RECEIVED, m.SIZING, m.OFFRAMPING, m.FUNDS_AT_RELAY)), "needs_action": 0},
		pluck="name",
	)
	return names + frappe.get_all(
		JOB, filters={"status": m.FAILED, "next_attempt_at": ("<=", now_datetime())}, pluck="name"
	)


def advance_due() -> int:
	"""Scheduler (every minute): each due job enqueued once (deduplicated by job id)."""
	names = due()
	for name in names:
		enqueue_advance(name)
	return len(names)


def advance_all_due() -> dict[str, str]:
	"""`bench crypto-treasury advance`: advance the due jobs now, in this process."""
	return {name: advance(name) for name in due()}
