"""The treasury on a real site: a job driven from received to settled in manual mode (staff tasks
with the numbers, a bank deposit alert read over IMAP), a failure and its retry in automatic mode,
sweeps of the hot wallet's excess to cold storage, and deposits no job expects going to staff."""

import base64
from decimal import Decimal
from pathlib import Path
from unittest.mock import patch

import frappe
from frappe.utils import add_to_date, now_datetime

from frappe_crypto.ledger import chain, ledger
from frappe_crypto.shkeeper import callbacks
from frappe_crypto.tests import utils as u
from frappe_crypto.tests.imap_server import IMAPServer, Mailbox
from frappe_crypto.tests.test_payments import CryptoCase
from frappe_crypto.treasury import deposit_monitor, jobs, sweeps
from frappe_crypto.treasury import machine as m

DATA = Path(__file__).parent / "data"
OBLIGATIONS = [
	{"kind": "filing_fee", "amount": 100, "description": "state filing fee"},
	{"kind": "commission_reserve", "amount": 20, "description": "agent commission"},
]


def treasury_settings(**values) -> None:
	settings = frappe.get_single("Treasury Settings")
	settings.update(
		{"manual_mode": 1, "offramp_buffer_percent": 0, "sweeps_enabled": 1, "imap_enabled": 0, **values}
	)
	settings.set("wallets", [])
	for wallet in values.get("wallets_", []):
		settings.append("wallets", wallet)
	settings.save()
	frappe.clear_document_cache("Treasury Settings", "Treasury Settings")


BTC_WALLET = {
	"coin": "BTC",
	"cold_address": "bc1qcoldstoragexxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	"offramp_address": "bc1qbridgeliquidationxxxxxxxxxxxxxxxxxxxxxx",
	"payout_fee": "12",
}


def alert(job: str, amount: str) -> bytes:
	raw = (DATA / "relay_deposit_plain.eml").read_bytes()
	raw = raw.replace(b"CTJ-2026-00012", job.encode()).replace(b"1,234.56", amount.encode())
	return raw.replace(b"dep-20260417-0001", frappe.generate_hash(length=12).encode())


class TreasuryCase(CryptoCase):
	def setUp(self):
		super().setUp()
		treasury_settings(wallets_=[BTC_WALLET])
		self.addCleanup(treasury_settings)
		patcher = patch.object(jobs, "obligations", return_value=OBLIGATIONS)
		patcher.start()
		self.addCleanup(patcher.stop)

	def paid_job(self, amount: str = "600.00") -> object:
		pr, _view = self.quoted(float(amount))
		u.deliver(u.event(pr.name, [u.tx(self.txid(pr), amount)], "PAID"))
		return frappe.get_doc("Treasury Job", {"crypto_invoice": pr.name})

	def close(self, todo: str) -> None:
		doc = frappe.get_doc("ToDo", todo)
		doc.status = "Closed"
		doc.save()

	def rows(self, job) -> list[tuple]:
		return [
			(
				r.entry_type,
				r.account,
				r.counter_account,
				r.coin,
				Decimal(str(r.amount_crypto)).normalize(),
				r.amount_fiat,
			)
			for r in frappe.get_all(
				ledger.DOCTYPE,
				{"treasury_job": job.name},
				["entry_type", "account", "counter_account", "coin", "amount_crypto", "amount_fiat"],
				order_by="seq",
			)
		]


