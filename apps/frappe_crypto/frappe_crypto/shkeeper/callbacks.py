"""SHKeeper's callbacks (guest endpoints). A callback is verified (X-Shkeeper-Signature HMAC, or the
API-key header on an installation marked legacy), stored — its transactions recorded once each by
txid under a lock on the invoice, their Payment Entries booked, the ledger written — committed, and
only then answered with the HTTP 202 SHKeeper waits for. Anything else gets a 4xx (a bad request,
SHKeeper gives up on nothing: it retries every minute) or a 503 when storing failed."""

import json
import zoneinfo
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import convert_utc_to_system_timezone, flt, get_datetime, get_system_timezone, now_datetime

from frappe_crypto.ledger import chain, ledger
from frappe_crypto.shkeeper import booking, signature
from frappe_crypto.shkeeper import invoice_status as st
from frappe_crypto.shkeeper.client import SETTINGS, log_call

INVOICE, TRANSACTION = "Crypto Invoice", "Crypto Transaction"
ACCEPTED = 202
# Callbacks per sender address and minute (Frappe's rate_limit, counted before the body is read)
RATE_LIMIT, RATE_WINDOW = 120, 60


def _reject(status: int, reason: str) -> dict:
	frappe.logger("frappe_crypto").warning(f"SHKeeper callback refused ({status}): {reason}")
	frappe.local.response.http_status_code = status
	return {"status": "refused", "reason": reason}


def _accept(result: dict) -> dict:
	frappe.local.response.http_status_code = ACCEPTED
	return {"status": "accepted", **result}


def authenticate() -> tuple[bytes, str]:
	"""The raw body and how it was authenticated; SignatureError if it was not."""
	settings = frappe.get_cached_doc(SETTINGS)
	body = frappe.request.get_data()
	secret = settings.get_password("api_key", raise_exception=False) if settings.enabled else ""
	how = signature.verify(
		secret or "", body, dict(frappe.request.headers), legacy=bool(settings.legacy_api_key_auth)
	)
	return body, how


def _parse(body: bytes) -> dict | None:
	try:
		event = json.loads(body)
	except (ValueError, RecursionError):
		return None
	return event if isinstance(event, dict) else None


def _handle(doctype: str, find: Callable[[str], str | None], store: Callable[[str, dict, str], dict]) -> dict:
	"""Authenticate and parse a callback, find the record it is about (`find(external_id)`), store it as
	the system (`store(name, event, how)`) and commit: 202 only once stored, 503 to have it retried."""
	try:
		body, how = authenticate()
	except signature.SignatureError as e:
		return _reject(401, str(e))
	event = _parse(body)
	if event is None or not event.get("external_id"):
		return _reject(400, f"not a SHKeeper callback for a {doctype}")
	name = find(str(event["external_id"]))
	if not name:
		return _reject(404, f"no {doctype} for {event['external_id']}")
	user = frappe.session.user
	frappe.set_user("Administrator")  # the event is verified; its bookings are the system's
	try:
		result = store(name, event, how)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- stored before SHKeeper hears 202
	except Exception:
		frappe.db.rollback()
		frappe.log_error(
			title=f"SHKeeper callback for {name} not stored", reference_doctype=doctype, reference_name=name
		)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- keep the error log
		return _reject(503, "not stored; please retry")
	finally:
		frappe.set_user(user)
	return _accept(result)


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=RATE_LIMIT, seconds=RATE_WINDOW)
def payment() -> dict:
	"""callback_url of every SHKeeper invoice this site creates."""
	return _handle(
		INVOICE, lambda external_id: frappe.db.get_value(INVOICE, {"payment_request": external_id}), record
	)


