"""bench commands: `bench --site S crypto-ledger verify` and `bench --site S crypto-treasury ...`."""

import click
from frappe.commands import get_site, pass_context


def _connect(context) -> None:
	import frappe

	frappe.init(site=get_site(context))
	frappe.connect()


@click.group("crypto-ledger")
def crypto_ledger() -> None:
	"""The append-only crypto ledger."""


@crypto_ledger.command("verify")
@click.option(
	"--anchor",
	"anchors",
	multiple=True,
	metavar="SEQ:ROWS:HASH",
	help="Also check the chain against a head kept elsewhere (the line of a daily checkpoint e-mail).",
)
@pass_context
def verify(context, anchors: tuple[str, ...] = ()) -> None:
	"""Check the guard's triggers, recompute the hash chain and the balances per account and coin and
	compare the chain with every checkpoint; exit 1 on any problem."""
	import frappe

	from frappe_crypto.ledger import ledger

	parsed = [_anchor(text) for text in anchors]
	_connect(context)
	try:
		report = ledger.verify_and_report(parsed)
		click.echo(
			f"{report.rows} rows, head #{report.head_seq} {report.head_hash}, "
			f"{report.checkpoints} checkpoints, guard {'OFF' if report.guard_problems else 'on'}"
		)
		for (account, coin), amount in sorted(report.balances.items()):
			click.echo(f"  {account:<14} {coin:<6} {amount.normalize():f}")
		for problem in report.guard_problems:
			click.secho(f"GUARD {problem}", fg="red")
		for problem in report.breaks:
			click.secho(f"BREAK #{problem.seq} {problem.name}: {problem.problem}", fg="red")
		if not report.ok:
			raise SystemExit(1)
		click.secho("chain intact, guard in place", fg="green")
	finally:
		frappe.destroy()


def _anchor(text: str) -> dict:
	try:
		seq, rows, head_hash = text.split(":")
		return {
			"name": f"anchor {text}",
			"last_seq": int(seq),
			"row_count": int(rows),
			"head_hash": head_hash,
		}
	except ValueError:
		raise click.BadParameter(f"{text!r} is not SEQ:ROWS:HASH", param_hint="--anchor") from None


@click.group("crypto-treasury")
def crypto_treasury() -> None:
	"""Run the treasury's scheduled work now."""


def _run(context, dotted: str) -> None:
	import frappe

	_connect(context)
	try:
		result = frappe.get_attr(dotted)()
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a command has no request to commit it
		click.echo(result)
	finally:
		frappe.destroy()


@crypto_treasury.command("advance")
@pass_context
def advance(context) -> None:
	"""Advance every treasury job that is due."""
	_run(context, "frappe_crypto.treasury.jobs.advance_all_due")


@crypto_treasury.command("sweep")
@pass_context
def sweep(context) -> None:
	"""Sweep hot-wallet excess to cold storage."""
	_run(context, "frappe_crypto.treasury.sweeps.run_sweeps")


@crypto_treasury.command("check-deposits")
@pass_context
def check_deposits(context) -> None:
	"""Read bank deposit alerts now."""
	_run(context, "frappe_crypto.treasury.deposit_monitor.check_deposits")


commands = [crypto_ledger, crypto_treasury]
