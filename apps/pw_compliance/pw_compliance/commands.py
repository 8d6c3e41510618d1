"""Bench commands of pw_compliance: `pw-jurisdictions export|import|due`, `pw-calendar sweep|preview`,
`pw-fcc sync|check`, `pw-cdr sweep|nudges`."""

import csv
import io
import json
import sys
from pathlib import Path

import click
from frappe.commands import get_site, pass_context

CSV_KINDS = {"jurisdictions": "code", "entity_rules": "entity_type"}


def _connect(context) -> None:
	import frappe

	frappe.init(get_site(context))
	frappe.connect()


def to_csv(rows: list[dict]) -> str:
	"""Nested values (rules, addresses) are JSON in their cell."""
	out = io.StringIO()
	writer = csv.DictWriter(out, fieldnames=sorted({k for row in rows for k in row}), lineterminator="\n")
	writer.writeheader()
	for row in rows:
		writer.writerow(
			{
				k: json.dumps(v) if isinstance(v, dict | list | bool) or v is None else v
				for k, v in row.items()
			}
		)
	return out.getvalue()


def from_csv(text: str) -> dict[str, list[dict]]:
	reader = csv.DictReader(io.StringIO(text))
	fields = reader.fieldnames or []
	kind = "entity_rules" if "entity_type" in fields else "jurisdictions"
	rows = []
	for line, raw in enumerate(reader, 2):
		row = {}
		for key, cell in raw.items():
			if key is None or cell is None:
				raise click.ClickException(f"CSV line {line}: wrong number of columns")
			try:
				row[key] = json.loads(cell)
			except json.JSONDecodeError:
				row[key] = cell
			if key in ("code", "jurisdiction", "entity_type", "name") and not isinstance(row[key], str):
				row[key] = cell
		rows.append(row)
	return {kind: rows}


@click.group("pw-jurisdictions")
def pw_jurisdictions() -> None:
	"""Jurisdictions and state entity rules: the sourced data behind every state deadline."""


@pw_jurisdictions.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@click.option("--kind", type=click.Choice(list(CSV_KINDS)), help="With --format csv: which table")
@click.option("--output", type=click.Path(dir_okay=False), help="File to write (default: standard output)")
@pass_context
def export(context, fmt: str, kind: str | None, output: str | None) -> None:
	"""Every jurisdiction and rule with its source, as JSON or CSV."""
	import frappe

	from pw_compliance.jurisdictions.records import export_data

	_connect(context)
	try:
		data = export_data()
	finally:
		frappe.destroy()
	if fmt == "csv":
		if not kind:
			raise click.UsageError("--format csv needs --kind jurisdictions or --kind entity_rules")
		text = to_csv(data[kind])
	else:
		text = json.dumps(data, indent=1, sort_keys=True) + "\n"
	if output:
		Path(output).write_text(text)
	else:
		sys.stdout.write(text)


@pw_jurisdictions.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@pass_context
def import_(context, path: str) -> None:
	"""Import a JSON export or a CSV table: all rows are validated first, nothing is written on error."""
	import frappe

	from pw_compliance.jurisdictions.records import import_data

	text = Path(path).read_text()
	try:
		data = from_csv(text) if path.endswith(".csv") else json.loads(text)
	except json.JSONDecodeError as e:
		raise click.ClickException(f"{path} is not valid JSON: {e}") from e
	if not isinstance(data, dict):
		raise click.ClickException(f"{path} must hold an object with 'jurisdictions' and/or 'entity_rules'")
	_connect(context)
	try:
		counts = import_data(data)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the unit of work of this command
	except frappe.ValidationError as e:
		frappe.db.rollback()
		raise click.ClickException(frappe.utils.strip_html(str(e)).replace("<br>", "\n")) from e
	finally:
		frappe.destroy()
	click.echo(json.dumps(counts))


@pw_jurisdictions.command("due")
@click.option("--state", required=True, help="Jurisdiction code, e.g. WY")
@click.option("--type", "entity_type", required=True, help="llc, corporation or nonprofit")
@click.option("--formed", required=True, help="Formation (or qualification) date, YYYY-MM-DD")
@click.option("--year", required=True, type=int)
@click.option("--entity-number", help="State entity number, for states that file by its parity")
@pass_context
def due(context, state: str, entity_type: str, formed: str, year: int, entity_number: str | None) -> None:
	"""Print the obligations due in a year as JSON."""
	import frappe

	from pw_compliance.jurisdictions.records import due as compute_due

	_connect(context)
	try:
		obligations = compute_due(state, entity_type, formed, year, entity_number=entity_number)
	except frappe.ValidationError as e:
		raise click.ClickException(frappe.utils.strip_html(str(e))) from e
	finally:
		frappe.destroy()
	click.echo(json.dumps(obligations, indent=1))


@click.group("pw-calendar")
def pw_calendar() -> None:
	"""The compliance calendar: derived obligations and their renewal lifecycle."""


