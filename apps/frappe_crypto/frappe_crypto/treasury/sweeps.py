"""Cold storage: the hot wallet's excess over its ceiling is swept to the coin's cold address through
SHKeeper's payout API (or, in manual mode, by staff from a task with the numbers filled in). The same
payout path sends the off-ramp's crypto. A payout is recorded before it is requested (its name is
the external_id SHKeeper echoes), and its ledger row is written once it is confirmed."""

from decimal import Decimal
from typing import Any

import frappe
from frappe import _
from frappe.utils import flt, now_datetime

from frappe_crypto.ledger import chain, ledger
from frappe_crypto.shkeeper.client import SHKeeperClient, callback_base, payouts_configured
from frappe_crypto.treasury import sweep

PAYOUT = "Crypto Payout"
IN_FLIGHT = ("Planned", "Requested", "With Staff")
CALLBACK_METHOD = "/api/method/frappe_crypto.shkeeper.callbacks.payout"


def request_payout(
	purpose: str, coin: str, destination: str, amount, job: Any = None, fee: str | None = None
) -> Any:
	"""Record the payout, then ask SHKeeper to make it (not retried: a payout sent twice pays twice).
	Raises if SHKeeper refuses; the caller decides what a failure means."""
	from frappe_crypto.treasury.jobs import wallet_of

	wallet = wallet_of(coin)
	payout = frappe.get_doc(
		{
			"doctype": PAYOUT,
			"purpose": purpose,
			"coin": coin,
			"destination": destination,
			"amount_crypto": flt(amount, 9),
			"fee": fee or (wallet and wallet.payout_fee) or "10",
			"treasury_job": job and job.name,
			"status": "Planned",
		}
	).insert(ignore_permissions=True)
	result = SHKeeperClient().payout(
		coin,
		Decimal(str(payout.amount_crypto)),
		destination,
		payout.fee,
		payout.name,
		callback_base() + CALLBACK_METHOD,
		reference=payout,
	)
	payout.db_set({"status": "Requested", "task_id": str(result.get("task_id") or "")})
	return payout


def staff_payout(payout: Any, why: str) -> None:
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"description": _(
				"{0}: send {1} {2} from the SHKeeper hot wallet to {3} ({4}). Close this task once sent."
			).format(
				_(payout.purpose),
				f"{Decimal(str(payout.amount_crypto)).normalize():f}",
				payout.coin,
				payout.destination,
				why,
			),
			"reference_type": PAYOUT,
			"reference_name": payout.name,
			"role": frappe.db.get_single_value("Treasury Settings", "staff_role") or "Treasury Manager",
			"priority": "Medium",
		}
	).insert(ignore_permissions=True)
	payout.db_set({"status": "With Staff", "todo": todo.name})


def in_flight(coin: str) -> Decimal:
	# nosemgrep: frappe-using-db-sql -- a sum over the payouts in flight
	total = frappe.db.sql(
		f"select coalesce(sum(amount_crypto), 0) from `tab{PAYOUT}` where purpose = 'Sweep' and coin = %s and status in %s",
		(coin, IN_FLIGHT),
	)[0][0]
	return Decimal(str(total or 0))


def plan_for(wallet: Any) -> sweep.SweepPlan:
	free = ledger.account_balance(chain.HOT, wallet.coin) - in_flight(wallet.coin)
	reserved = ledger.account_balance(chain.RESERVED, wallet.coin)
	return sweep.plan(
		free,
		reserved,
		wallet.hot_wallet_ceiling,
		wallet.hot_wallet_target or None,
		wallet.minimum_sweep,
		wallet.network_fee_reserve,
	)