class TestManualJob(TreasuryCase):
	def test_a_job_from_received_to_settled_in_manual_mode(self):
		job = self.paid_job("600.00")  # 0.01 BTC at 60,000
		self.assertEqual((job.status, job.coin, job.received_fiat), (m.RECEIVED, "BTC", 600))

		self.assertEqual(jobs.advance(job.name), m.SIZING)
		job.reload()
		self.assertEqual((job.filing_fees, job.commission_reserve, job.offramp_fiat), (100, 20, 120))
		self.assertAlmostEqual(job.offramp_crypto, 0.002)
		task = frappe.get_doc("ToDo", job.todo)
		for number in (
			"0.002 BTC",
			"$ 120.00",
			"$ 100.00",
			"$ 20.00",
			BTC_WALLET["offramp_address"],
			job.name,
		):
			self.assertIn(number, task.description)
		self.assertEqual((task.role, job.needs_action), ("Treasury Manager", 1))
		self.assertEqual(jobs.advance(job.name), m.SIZING)  # waits for staff, no second task
		self.assertEqual(frappe.db.count("ToDo", {"reference_name": job.name, "status": "Open"}), 1)

		self.close(task.name)  # staff sent the crypto to the off-ramp
		job.reload()
		self.assertEqual(job.status, m.OFFRAMPING)
		confirm = frappe.get_doc("ToDo", job.todo)
		self.assertIn(job.offramp_reference, confirm.description)

		deposit = deposit_monitor.record_alert(alert(job.name, "118.50"))  # the off-ramp kept $1.50
		job.reload()
		self.assertEqual(
			(job.status, job.bank_deposit, job.bank_amount, job.topup_amount),
			(m.FUNDS_AT_RELAY, deposit, 118.5, 100),
		)
		self.assertEqual(frappe.db.get_value("ToDo", confirm.name, "status"), "Closed")
		self.assertEqual(frappe.db.get_value("Bank Deposit", deposit, "matched_by"), "reference")
		topup = frappe.get_doc("ToDo", job.todo)
		self.assertIn("$ 100.00", topup.description)

		self.close(topup.name)
		job.reload()
		self.assertEqual(job.status, m.SETTLED)
		self.assertEqual(
			[(t.from_state or None, t.to_state) for t in job.transitions],
			[
				(None, "received"),
				("received", "sizing"),
				("sizing", "offramping"),
				("offramping", "funds_at_relay"),
				("funds_at_relay", "settled"),
			],
		)
		self.assertTrue(all(t.changed_by and t.changed_on for t in job.transitions))
		self.assertEqual(
			self.rows(job),
			[
				("Reserve", chain.RESERVED, chain.HOT, "BTC", Decimal("0.002"), 120),
				("Off-ramp Out", chain.RESERVED, chain.OFFRAMP, "BTC", Decimal("-0.002"), -120),
				("Bank In", chain.BANK, chain.OFFRAMP, "USD", Decimal("0"), 118.5),
				("Card Top-up", chain.CARD, chain.BANK, "USD", Decimal("0"), 100),
			],
		)
		self.assertTrue(ledger.verify().ok)

	def test_transitions_follow_the_state_machine(self):
		job = self.paid_job("300.00")
		self.assertRaises(m.InvalidTransition, jobs.transition, job, m.SETTLED, "skip")
		job = frappe.get_doc("Treasury Job", job.name)
		job.status = m.SETTLED
		self.assertRaises(frappe.ValidationError, job.save)  # not through the desk either
		self.assertRaises(frappe.ValidationError, jobs.retry, job.name)  # only failed jobs

	def test_nothing_to_offramp_settles_after_sizing(self):
		with patch.object(jobs, "obligations", return_value=[]):
			job = self.paid_job("300.00")
			self.assertEqual(jobs.advance(job.name), m.SETTLED)