def record(name: str, event: dict, how: str = "hmac") -> dict:
	"""Store one callback under a lock on the invoice: new transactions (once per txid), their
	Payment Entries and ledger rows, the invoice's status; a paid invoice gets its treasury job."""
	# A fresh transaction, so that what we read after taking the lock is what the callback before
	# us committed (InnoDB takes its read view at the first plain read).
	frappe.db.commit()  # nosemgrep
	frappe.db.get_value(INVOICE, name, "name", for_update=True)
	invoice = frappe.get_doc(INVOICE, name)
	reported = str(event.get("status") or "").upper()
	if reported == "UNCONFIRMED":
		return unconfirmed(invoice, event)
	new = []
	for tx in event.get("transactions") or []:
		if created := add_transaction(invoice, tx):
			new.append(created)
	# nosemgrep: frappe-using-db-sql -- sums over the invoice's transactions
	totals = frappe.db.sql(
		f"select coalesce(sum(amount_fiat), 0), max(tx_date) from `tab{TRANSACTION}` where crypto_invoice = %s",
		invoice.name,
	)[0]
	received_fiat, latest = Decimal(str(totals[0])), totals[1]
	# nosemgrep: frappe-using-db-sql -- a sum over the invoice's transactions
	received_crypto = frappe.db.sql(
		f"select coalesce(sum(amount_crypto), 0) from `tab{TRANSACTION}` where crypto_invoice = %s and crypto = %s",
		(invoice.name, invoice.coin),
	)[0][0]
	if new:
		invoice.pending_fiat = 0
	if reported in st.PAID_STATUSES and not invoice.paid_in_full_at and latest:
		invoice.paid_in_full_at = latest
	state = st.evaluate(
		invoice.amount_due,
		received_fiat,
		reported or None,
		expires_at=get_datetime(invoice.expires_at) if invoice.expires_at else None,
		paid_in_full_at=get_datetime(invoice.paid_in_full_at) if invoice.paid_in_full_at else None,
		now=now_datetime(),
		pending_fiat=invoice.pending_fiat,
	)
	invoice.update(
		{
			"status": state.status,
			"additional_status": state.additional_status,
			"shkeeper_status": reported or invoice.shkeeper_status,
			"received_fiat": state.received_fiat,
			"received_crypto": flt(received_crypto, 9),
			"remaining_fiat": state.remaining_fiat,
			"excess_fiat": state.excess_fiat,
			"last_callback_at": now_datetime(),
		}
	)
	invoice.save(ignore_permissions=True)
	booked = [booking.book_transaction(tx, invoice) for tx in new]
	if state.excess_fiat > 0 and (reported == "OVERPAID" or not reported) and not invoice.refund_todo:
		invoice.db_set("refund_todo", refund_task(invoice, state.excess_fiat))
	if state.paid and not invoice.treasury_job:
		from frappe_crypto.treasury import jobs

		invoice.db_set("treasury_job", jobs.create_for_invoice(invoice))
	log_call(
		"payment callback",
		{"auth": how, **event},
		{"new_transactions": new, "status": state.status, "why": state.additional_status},
		reference=invoice,
	)
	return {"invoice": invoice.name, "new_transactions": len(new), "booked": len([b for b in booked if b])}


def shkeeper_time(value: Any) -> datetime | None:
	"""A date from SHKeeper (its server's zone, UTC by default) in the site's time zone."""
	if not value:
		return None
	try:
		moment = get_datetime(str(value))
	except Exception:
		return None
	zone = frappe.db.get_single_value(SETTINGS, "shkeeper_timezone") or "UTC"
	if zone == get_system_timezone():
		return moment
	aware = moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))
	return convert_utc_to_system_timezone(aware.astimezone(zoneinfo.ZoneInfo("UTC"))).replace(tzinfo=None)


def add_transaction(invoice: Any, tx: dict) -> str | None:
	"""Record one transaction of the callback unless it is known: the txid is part of the name (the
	primary key), so a duplicate — even from a concurrent callback — cannot be inserted."""
	txid = str(tx.get("txid") or "").strip()
	if not txid:
		return None
	name = f"{txid}:{invoice.name}"[:140]
	if frappe.db.exists(TRANSACTION, name):
		return None
	amount_crypto = Decimal(str(tx.get("amount_crypto") or 0))
	amount_fiat = chain.fiat(tx.get("amount_fiat"))
	if amount_crypto <= 0 or amount_fiat <= 0:
		return None
	fee = chain.fiat(tx.get("fee_fiat"))
	when = shkeeper_time(tx.get("date")) or now_datetime()
	doc = frappe.get_doc(
		{
			"doctype": TRANSACTION,
			"crypto_invoice": invoice.name,
			"txid": txid,
			"crypto": tx.get("crypto") or invoice.coin,
			"address": invoice.address if (tx.get("crypto") or invoice.coin) == invoice.coin else None,
			"tx_date": when,
			"after_expiry": bool(invoice.expires_at and when > get_datetime(invoice.expires_at)),
			"amount_crypto": flt(amount_crypto, 9),
			"amount_fiat": amount_fiat,
			"amount_fiat_without_fee": chain.fiat(tx.get("amount_fiat_without_fee") or (amount_fiat - fee)),
			"fee_fiat": fee,
			"rate": flt(amount_fiat / amount_crypto, 9),
		}
	)
	try:
		doc.insert(ignore_permissions=True, set_name=name)
	except frappe.DuplicateEntryError:
		frappe.clear_messages()
		return None
	doc.db_set(
		"ledger_entry",
		ledger.append(
			"Received",
			coin=doc.crypto,
			account=chain.HOT,
			counter_account=chain.CUSTOMER,
			amount_crypto=doc.amount_crypto,
			amount_fiat=doc.amount_fiat,
			rate=doc.rate,
			txid=txid,
			reference_doctype=invoice.reference_doctype,
			reference_name=invoice.reference_name,
			crypto_invoice=invoice.name,
			remarks=f"SHKeeper payment to {invoice.address or ''}",
		),
	)
	if fee > 0:
		ledger.append(
			"Fee",
			coin=doc.crypto,
			account=chain.HOT,
			counter_account=chain.SHKEEPER_FEES,
			amount_crypto=-chain.crypto(fee / Decimal(str(doc.rate))),
			amount_fiat=-fee,
			rate=doc.rate,
			txid=txid,
			crypto_invoice=invoice.name,
			remarks="SHKeeper fee",
		)
	return doc.name