def run_sweeps() -> list[str]:
	"""Scheduler (every 30 minutes; `bench crypto-treasury sweep`): sweep each coin whose hot wallet
	is over its ceiling. Returns the payouts made or handed to staff."""
	settings = frappe.get_cached_doc("Treasury Settings")
	if not settings.sweeps_enabled:
		return []
	made = []
	for wallet in settings.wallets:
		if not wallet.cold_address or not wallet.hot_wallet_ceiling:
			continue
		# nosemgrep: frappe-manual-commit -- one coin at a time, read fresh under the ledger's lock
		frappe.db.commit()
		frappe.db.get_value(ledger.DOCTYPE, {"seq": 0}, "name", for_update=True)
		result = plan_for(wallet)
		if not result.needed:
			continue
		automatic = not settings.manual_mode and payouts_configured()
		if automatic:
			try:
				payout = request_payout("Sweep", wallet.coin, wallet.cold_address, result.amount)
			except frappe.ValidationError as e:
				frappe.db.rollback()
				frappe.clear_messages()
				payout = record_only(wallet, result.amount)
				payout.db_set({"status": "Failed", "error": str(e)[:1000]})
				staff_payout(payout, _("SHKeeper refused the payout: {0}").format(str(e)[:200]))
		else:
			payout = record_only(wallet, result.amount)
			staff_payout(payout, result.reason)
		made.append(payout.name)
		frappe.db.commit()  # nosemgrep
	return made


def record_only(wallet: Any, amount) -> Any:
	return frappe.get_doc(
		{
			"doctype": PAYOUT,
			"purpose": "Sweep",
			"coin": wallet.coin,
			"destination": wallet.cold_address,
			"amount_crypto": flt(amount, 9),
			"fee": wallet.payout_fee or "",
			"status": "Planned",
		}
	).insert(ignore_permissions=True)


def payout_sent(payout: Any, tx_hash: str | None, amount_fiat=None, note: str = "") -> str | None:
	"""The payout left the hot wallet: its ledger row (sweeps; an off-ramp's row was written when
	its job moved to offramping), once. The status update claims it: an UPDATE reads the latest
	committed row (not this transaction's snapshot), so of two concurrent callbacks only one changes
	it; the other finds it Sent and returns the first one's ledger row."""
	# nosemgrep: frappe-using-db-sql -- the conditional UPDATE is the claim (its rowcount tells who won)
	frappe.db.sql(
		f"update `tab{PAYOUT}` set status = 'Sent' where name = %s and status != 'Sent'", payout.name
	)
	if not frappe.db._cursor.rowcount:
		return frappe.db.get_value(PAYOUT, payout.name, "ledger_entry", for_update=True)
	payout.reload()
	values = {
		"status": "Sent",
		"tx_hash": tx_hash,
		"callback_at": now_datetime(),
		"amount_fiat": flt(amount_fiat, 2),
	}
	if payout.purpose == "Sweep":
		values["ledger_entry"] = ledger.append(
			"Sweep",
			coin=payout.coin,
			account=chain.HOT,
			counter_account=chain.COLD,
			amount_crypto=-Decimal(str(payout.amount_crypto)),
			amount_fiat=-Decimal(str(amount_fiat or 0)),
			txid=tx_hash,
			reference_doctype=PAYOUT,
			reference_name=payout.name,
			remarks=note or _("Swept to cold storage {0}").format(payout.destination),
		)
	elif payout.treasury_job and tx_hash:
		frappe.db.set_value("Treasury Job", payout.treasury_job, "offramp_txid", tx_hash)
	payout.db_set(values)
	return values.get("ledger_entry")


def on_payout_callback(name: str, event: dict, how: str) -> dict:
	from frappe_crypto.shkeeper.client import log_call

	payout = frappe.get_doc(PAYOUT, name)
	status = str(event.get("status") or "").upper()
	if status == "SUCCESS":
		if event.get("crypto") and event["crypto"] != payout.coin:
			frappe.throw(
				_("Payout {0} is in {1}, the callback in {2}.").format(name, payout.coin, event["crypto"])
			)
		entry = payout_sent(
			payout, event.get("tx_hash"), event.get("amount_fiat"), _("Confirmed by SHKeeper")
		)
	else:
		payout.db_set({"error": f"SHKeeper payout status {status}"})
		entry = None
	log_call("payout callback", {"auth": how, **event}, {"ledger_entry": entry}, reference=payout)
	return {"payout": name, "status": status, "ledger_entry": entry}


def on_todo_update(doc: Any, method: str | None = None) -> None:
	"""Staff closed the task of a payout: they sent it."""
	if doc.reference_type != PAYOUT or doc.status != "Closed":
		return
	payout = frappe.get_doc(PAYOUT, doc.reference_name)
	if payout.todo == doc.name and payout.status in (*IN_FLIGHT, "Failed"):
		payout_sent(payout, None, None, _("Sent by {0} (ToDo {1})").format(frappe.session.user, doc.name))