class TestFailureAndRetry(TreasuryCase):
	def test_a_failed_offramp_is_retried_then_confirmed_by_payout_callback(self):
		treasury_settings(manual_mode=0, wallets_=[BTC_WALLET])
		job = self.paid_job("600.00")
		self.shk.payout_status = 500
		self.assertEqual(jobs.advance(job.name), m.FAILED)
		job.reload()
		self.assertEqual((job.failed_in, job.attempts, job.needs_action), (m.SIZING, 1, 1))
		self.assertIn("wallet locked", job.last_error)
		self.assertTrue(
			add_to_date(now_datetime(), seconds=50)
			< job.next_attempt_at
			<= add_to_date(now_datetime(), seconds=61)
		)
		self.assertFalse(frappe.db.exists("Crypto Payout", {"treasury_job": job.name}))
		self.assertTrue(
			frappe.db.exists("Integration Request", {"request_description": "BTC payout", "status": "Failed"})
		)
		self.assertEqual(jobs.advance(job.name), m.FAILED)  # not due yet

		self.shk.payout_status = 200
		self.assertEqual(jobs.retry(job.name), m.OFFRAMPING)
		job.reload()
		payout = frappe.get_doc("Crypto Payout", job.offramp_payout)
		self.assertEqual(
			(payout.purpose, payout.status, payout.task_id, payout.destination),
			("Off-ramp", "Requested", "task-2", BTC_WALLET["offramp_address"]),
		)
		sent = self.shk.payouts[-1]
		self.assertEqual(sent["body"]["external_id"], payout.name)
		self.assertEqual((sent["body"]["amount"], sent["body"]["fee"]), ("0.002", "12"))
		self.assertEqual(sent["auth"], "Basic " + base64.b64encode(b"payouts:payout-secret").decode())
		self.assertEqual([r[0] for r in self.rows(job)], ["Reserve", "Off-ramp Out"])
		self.assertEqual([t.to_state for t in job.transitions][-3:], [m.FAILED, m.SIZING, m.OFFRAMPING])

		tx_hash = frappe.generate_hash(length=64)
		body = frappe.as_json(
			{
				"external_id": payout.name,
				"payout_id": 7,
				"status": "SUCCESS",
				"tx_hash": tx_hash,
				"amount": "0.002",
				"crypto": "BTC",
				"amount_fiat": "120.00",
				"currency_fiat": "USD",
				"timestamp": 1,
			},
			indent=None,
		).encode()
		self.assertEqual(u.deliver(body, endpoint=callbacks.payout)["http"], 202)
		self.assertEqual(frappe.db.get_value("Treasury Job", job.name, "offramp_txid"), tx_hash)
		self.assertEqual(frappe.db.get_value("Crypto Payout", payout.name, "status"), "Sent")
		self.assertEqual(u.deliver(body, key="forged", endpoint=callbacks.payout)["http"], 401)

	def test_attempts_run_out_and_staff_resume_the_job(self):
		treasury_settings(manual_mode=0, wallets_=[BTC_WALLET])
		job = self.paid_job("600.00")
		self.shk.payout_status = 500
		jobs.advance(job.name)
		frappe.db.set_value(
			"Treasury Job",
			job.name,
			{"attempts": 3, "next_attempt_at": add_to_date(now_datetime(), seconds=-1)},
		)
		self.assertEqual(jobs.advance(job.name), m.MANUAL)  # the automatic retry failed once more
		job.reload()
		task = frappe.get_doc("ToDo", job.todo)
		self.assertIn("wallet locked", task.description)
		self.assertEqual(task.priority, "High")
		self.shk.payout_status = 200
		self.close(task.name)
		self.assertEqual(frappe.db.get_value("Treasury Job", job.name, "status"), m.OFFRAMPING)


class TestSweeps(TreasuryCase):
	def wallet(self, coin: str = "DOGE", **values) -> dict:
		return {"coin": coin, "cold_address": "Dcold000000000000000000000000000", "payout_fee": "1", **values}

	def funded(self, coin: str = "DOGE") -> Decimal:
		ledger.append(
			"Received",
			coin=coin,
			account=chain.HOT,
			counter_account=chain.CUSTOMER,
			amount_crypto=5000,
			amount_fiat=500,
			rate=0.1,
			txid=frappe.generate_hash(length=64),
		)
		return ledger.account_balance(chain.HOT, coin) - sweeps.in_flight(coin)

	def test_manual_sweep_is_a_staff_task_and_recorded_when_done(self):
		free = self.funded()
		ceiling, target = (free / 2).quantize(Decimal("1")), (free / 4).quantize(Decimal("1"))
		treasury_settings(
			wallets_=[BTC_WALLET, self.wallet(hot_wallet_ceiling=ceiling, hot_wallet_target=target)]
		)
		made = sweeps.run_sweeps()
		self.assertEqual(len(made), 1)
		payout = frappe.get_doc("Crypto Payout", made[0])
		self.assertEqual((payout.purpose, payout.status, payout.coin), ("Sweep", "With Staff", "DOGE"))
		self.assertEqual(Decimal(str(payout.amount_crypto)), (free - target).quantize(Decimal("0.00000001")))
		self.assertIn("Dcold", frappe.db.get_value("ToDo", payout.todo, "description"))
		self.assertEqual(sweeps.run_sweeps(), [])  # the sweep in flight counts
		hot = ledger.account_balance(chain.HOT, "DOGE")
		self.close(payout.todo)
		payout.reload()
		self.assertEqual(payout.status, "Sent")
		row = frappe.get_doc(ledger.DOCTYPE, payout.ledger_entry)
		self.assertEqual((row.entry_type, row.account, row.counter_account), ("Sweep", chain.HOT, chain.COLD))
		self.assertEqual(ledger.account_balance(chain.HOT, "DOGE"), hot - Decimal(str(payout.amount_crypto)))

	def test_automatic_sweep_through_the_payout_api_and_its_signed_callback(self):
		free = self.funded("LTC")
		treasury_settings(
			manual_mode=0,
			wallets_=[
				self.wallet("LTC", hot_wallet_ceiling=(free / 2).quantize(Decimal("1")), hot_wallet_target=0)
			],
		)
		made = sweeps.run_sweeps()
		payout = frappe.get_doc("Crypto Payout", made[0])
		self.assertEqual((payout.status, payout.task_id), ("Requested", f"task-{len(self.shk.payouts)}"))
		self.assertEqual(self.shk.payouts[-1]["body"]["destination"], "Dcold000000000000000000000000000")
		tx_hash = frappe.generate_hash(length=64)
		body = frappe.as_json(
			{
				"external_id": payout.name,
				"status": "SUCCESS",
				"tx_hash": tx_hash,
				"crypto": "LTC",
				"amount_fiat": "480.00",
			},
			indent=None,
		).encode()
		for _ in range(3):
			self.assertEqual(u.deliver(body, endpoint=callbacks.payout)["http"], 202)
		self.assertEqual(frappe.db.count(ledger.DOCTYPE, {"txid": tx_hash, "entry_type": "Sweep"}), 1)
		self.assertEqual(frappe.db.get_value("Crypto Payout", payout.name, "status"), "Sent")