@pw_calendar.command("sweep")
@click.option("--date", "day", help="Sweep as of this date (YYYY-MM-DD); default today")
@pass_context
def sweep(context, day: str | None) -> None:
	"""Move every entry that changes that day (what the daily scheduler event runs)."""
	import frappe

	from pw_compliance.calendar.entries import sweep as run_sweep

	_connect(context)
	try:
		click.echo(json.dumps(run_sweep(day)))
	finally:
		frappe.destroy()


@pw_calendar.command("preview")
@click.option("--customer", help="A customer with a Carrier Profile")
@click.option(
	"--profile", "profile_file", type=click.Path(exists=True, dir_okay=False), help="A profile as JSON"
)
@click.option("--year", required=True, type=int)
@pass_context
def preview(context, customer: str | None, profile_file: str | None, year: int) -> None:
	"""Print a carrier's obligations and due dates as JSON; writes nothing."""
	import frappe

	from pw_compliance.calendar.entries import obligations_for

	if bool(customer) == bool(profile_file):
		raise click.UsageError("give --customer or --profile")
	_connect(context)
	try:
		if customer:
			if not frappe.db.exists("Carrier Profile", customer):
				raise click.ClickException(f"{customer} has no Carrier Profile")
			doc = frappe.get_doc("Carrier Profile", customer)
		else:
			doc = frappe.get_doc({"doctype": "Carrier Profile", **json.loads(Path(profile_file).read_text())})
		click.echo(json.dumps([o.as_json() for o in obligations_for(doc, year)], indent=1))
	finally:
		frappe.destroy()


@click.group("pw-fcc")
def pw_fcc() -> None:
	"""FCC public data (499 filers, RMD, CPNI in ECFS, CORES) and the compliance check."""


@pw_fcc.command("sync")
@click.option(
	"--source", type=click.Choice(["filers", "rmd", "cpni", "cores"]), help="One source (default: all)"
)
@pass_context
def fcc_sync(context, source: str | None) -> None:
	"""Fetch and load the FCC sources (what the daily scheduler event runs); exits 1 if one failed."""
	import frappe

	from pw_compliance.pw_fcc.sync import run

	_connect(context)
	try:
		results = run(source, force=bool(source))
	finally:
		frappe.destroy()
	click.echo(json.dumps(results, indent=1, default=str))
	if any(r.get("last_status") == "Failed" for r in results.values()):
		sys.exit(1)


@pw_fcc.command("check")
@click.argument("frn")
@click.option("--date", "day", help="Check as of this date (YYYY-MM-DD); default today")
@click.option("--broadband/--no-broadband", default=None, help="BDC questionnaire: provides broadband")
@click.option("--voice/--no-voice", default=None, help="BDC questionnaire: provides voice")
@pass_context
def fcc_check(context, frn: str, day: str | None, broadband: bool | None, voice: bool | None) -> None:
	"""Print the compliance check of an FRN as JSON (not logged)."""
	import frappe
	from frappe.utils import getdate

	from pw_compliance.fcc.identifiers import InvalidFRN, validate_frn
	from pw_compliance.pw_fcc.lookup import public, run

	try:
		frn = validate_frn(frn)
	except InvalidFRN as e:
		raise click.BadParameter("an FRN is exactly 10 digits, leading zeros kept") from e
	_connect(context)
	try:
		result = run(frn, getdate(day) if day else None, broadband, voice)
	finally:
		frappe.destroy()
	click.echo(json.dumps(public(result), indent=1, default=str))


@click.group("pw-cdr")
def pw_cdr() -> None:
	"""CDR traffic studies: the retention sweep of raw files and the unlock reminders."""


@pw_cdr.command("sweep")
@click.option("--date", "day", help="Sweep as of this date (YYYY-MM-DD); default today")
@pass_context
def cdr_sweep(context, day: str | None) -> None:
	"""Delete raw CDR files past the retention days, keeping results (the daily 05:00 UTC job)."""
	import frappe

	from pw_compliance.cdr.studies import sweep_raw_files

	_connect(context)
	try:
		click.echo(json.dumps({"studies_swept": sweep_raw_files(day, commit=True)}))
	finally:
		frappe.destroy()


@pw_cdr.command("nudges")
@click.option("--date", "day", help="Remind as of this date (YYYY-MM-DD); default today")
@pass_context
def cdr_nudges(context, day: str | None) -> None:
	"""Send the unlock reminders due that day, once each (the daily 10:00 CT job)."""
	import frappe

	from pw_compliance.cdr.studies import send_nudges

	_connect(context)
	try:
		sent = send_nudges(day)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a command's work is kept
		click.echo(json.dumps({"reminders_sent": sent}))
	finally:
		frappe.destroy()


commands = [pw_jurisdictions, pw_calendar, pw_fcc, pw_cdr]
