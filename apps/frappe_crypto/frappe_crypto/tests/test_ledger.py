"""The append-only crypto ledger: every mutation path refused (document API, frappe.db.set_value,
raw SQL, the desk and REST handlers), corrections by reversal, the chain check catching a row altered
directly in SQL, a dropped or changed guard trigger, a truncated tail and a rehashed chain (against the
daily checkpoints), and concurrent appends keeping one chain."""

import os
import subprocess
import sys
import threading
from datetime import date
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_bench_path

from frappe_crypto.ledger import chain, ledger

DOCTYPE = ledger.DOCTYPE
CHECKPOINT = ledger.CHECKPOINT
DAY = date(2026, 11, 30)  # the checkpoints these tests write (removed again afterwards)


def append(**values) -> str:
	content = {
		"coin": "LTC",
		"account": chain.HOT,
		"counter_account": chain.CUSTOMER,
		"amount_crypto": 2,
		"amount_fiat": 160,
		"rate": 80,
		"txid": frappe.generate_hash(length=64),
		"remarks": "test receipt",
		**values,
	}
	return ledger.append(content.pop("entry_type", "Received"), **content)


class TestLedger(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		self.name = append()

	def assertGuarded(self, fn, *args, **kwargs):
		"""Refused by the controller (LedgerImmutableError), by Frappe's own rule for submitted records
		(deletion) or, below the ORM, by the trigger."""
		with self.assertRaises(Exception) as caught:
			fn(*args, **kwargs)
		text = f"{type(caught.exception).__name__} {caught.exception}"
		self.assertTrue(
			isinstance(caught.exception, ledger.LedgerImmutableError)
			or "append-only" in text
			or "Submitted Record cannot be deleted" in text,
			text,
		)
		frappe.clear_messages()

	def test_rows_are_chained_and_stamped(self):
		row = frappe.get_doc(DOCTYPE, self.name)
		previous = frappe.get_doc(DOCTYPE, {"seq": row.seq - 1})
		self.assertEqual(row.docstatus, 1)
		self.assertEqual(row.prev_hash, previous.row_hash)
		self.assertEqual(row.row_hash, chain.row_hash(row.as_dict()))
		self.assertEqual(row.name, f"CLE-{row.seq:08d}")
		self.assertTrue(ledger.guard_installed())
		self.assertTrue(ledger.verify().ok)

	def test_the_document_api_refuses_every_change_for_administrator(self):
		doc = frappe.get_doc(DOCTYPE, self.name)
		doc.amount_fiat = 1
		self.assertGuarded(doc.save)
		self.assertGuarded(frappe.get_doc(DOCTYPE, self.name).cancel)
		self.assertGuarded(frappe.delete_doc, DOCTYPE, self.name)
		self.assertGuarded(frappe.delete_doc, DOCTYPE, self.name, force=True, ignore_on_trash=True)
		amended = frappe.copy_doc(frappe.get_doc(DOCTYPE, self.name))
		amended.amended_from = self.name
		self.assertGuarded(amended.insert)
		self.assertEqual(frappe.db.get_value(DOCTYPE, self.name, "amount_fiat"), 160)

	def test_set_value_and_raw_sql_are_refused_by_the_database(self):
		self.assertGuarded(frappe.db.set_value, DOCTYPE, self.name, "amount_fiat", 1)
		self.assertGuarded(frappe.db.set_value, DOCTYPE, self.name, "remarks", "edited")
		self.assertGuarded(
			frappe.db.sql, f"update `tab{DOCTYPE}` set amount_crypto = 0 where name = %s", self.name
		)
		self.assertGuarded(frappe.db.delete, DOCTYPE, {"name": self.name})
		self.assertGuarded(frappe.db.sql, f"delete from `tab{DOCTYPE}`")
		self.assertEqual(frappe.db.get_value(DOCTYPE, self.name, "amount_fiat"), 160)
		# Frappe's own bookkeeping columns (comments, assignments, tags) may still change
		frappe.get_doc(DOCTYPE, self.name).add_comment("Comment", "checked against the explorer")
		self.assertIn("explorer", frappe.db.get_value(DOCTYPE, self.name, "_comments"))

	def test_the_desk_and_rest_handlers_are_refused(self):
		import frappe.client
		from frappe.desk.form import save

		doc = frappe.get_doc(DOCTYPE, self.name).as_dict()
		doc["amount_fiat"] = 5
		self.assertGuarded(frappe.client.save, doc)  # REST PUT /api/resource and the desk's save
		self.assertGuarded(frappe.client.set_value, DOCTYPE, self.name, "amount_fiat", 5)
		self.assertGuarded(frappe.client.delete, DOCTYPE, self.name)  # REST DELETE
		self.assertGuarded(save.savedocs, frappe.as_json(doc), "Update")
		self.assertGuarded(save.savedocs, frappe.as_json(doc), "Cancel")
		self.assertGuarded(save.cancel, DOCTYPE, self.name)
		self.assertEqual(frappe.db.get_value(DOCTYPE, self.name, "amount_fiat"), 160)

	def test_a_correction_is_a_reversing_row(self):
		before = ledger.account_balance(chain.HOT, "LTC")
		wrong = append(amount_crypto=5, amount_fiat=400)
		reversal = ledger.reverse(wrong, "entered twice")
		row = frappe.get_doc(DOCTYPE, reversal)
		self.assertEqual(
			(row.entry_type, row.reverses, row.amount_crypto, row.amount_fiat), ("Reversal", wrong, -5, -400)
		)
		self.assertEqual(ledger.account_balance(chain.HOT, "LTC"), before)
		self.assertRaises(frappe.DuplicateEntryError, ledger.reverse, wrong, "again")
		self.assertRaises(frappe.ValidationError, ledger.reverse, reversal, "undo the undo")
		self.assertTrue(ledger.verify().ok)

	def test_the_chain_check_catches_a_row_altered_in_sql(self):
		victim = append(amount_crypto=1, amount_fiat=80)
		append()
		frappe.db.commit()  # nosemgrep: dropping a trigger commits; start from a committed ledger
		seq = frappe.db.get_value(DOCTYPE, victim, "seq")
		try:
			ledger.remove_guard()  # the tamperer has the database's own privileges
			frappe.db.sql(f"update `tab{DOCTYPE}` set amount_crypto = 0.5 where name = %s", victim)
			report = ledger.verify()
			self.assertFalse(report.ok)
			self.assertIn((seq, victim), {(b.seq, b.name) for b in report.breaks if "altered" in b.problem})
			with patch.object(frappe.db, "commit"):
				ledger.verify_and_report()
			self.assertTrue(frappe.db.exists("Error Log", {"method": ("like", "Crypto ledger check found%")}))
			todo = frappe.get_all(
				"ToDo", {"reference_name": victim, "status": "Open"}, ["description", "role"]
			)
			self.assertTrue(todo and "altered" in todo[0].description and todo[0].role == "System Manager")
		finally:
			frappe.db.rollback()
			ledger.install_guard()
		self.assertTrue(ledger.verify().ok)
		self.assertTrue(ledger.guard_installed())

	def tearDown(self):
		if not ledger.guard_installed():
			frappe.db.rollback()
			ledger.install_guard()

	def verify_command(self, *args: str) -> subprocess.CompletedProcess:
		"""`bench --site S crypto-ledger verify` as its own process (it sees what is committed)."""
		bench = [sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", frappe.local.site]
		return subprocess.run(
			[*bench, "crypto-ledger", "verify", *args],
			cwd=os.path.join(get_bench_path(), "sites"),
			capture_output=True,
			text=True,
			timeout=120,
		)

	def test_a_dropped_or_changed_trigger_is_an_alarm(self):
		no_update = ledger.GUARDED[DOCTYPE][0]
		alarm = ("like", f"Crypto ledger check found %guard: trigger {no_update} is missing%")
		try:
			# what a migrate that failed between before_migrate and after_migrate leaves behind
			frappe.db.sql_ddl(f"DROP TRIGGER `{no_update}`")
			self.assertEqual(ledger.guard_problems(), [f"trigger {no_update} is missing"])
			self.assertFalse(ledger.guard_installed())
			result = self.verify_command()
			self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
			self.assertIn(f"GUARD trigger {no_update} is missing", result.stdout)
			self.assertTrue(frappe.db.exists("ToDo", {"description": alarm, "status": "Open"}))
			# a trigger of that name that lets updates through is no guard either
			frappe.db.sql_ddl(
				f"CREATE TRIGGER `{no_update}` BEFORE UPDATE ON `tab{DOCTYPE}` FOR EACH ROW SET @ignored = 1"
			)
			self.assertEqual(ledger.guard_problems(), [f"trigger {no_update} is not the expected definition"])
			with patch.object(frappe.db, "commit"):
				report = ledger.verify_and_report()
			self.assertFalse(report.ok)
			self.assertTrue(frappe.db.exists("Error Log", {"method": ("like", "Crypto ledger check found%")}))
			todo = frappe.get_all("ToDo", {"description": ("like", "%not the expected%"), "status": "Open"})
			self.assertTrue(todo)
		finally:
			frappe.db.rollback()
			frappe.db.delete("ToDo", {"description": alarm})
			ledger.install_guard()  # commits
		self.assertEqual(ledger.guard_problems(), [])
		self.assertEqual(self.verify_command().returncode, 0)

	def checkpoint(self) -> object:
		"""The daily job, run now for DAY (its e-mail captured)."""
		with patch.object(frappe.db, "commit"), patch.object(frappe, "sendmail") as sendmail:
			checkpoint = ledger.daily_verify(DAY)
		self.assertTrue(checkpoint, "the daily job wrote no checkpoint")
		self.mail = sendmail.call_args.kwargs
		return checkpoint

	def drop_checkpoint(self) -> None:
		frappe.db.rollback()
		ledger.remove_guard()
		frappe.db.delete(CHECKPOINT, {"checkpoint_date": DAY})
		frappe.db.commit()  # nosemgrep: the test's checkpoint leaves with the guard lifted
		ledger.install_guard()

	def test_the_daily_job_anchors_the_head_and_truncating_the_tail_is_caught(self):
		self.addCleanup(self.drop_checkpoint)
		append()
		checkpoint = self.checkpoint()
		head = frappe.db.sql(f"select name, seq, row_hash from `tab{DOCTYPE}` order by seq desc limit 1")[0]
		count = frappe.db.count(DOCTYPE)
		self.assertEqual(
			(checkpoint.name, checkpoint.last_entry, checkpoint.last_seq, checkpoint.head_hash),
			(f"CLC-{DAY}", *head),
		)
		self.assertEqual(checkpoint.row_count, count)
		self.assertIn(checkpoint.head_hash, self.mail["message"])
		self.assertIn(f"{head[1]}:{count}:{head[2]}", self.mail["message"])
		self.assertIn("chain intact", self.mail["subject"])
		self.assertEqual(self.checkpoint().name, checkpoint.name)  # one per day
		# the checkpoint is insert-only too
		self.assertGuarded(frappe.get_doc(CHECKPOINT, checkpoint.name).save)
		self.assertGuarded(frappe.delete_doc, CHECKPOINT, checkpoint.name)
		ledger.remove_guard()  # commits the rows and the checkpoint
		# the tamperer cuts the newest rows off
		frappe.db.sql(f"delete from `tab{DOCTYPE}` where seq between %s and %s", (head[1] - 1, head[1]))
		self.assertTrue(chain.verify(ledger.rows()).ok)  # the chain alone looks fine
		report = ledger.verify()
		self.assertIn((head[1], True), {(b.seq, "rows removed" in b.problem) for b in report.breaks})

	def test_a_rehashed_chain_is_caught_by_the_checkpoint_and_by_the_mailed_anchor(self):
		self.addCleanup(self.drop_checkpoint)
		victim = append(remarks="the real story")
		append()
		checkpoint = self.checkpoint()
		ledger.remove_guard()  # commits the rows and the checkpoint
		# the tamperer edits a row and recomputes every hash after it: the chain is consistent again
		seq = frappe.db.get_value(DOCTYPE, victim, "seq")
		frappe.db.sql(f"update `tab{DOCTYPE}` set remarks = 'another story' where name = %s", victim)
		prev = frappe.db.get_value(DOCTYPE, {"seq": seq - 1}, "row_hash")
		for row in frappe.db.sql(
			f"select * from `tab{DOCTYPE}` where seq >= %s order by seq", seq, as_dict=True
		):
			row.prev_hash = prev
			prev = chain.row_hash(row)
			frappe.db.sql(
				f"update `tab{DOCTYPE}` set prev_hash = %s, row_hash = %s where name = %s",
				(row.prev_hash, prev, row.name),
			)
		self.assertTrue(chain.verify(ledger.rows()).ok)
		report = ledger.verify()
		self.assertIn(
			(checkpoint.last_seq, True), {(b.seq, "chain rewritten" in b.problem) for b in report.breaks}
		)
		# and with the checkpoint removed as well, the head from the e-mail still tells
		frappe.db.delete(CHECKPOINT, {"name": checkpoint.name})
		self.assertTrue(ledger.verify().ok)
		anchor = {"name": "e-mail", "last_seq": checkpoint.last_seq, "row_count": checkpoint.row_count}
		self.assertFalse(ledger.verify([{**anchor, "head_hash": checkpoint.head_hash}]).ok)

	def test_concurrent_appends_keep_one_chain(self):
		frappe.db.commit()  # nosemgrep: the writers are other connections
		site, errors, names = frappe.local.site, [], []

		def writer():
			frappe.init(site=site)
			frappe.connect()
			try:
				for _ in range(3):
					names.append(append(amount_crypto=0.1, amount_fiat=8))
					frappe.db.commit()  # nosemgrep
			except Exception as e:
				errors.append(e)
			finally:
				frappe.destroy()

		threads = [threading.Thread(target=writer) for _ in range(4)]
		for t in threads:
			t.start()
		for t in threads:
			t.join(60)
		self.assertEqual(errors, [])
		self.assertEqual(len(set(names)), 12)
		report = ledger.verify()
		self.assertTrue(report.ok, report.breaks)
		seqs = sorted(frappe.get_all(DOCTYPE, {"name": ("in", names)}, pluck="seq"))
		self.assertEqual(len(seqs), 12)