def unconfirmed(invoice: Any, event: dict) -> dict:
	"""SHKeeper's optional unconfirmed-transaction notice: shown as Processing, nothing booked."""
	amount = Decimal(str(event.get("amount") or 0))
	if event.get("txid") and not frappe.db.exists(TRANSACTION, f"{event['txid']}:{invoice.name}"):
		invoice.pending_fiat = chain.fiat(amount * Decimal(str(invoice.exchange_rate or 0)))
	state = st.evaluate(
		invoice.amount_due,
		invoice.received_fiat,
		invoice.shkeeper_status or None,
		expires_at=get_datetime(invoice.expires_at) if invoice.expires_at else None,
		now=now_datetime(),
		pending_fiat=invoice.pending_fiat,
	)
	if not (invoice.status == st.SETTLED or invoice.additional_status == st.PAID_LATE):
		invoice.status, invoice.additional_status = state.status, state.additional_status
	invoice.last_callback_at = now_datetime()
	invoice.save(ignore_permissions=True)
	log_call("unconfirmed callback", event, {"pending_fiat": invoice.pending_fiat}, reference=invoice)
	return {"invoice": invoice.name, "pending": float(invoice.pending_fiat)}


def refund_task(invoice: Any, excess: Decimal) -> str:
	rate = Decimal(str(invoice.exchange_rate or 0))
	crypto_amount = f" (≈ {chain.crypto(excess / rate).normalize():f} {invoice.coin})" if rate else ""
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"description": _(
				"Crypto overpayment: {0} paid {1} {2} more than {3} asked{4}. The excess is a customer credit "
				"(unallocated advance); refund it or apply it, then close this task."
			).format(
				invoice.customer or invoice.reference_name,
				excess,
				invoice.fiat_currency,
				invoice.payment_request,
				crypto_amount,
			),
			"reference_type": INVOICE,
			"reference_name": invoice.name,
			"role": "Accounts Manager",
			"priority": "Medium",
		}
	).insert(ignore_permissions=True)
	return todo.name


def retry_unbooked() -> int:
	"""Scheduler (every minute): book recorded transactions whose booking failed."""
	names = frappe.get_all(
		TRANSACTION,
		filters={"payment_entry": ("is", "not set"), "booking_error": ("is", "set")},
		fields=["name", "crypto_invoice"],
		limit=50,
	)
	done = 0
	for row in names:
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- fresh read after the lock
		frappe.db.get_value(INVOICE, row.crypto_invoice, "name", for_update=True)
		tx = frappe.get_doc(TRANSACTION, row.name)
		if tx.payment_entry:
			continue
		if booking.book_transaction(tx.name, frappe.get_doc(INVOICE, row.crypto_invoice)):
			done += 1
		frappe.db.commit()  # nosemgrep
	return done


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=RATE_LIMIT, seconds=RATE_WINDOW)
def payout() -> dict:
	"""callback_url of payouts (sweeps, off-ramps): signed like the payment callbacks."""
	from frappe_crypto.treasury import sweeps

	return _handle(
		"Crypto Payout",
		lambda external_id: frappe.db.exists("Crypto Payout", external_id),
		sweeps.on_payout_callback,
	)
