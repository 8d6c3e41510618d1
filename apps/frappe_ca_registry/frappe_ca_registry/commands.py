"""Bench commands of frappe_ca_registry: `pw-canada mail` (read the client mailboxes now) and
`pw-canada names` (ask BC Registries for the pending name decisions now), what the scheduler runs."""

import click
from frappe.commands import get_site, pass_context


@click.group("pw-canada")
def pw_canada() -> None:
	"""The Canadian CRTC pipeline's scheduled work, on demand."""


def _run(context, method: str) -> None:
	import frappe

	frappe.init(get_site(context))
	frappe.connect()
	try:
		click.echo(frappe.get_attr(method)())
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a bench command's own unit of work
	finally:
		frappe.destroy()


@pw_canada.command("mail")
@pass_context
def mail(context) -> None:
	"""Read the provisioned client mailboxes (every 15 minutes by the scheduler); prints messages recorded."""
	_run(context, "frappe_ca_registry.crtc.mail.process")


@pw_canada.command("names")
@pass_context
def names(context) -> None:
	"""Ask BC Registries for the decisions the orders wait for (hourly); prints orders moved on."""
	_run(context, "frappe_ca_registry.crtc.handler.poll_name_requests")


commands = [pw_canada]
