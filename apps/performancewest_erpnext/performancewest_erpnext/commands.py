"""Bench commands of the Performance West platform: `bench --site S pw-setup ...`."""

import click
from frappe.commands import get_site, pass_context


@click.group("pw-setup")
def pw_setup() -> None:
	"""Set up Performance West sites."""


@pw_setup.command("demo")
@pass_context
def demo(context) -> None:
	"""Complete the ERPNext set-up (US company, USD) and load the demo data; safe to run again."""
	import frappe

	from performancewest_erpnext.setup.demo import CUSTOMER_USER, DEMO_PASSWORD, STAFF_USER, setup_demo

	site = get_site(context)
	frappe.init(site)
	frappe.connect()
	try:
		setup_demo()
	finally:
		frappe.destroy()
	click.secho(f"Demo data ready on {site}", fg="green")
	click.echo(f"  staff:    {STAFF_USER} / {DEMO_PASSWORD}")
	click.echo(f"  customer: {CUSTOMER_USER} / {DEMO_PASSWORD}")


@pw_setup.command("gateways")
@pass_context
def setup_gateways(context) -> None:
	"""Switch on the payment gateways, in test mode, whose test credentials are in the environment:
	PW_STRIPE_SECRET_KEY + PW_STRIPE_WEBHOOK_SECRET, PW_PAYPAL_CLIENT_ID + PW_PAYPAL_CLIENT_SECRET +
	PW_PAYPAL_WEBHOOK_ID (sandbox), PW_SHKEEPER_URL + PW_SHKEEPER_API_KEY."""
	import os

	frappe = _connected(context)
	from performancewest_erpnext.setup.gateways import configure

	try:
		configured, missing = configure(os.environ)
	finally:
		frappe.destroy()
	for doctype in configured:
		click.secho(f"{doctype}: enabled in test mode", fg="green")
	for doctype, variables in missing.items():
		click.echo(f"{doctype}: left as it is (to enable it in test mode, set {', '.join(variables)})")


def _connected(context):
	import frappe

	site = get_site(context)
	frappe.init(site)
	frappe.connect()
	return frappe


@click.group("pw-orders")
def pw_orders() -> None:
	"""Service orders: find stuck ones, retry steps, resume."""


@pw_orders.command("stuck")
@click.option("--hours", default=24, show_default=True, help="Also list orders unchanged for this long")
@pass_context
def stuck(context, hours: int) -> None:
	"""Orders that will not move on their own (failed steps, overdue retries, dead workers, stale)."""
	frappe = _connected(context)
	from performancewest_erpnext.pw_orders.engine import stuck as find_stuck

	try:
		rows = find_stuck(hours)
		for row in rows:
			waiting = f" ({row.waiting_on})" if row.waiting_on else ""
			error = (row.last_error or "").strip().splitlines()[-1:] or [""]
			click.echo(f"{row.name}\t{row.status}{waiting}\t{row.step}: {row.step_status}\t{error[0][:100]}")
		click.echo(f"{len(rows)} stuck step(s)")
	finally:
		frappe.destroy()


@pw_orders.command("retry")
@click.argument("order")
@click.option("--step", default=None, help="The step to retry; default: every step that needs staff")
@pass_context
def retry(context, order: str, step: str | None) -> None:
	"""Give failed steps fresh attempts now."""
	frappe = _connected(context)
	from performancewest_erpnext.pw_orders.engine import retry as retry_steps

	try:
		count = retry_steps(order, step)
		click.echo(
			f"{order}: {count} step(s) retried; now {frappe.db.get_value('Service Order', order, 'status')}"
		)
	finally:
		frappe.destroy()


@pw_orders.command("resume")
@click.argument("order")
@pass_context
def resume(context, order: str) -> None:
	"""Run whatever the order can do now (after a fix, or to recover from a lost job)."""
	frappe = _connected(context)
	from performancewest_erpnext.pw_orders.engine import advance

	try:
		click.echo(f"{order}: {advance(order)}")
	finally:
		frappe.destroy()


@click.group("pw-mcp")
def pw_mcp() -> None:
	"""The MCP server for AI agents."""


@pw_mcp.command("serve")
@pass_context
def mcp_serve(context) -> None:
	"""Serve the read-only MCP tools (services, prices, the FCC check) on stdin/stdout."""
	frappe = _connected(context)
	from performancewest_erpnext.pw_business.mcp_server import serve

	try:
		serve()
	finally:
		frappe.destroy()


@click.group("pw-business")
def pw_business() -> None:
	"""Agent commissions and Listmonk's feedback, on demand (the scheduler runs them too)."""


@pw_business.command("commissions")
@click.option("--as-of", default=None, help="The day to judge holdbacks on (default: today)")
@pass_context
def run_commissions(context, as_of: str | None) -> None:
	"""Make the commissions whose holdback has passed, cancellations and clawbacks (the daily job)."""
	frappe = _connected(context)
	from performancewest_erpnext.pw_business.commissions import run

	try:
		made = run(as_of)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a CLI command, outside any request
		click.echo(", ".join(f"{count} {what.replace('_', ' ')}" for what, count in made.items()))
	finally:
		frappe.destroy()


@pw_business.command("listmonk-feedback")
@pass_context
def listmonk_feedback(context) -> None:
	"""Read Listmonk's bounces and unsubscribes back (the hourly job)."""
	frappe = _connected(context)
	from performancewest_erpnext.pw_business.listmonk import pull_feedback

	try:
		marked = pull_feedback()
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a CLI command, outside any request
		click.echo(
			", ".join(f"{count} {what}" for what, count in marked.items()) or "Listmonk is not enabled"
		)
	finally:
		frappe.destroy()


from performancewest_erpnext.pw_documents.commands import pw_documents

commands = [pw_setup, pw_orders, pw_documents, pw_mcp, pw_business]
