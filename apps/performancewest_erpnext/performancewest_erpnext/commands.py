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


commands = [pw_setup]