class TestDepositMonitor(TreasuryCase):
	def test_alerts_are_read_over_imap_matched_or_handed_to_staff(self):
		job = self.paid_job("600.00")
		jobs.advance(job.name)
		self.close(frappe.db.get_value("Treasury Job", job.name, "todo"))
		self.assertEqual(frappe.db.get_value("Treasury Job", job.name, "status"), m.OFFRAMPING)
		box = Mailbox("treasury@example.com", "imap-secret")
		box.add(alert(job.name, "119.00"))
		unmatched = (
			(DATA / "relay_deposit_unmatched.eml")
			.read_bytes()
			.replace(b"dep-20260422-0004", frappe.generate_hash(length=12).encode())
		)
		box.add(unmatched)
		box.add((DATA / "relay_withdrawal.eml").read_bytes())
		box.add(alert(job.name, "1.00"), sender="someone@else.example")  # not from the bank: ignored
		with IMAPServer(box) as server:
			treasury_settings(
				wallets_=[BTC_WALLET],
				imap_enabled=1,
				imap_host="127.0.0.1",
				imap_port=server.server_address[1],
				imap_ssl=0,
				imap_user="treasury@example.com",
				imap_password="imap-secret",
				imap_folder="INBOX",
				alert_sender="relayfi.com",
			)
			found = deposit_monitor.check_deposits()
			self.assertEqual(len(found), 2)
			self.assertEqual([m_["seen"] for m_ in box.messages.values()], [True, True, True, False])
			self.assertEqual(deposit_monitor.check_deposits(), [])  # nothing unread is left
			treasury_settings(
				wallets_=[BTC_WALLET],
				imap_enabled=1,
				imap_host="127.0.0.1",
				imap_port=server.server_address[1],
				imap_ssl=0,
				imap_user="treasury@example.com",
				imap_password="wrong",
			)
			self.assertEqual(deposit_monitor.check_deposits(), [])
			self.assertTrue(
				frappe.db.exists(
					"Integration Request",
					{
						"integration_request_service": "Bank Alerts IMAP",
						"request_description": "IMAP poll",
						"status": "Failed",
					},
				)
			)
		job.reload()
		self.assertEqual((job.status, job.bank_amount), (m.FUNDS_AT_RELAY, 119))
		stray = frappe.get_doc("Bank Deposit", {"name": ("in", found), "status": "Unmatched"})
		self.assertEqual((stray.amount, stray.originator), (5000, "ACME TELECOM LLC"))
		self.assertIn("matches no treasury job", frappe.db.get_value("ToDo", stray.todo, "description"))

	def test_staff_match_a_deposit_by_hand(self):
		job = self.paid_job("600.00")
		jobs.advance(job.name)
		self.close(frappe.db.get_value("Treasury Job", job.name, "todo"))
		raw = alert("NO-MEMO", "150.00")  # neither the memo nor the amount points at the job
		deposit = frappe.get_doc("Bank Deposit", deposit_monitor.record_alert(raw))
		self.assertEqual(deposit.status, "Unmatched")
		deposit.update({"treasury_job": job.name, "status": "Matched"})
		deposit.save()
		self.assertEqual(frappe.db.get_value("Treasury Job", job.name, "status"), m.FUNDS_AT_RELAY)
		self.assertEqual(frappe.db.get_value("ToDo", deposit.todo, "status"), "Closed")
