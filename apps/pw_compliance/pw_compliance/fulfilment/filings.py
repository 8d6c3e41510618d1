"""FCC filings on the fulfilment engine: one FCC Filing per carrier profile, obligation and period (a
unique `filing_key`), reached from an order placed in the portal or from a paid calendar renewal, and
carried by the same steps:

open_filing → intake (waits for the customer's answers) → prepare (documents from the variant's
Document Template) → ask_signature / signed (the officer named in the intake signs through eSign) →
file (a staff task that cannot be closed without the confirmation number and the receipt) → record
(the `pw_filing_completed` hook: profile, calendar entry and next period, binder, customer e-mail).

What each service needs is declared in `services.SERVICES` (slug → `services.FilingService`).
"""

import json
from datetime import date
from typing import Any

import frappe
from frappe import _
from frappe.utils import escape_html, get_url, getdate, now_datetime, nowdate
from performancewest_erpnext.pw_documents import steps as doc_steps
from performancewest_erpnext.pw_orders import engine
from performancewest_erpnext.pw_orders.steps import Auto, Handler, StaffTask, Wait

from pw_compliance.fulfilment import intake
from pw_compliance.fulfilment.services import SERVICES, FilingService

FILING = "FCC Filing"
PROFILE = "Carrier Profile"
ENTRY = "Compliance Entry"
INTAKE_EVENT = "intake_complete"
INTAKE_ROUTE = "/portal/intake"


class EvidenceMissing(frappe.ValidationError):
	pass


def filing_key(carrier_profile: str, obligation: str, period: str) -> str:
	return f"{carrier_profile}::{obligation}::{period}"


def service_of(slug: str) -> FilingService:
	if slug not in SERVICES:
		frappe.throw(_("{0} has no FCC filing declared.").format(slug))
	return SERVICES[slug]


# ---------- the filing record ----------


def _profile_for(customer: str) -> str:
	"""The customer's carrier profile (named after the customer); a minimal one when none exists yet."""
	if not frappe.db.exists(PROFILE, customer):
		frappe.get_doc({"doctype": PROFILE, "customer": customer, "country": "US"}).insert(
			ignore_permissions=True
		)
	return customer


def _period_for(spec: FilingService, profile: str, track: Any, today: date) -> str:
	if track.get("period"):
		return track.period
	open_entry = frappe.db.get_value(
		ENTRY,
		{
			"carrier_profile": profile,
			"obligation": spec.obligation,
			"status": ("in", ("Upcoming", "Due Soon", "Invoice Sent", "Paid", "Filing", "Overdue")),
			"fcc_filing": ("is", "not set"),
		},
		"period",
		order_by="due_date asc",
	)
	return open_entry or spec.default_period(today)


def new_filing(
	service: str, profile: str, period: str, customer: str, variant: str | None = None, track: Any = None
) -> str:
	"""Insert the filing, or return the one already holding its key (the database decides)."""
	spec = service_of(service)
	key = filing_key(profile, spec.obligation, period)
	name = frappe.db.get_value(FILING, {"filing_key": key})
	if name:
		return name
	frappe.db.savepoint("pw_fcc_filing")
	try:
		return (
			frappe.get_doc(
				{
					"doctype": FILING,
					"carrier_profile": profile,
					"service": service,
					"variant": variant,
					"obligation": spec.obligation,
					"period": period,
					"filing_portal": spec.portal,
					"intake": json.dumps(prefill(spec.declaration, profile, customer, track)),
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		frappe.db.rollback(save_point="pw_fcc_filing")
		return frappe.db.get_value(FILING, {"filing_key": key})


def ensure_filing(order: Any, track: Any) -> str:
	"""The FCC Filing this track fulfils, made once: the database refuses a second filing for the same
	carrier, obligation and period, and one already taken by another order is an error for staff."""
	spec = service_of(track.service)
	if track.get("filing") and frappe.db.exists(FILING, track.filing):
		name = track.filing
	else:
		profile = _profile_for(order.customer)
		period = _period_for(spec, profile, track, getdate(nowdate()))
		variant = track.variant or _profile_variant(spec, profile)
		name = new_filing(track.service, profile, period, order.customer, variant, track)
	filing = frappe.get_doc(FILING, name)
	if filing.service_order and filing.service_order != order.name:
		other = frappe.db.get_value("Service Order", filing.service_order, "status")
		if other not in ("Cancelled", "Refunded"):
			frappe.throw(
				_("{0} {1} for {2} is already being filed by order {3} ({4}).").format(
					spec.title, filing.period, filing.carrier_profile, filing.service_order, filing.name
				),
				title=_("Already filed"),
			)
	if filing.service_order != order.name or filing.track != track.track:
		filing.db_set({"service_order": order.name, "track": track.track})
	if track.get("filing") != filing.name:
		frappe.db.set_value(
			"Service Order Track",
			track.name,
			{"filing_doctype": FILING, "filing": filing.name},
			update_modified=False,
		)
		track.filing_doctype, track.filing = FILING, filing.name
	_link_entry(filing, order)
	_profile_row(filing)
	return filing.name


def _profile_variant(spec: FilingService, profile: str) -> str | None:
	"""A bundle member has no variant: the category its carrier profile's one kind gives, if one."""
	kinds = {
		code
		for field, code in (spec.profile_kinds or {}).items()
		if frappe.db.get_value(PROFILE, profile, field)
	}
	return kinds.pop() if len(kinds) == 1 else None


def _link_entry(filing: Any, order: Any | None) -> None:
	"""The calendar entry of the same obligation and period points at the filing; an entry bought
	through the order is marked paid by it, so the calendar does not invoice it again."""
	if filing.compliance_entry:
		return
	entry = frappe.db.get_value(
		ENTRY,
		{"carrier_profile": filing.carrier_profile, "obligation": filing.obligation, "period": filing.period},
		["name", "billable", "sales_invoice", "paid_on", "status"],
		as_dict=True,
	)
	if not entry or entry.status in ("Completed", "Closed"):
		return
	values = {"fcc_filing": filing.name}
	if order is not None and entry.billable and not entry.sales_invoice and order.sales_invoice:
		values.update({"sales_invoice": order.sales_invoice, "paid_on": order.paid_on or nowdate()})
	frappe.db.set_value(ENTRY, entry.name, values)
	filing.db_set("compliance_entry", entry.name)


def _profile_row(filing: Any) -> None:
	"""The carrier profile's list of its filings, kept current."""
	values = {
		"obligation": filing.obligation,
		"period": filing.period,
		"status": filing.status,
		"filed_on": filing.filed_on,
		"confirmation_number": filing.confirmation_number,
	}
	row = frappe.db.get_value(
		"Carrier Profile Filing", {"parenttype": PROFILE, "fcc_filing": filing.name}, "name"
	)
	if row:
		frappe.db.set_value("Carrier Profile Filing", row, values, update_modified=False)
		return
	profile = frappe.get_doc(PROFILE, filing.carrier_profile)
	child = profile.append("filings", {"fcc_filing": filing.name, **values})
	child.db_insert()


# ---------- intake ----------


def answers_of(filing: Any) -> dict:
	try:
		value = json.loads(filing.intake or "{}")
	except ValueError:
		frappe.throw(_("The intake answers of {0} are not valid JSON.").format(filing.name))
	if not isinstance(value, dict):
		frappe.throw(_("The intake answers of {0} must be a JSON object.").format(filing.name))
	return value


def _resolve(source: str, profile: str, customer: str, track: Any | None) -> Any:
	kind, _dot, rest = source.partition(".")
	if kind == "profile":
		return frappe.db.get_value(PROFILE, profile, rest)
	if kind == "customer":
		return frappe.db.get_value("Customer", customer, rest)
	if kind == "track":
		return track.get(rest) if track is not None else None
	if kind == "fcc":
		record, _dot, field = rest.partition(".")
		frn = frappe.db.get_value(PROFILE, profile, "frn")
		doctype = {"filer": "FCC Filer", "cores": "FCC CORES Registration", "rmd": "FCC RMD Entry"}.get(
			record
		)
		if not doctype or not frn:
			return None
		return frappe.db.get_value(doctype, {"frn": frn}, field)
	if kind == "usf":  # the site's USF contribution factors (pw_compliance.usf.factors)
		from pw_compliance.usf import factors

		return factors.resolve(rest)
	if kind == "previous":
		for earlier in frappe.get_all(
			FILING,
			filters={"carrier_profile": profile},
			fields=["intake"],
			order_by="creation desc",
			limit=20,
		):
			try:
				value = json.loads(earlier.intake or "{}").get(rest)
			except (ValueError, AttributeError):
				continue
			if value not in (None, ""):
				return value
	return None


def prefill(declaration: intake.Declaration, profile: str, customer: str, track: Any | None = None) -> dict:
	"""The facts the site already knows: the first non-blank of each fact's prefill sources."""
	found = {}
	for fact in declaration.facts:
		for source in fact.prefill:
			value = _resolve(source, profile, customer, track)
			if value not in (None, ""):
				clean, error = intake.clean_value(fact, value)
				if not error and clean is not None:
					found[fact.key] = clean
					break
	return found


def intake_doctypes() -> tuple[str, ...]:
	"""The records the intake form fills: FCC Filing and those other code registers (hook
	`pw_intake_doctypes`: doctype -> fn(doc) giving its spec, with `title` and `declaration`)."""
	return (FILING, *(frappe.get_hooks("pw_intake_doctypes") or {}))


def spec_of(filing: Any) -> Any:
	"""What a waiting record asks for: its FCC service, or the spec its registered function gives."""
	if filing.doctype == FILING:
		return service_of(filing.service)
	path = frappe.get_hooks("pw_intake_doctypes")[filing.doctype]
	return frappe.get_attr(path[-1] if isinstance(path, list) else path)(filing)


def open_filings(order_name: str) -> list[Any]:
	"""The order's filings (of every intake doctype) still waiting for answers."""
	return [
		frappe.get_doc(doctype, name)
		for doctype in intake_doctypes()
		for name in frappe.get_all(
			doctype,
			filters={"service_order": order_name, "status": "Awaiting Intake"},
			pluck="name",
			order_by="track asc",
		)
	]


def declaration_for(filing: Any) -> intake.Declaration:
	"""What the customer is asked for this filing: its service's facts, less those another filing of the
	same order produces (filled in from the carrier profile once that one is filed)."""
	if filing.doctype != FILING:
		return spec_of(filing).declaration
	others = (
		frappe.get_all(
			FILING,
			filters={"service_order": filing.service_order, "name": ("!=", filing.name)},
			pluck="service",
		)
		if filing.service_order
		else []
	)
	return intake.without(service_of(filing.service).declaration, others)


def form_for(order_name: str) -> tuple[intake.Declaration, dict]:
	"""One form for the order: its waiting filings' declarations merged, with what is already known."""
	filings = open_filings(order_name)
	declaration = intake.merge(declaration_for(f) for f in filings)
	known: dict = {}
	for f in filings:
		for key, value in answers_of(f).items():
			known.setdefault(key, value)
	return declaration, known


def submit_intake(order_name: str, answers: dict, user: str | None = None) -> dict[str, str]:
	"""The customer's (or staff's) answers for every waiting filing of the order: all written, or
	nothing and {fact: error}. Each complete filing lets its order step go on."""
	if not isinstance(answers, dict):
		frappe.throw(_("Send the answers as a JSON object."), exc=frappe.ValidationError)
	filings = open_filings(order_name)
	if not filings:
		frappe.throw(
			_("Order {0} is not waiting for answers.").format(order_name), title=_("Nothing to answer")
		)
	declaration, known = form_for(order_name)
	clean, errors = intake.validate(declaration, {**known, **answers})
	for filing in filings:  # checks across facts a spec may add (`check(answers) -> {fact: error}`)
		check = getattr(spec_of(filing), "check", None)
		if check and not errors:
			errors.update(check(clean))
	if errors:
		return errors
	for filing in filings:
		spec = spec_of(filing)
		mine = {k: v for k, v in clean.items() if k in spec.declaration.keys}
		filing.intake = json.dumps({**answers_of(filing), **mine}, sort_keys=True)
		filing.intake_submitted_on = now_datetime()
		filing.intake_submitted_by = user or frappe.session.user
		filing.save(ignore_permissions=True)
	return {}


def intake_complete(filing: Any) -> bool:
	return not intake.missing(declaration_for(filing), answers_of(filing))


def complete_from_site(filing: Any) -> None:
	"""Before the documents: blank facts filled from what the site learned meanwhile (the FRN a CORES
	filing of the same order produced); a fact still missing stops the step for staff."""
	spec = service_of(filing.service)
	answers = answers_of(filing)
	learned = {
		k: v
		for k, v in prefill(spec.declaration, filing.carrier_profile, filing.customer).items()
		if answers.get(k) in (None, "")
	}
	if learned:
		filing.intake = json.dumps({**answers, **learned}, sort_keys=True)
		filing.save(ignore_permissions=True)
	missing = intake.missing(spec.declaration, answers_of(filing))
	if missing:
		frappe.throw(
			_("{0} still lacks: {1}. Fill it in the filing's intake answers.").format(
				filing.name, ", ".join(spec.declaration.fact(k).label for k in missing)
			)
		)


def _step_row(filing: Any, step: str) -> Any:
	return frappe.db.get_value(
		"Service Order Step",
		{"parent": filing.service_order, "parenttype": "Service Order", "track": filing.track, "step": step},
		["name", "status", "todo"],
		as_dict=True,
	)


# ---------- the controller's work ----------


def validate_filing(doc: Any) -> None:
	doc.filing_key = filing_key(doc.carrier_profile, doc.obligation, doc.period)
	spec = SERVICES.get(doc.service)
	if spec:
		answers = answers_of(doc)
		clean, errors = intake.validate(spec.declaration, answers)
		wrong = {k: e for k, e in errors.items() if answers.get(k) not in (None, "")}
		refuse_wrong_answers(spec.declaration, wrong)
		asked = declaration_for(doc).keys
		missing = [k for k in errors if k not in wrong and k in asked]
		doc.intake = json.dumps({**answers, **clean}, sort_keys=True)
		doc.intake_missing = "\n".join(spec.declaration.fact(k).label for k in missing)
		if not missing and doc.status == "Awaiting Intake":
			doc.status = "Preparing" if spec.has_document else "Ready to File"
	if doc.status == "Filed" or (doc.confirmation_number and doc.receipt and doc.status == "Ready to File"):
		check_evidence(doc)
		doc.status = "Filed"
		doc.filed_on = doc.filed_on or nowdate()
		doc.filed_by = doc.filed_by or frappe.session.user
		doc.filing_method = doc.filing_method or "Staff on the agency's site"


def refuse_wrong_answers(declaration: Any, wrong: dict[str, str]) -> None:
	"""Refuse (nothing written) intake answers staff entered in the desk that fail their checks, each
	named by its label. Shared by the FCC and the state filings."""
	if wrong:
		frappe.throw(
			"<br>".join(
				escape_html(_("{0}: {1}").format(declaration.fact(k).label, _(e))) for k, e in wrong.items()
			),
			title=_("Check the intake answers"),
		)


def refuse_without_evidence(what: str, evidence: list[tuple[str, Any]]) -> None:
	"""Refuse (EvidenceMissing, nothing written) unless every (label, value) of a filing's evidence is
	given; `what` names the filing in the message. Shared by the FCC and the state filings."""
	missing = [label for label, value in evidence if not (value or "").strip()]
	if missing:
		frappe.throw(
			_("Record {0} of {1} before it is marked filed.").format(f" {_('and')} ".join(missing), what),
			exc=EvidenceMissing,
			title=_("Evidence missing"),
		)


def close_step_task(doc: Any, step: str) -> None:
	"""The order's staff task of this step closes itself: its evidence was recorded on the filing."""
	row = _step_row(doc, step)
	if row and row.todo and frappe.db.get_value("ToDo", row.todo, "status") == "Open":
		todo = frappe.get_doc("ToDo", row.todo)
		todo.status = "Closed"
		todo.save(ignore_permissions=True)


def check_evidence(doc: Any) -> None:
	refuse_without_evidence(
		doc.name,
		[(_("the confirmation number"), doc.confirmation_number), (_("the receipt"), doc.receipt)],
	)
	spec = SERVICES.get(doc.service)
	if spec and spec.check_confirmation:
		error = spec.check_confirmation(doc.confirmation_number.strip())
		if error:
			frappe.throw(_(error), exc=EvidenceMissing, title=_("Evidence missing"))


def on_filing_update(doc: Any) -> None:
	before = doc.get_doc_before_save()
	if doc.service_order and before and before.status == "Awaiting Intake" and doc.status != before.status:
		row = _step_row(doc, "intake")
		if row and row.status in ("Pending", "Waiting"):
			engine.notify(doc.service_order, INTAKE_EVENT, step=row.name)
	if (
		doc.status == "Filed"
		and (not before or before.status != "Filed")
		and doc.service_order
		and not doc.flags.closing_task
	):
		close_step_task(doc, "file")
	if frappe.db.exists("Carrier Profile Filing", {"fcc_filing": doc.name}):
		_profile_row(doc)


# ---------- steps ----------


def _filing(ctx: Any) -> Any:
	name = ctx.track.get("filing") or frappe.db.get_value(
		FILING, {"service_order": ctx.order.name, "track": ctx.track.track}
	)
	if not name:
		frappe.throw(_("Track {0} of {1} has no filing yet.").format(ctx.track.track, ctx.order.name))
	return frappe.get_doc(FILING, name)


def open_filing(ctx: Any) -> str:
	"""The filing of this track and those of the order's other FCC tracks (a bundle asks once); the
	customer is told what we need when anything is missing."""
	name = ensure_filing(ctx.order, ctx.track)
	for track in ctx.order.tracks:
		if track.name != ctx.track.name and track.service in SERVICES and not track.get("filing"):
			ensure_filing(ctx.order, track)
	filing = frappe.get_doc(FILING, name)
	if filing.status == "Awaiting Intake" and ctx.order.contact_email:
		engine.email_customer(
			ctx.order,
			_("What we need from you for order {0}").format(ctx.order.name),
			_(
				"<p>To prepare your {0} we need a few facts only you know.</p>"
				'<p><a href="{1}">Answer them in your portal</a></p>'
			).format(
				escape_html(service_of(filing.service).title), get_url(f"{INTAKE_ROUTE}/{ctx.order.name}")
			),
		)
	return name


def find_filing(ctx: Any) -> str | None:
	return frappe.db.get_value(FILING, {"service_order": ctx.order.name, "track": ctx.track.track})


def intake_ready(ctx: Any) -> bool:
	"""Everything known already (prefilled, or answered in the form of the order's first track)."""
	filing = _filing(ctx)
	if filing.status == "Awaiting Intake" and intake_complete(filing):
		ready = "Preparing" if service_of(filing.service).has_document else "Ready to File"
		filing.db_set({"status": ready, "intake_missing": ""})
	return filing.status != "Awaiting Intake"


def filing_context(filing: Any) -> dict[str, Any]:
	"""The `filing` namespace of its documents: the intake answers and the filing's own facts."""
	spec = service_of(filing.service)
	answers = answers_of(filing)
	values = {key: "" for key in spec.declaration.keys}
	for key, value in answers.items():
		values[key] = spec.format(key, value)
	values.update(spec.derive(answers))
	customer_name = frappe.db.get_value("Customer", filing.customer, "customer_name") or filing.customer
	values.update(
		{
			"period": filing.period,
			"period_label": spec.period_label(filing.period),
			"carrier_name": values.get("legal_name") or customer_name,
			"frn": values.get("frn") or frappe.db.get_value(PROFILE, filing.carrier_profile, "frn") or "",
			"category": spec.category_label(filing.variant),
			"name": filing.name,
		}
	)
	return values


def known_context(order: Any | None) -> dict:
	"""hooks `pw_document_context`: the `filing` namespace (its fields while a template is checked; the
	order's first filing otherwise, which handlers replace with the track's own)."""
	fields = {"period", "period_label", "carrier_name", "frn", "category", "name"}
	for spec in SERVICES.values():
		fields |= set(spec.declaration.keys) | set(spec.derive({}))
	if order is None:
		return {"filing": dict.fromkeys(fields)}
	name = frappe.db.get_value(FILING, {"service_order": order.name}, "name", order_by="track asc")
	return {"filing": filing_context(frappe.get_doc(FILING, name))} if name else {}


def prepare(ctx: Any) -> str:
	from performancewest_erpnext.pw_documents import templates

	filing = _filing(ctx)
	complete_from_site(filing)
	spec = service_of(filing.service)
	template = spec.template_for(filing.variant)
	doc = templates.generate(
		template,
		ctx.order.name,
		kind="Filed Form",
		convert_now=True,
		context={"filing": filing_context(filing)},
	)
	if doc.status == "Failed":
		raise RuntimeError(_("{0} could not be converted: {1}").format(doc.name, doc.error))
	filing.db_set({"document": doc.name, "status": "Awaiting Signature" if spec.signer else "Ready to File"})
	return doc.name


def find_prepared(ctx: Any) -> str | None:
	filing = _filing(ctx)
	if filing.document and frappe.db.get_value("Order Document", filing.document, "file_key"):
		return filing.document
	return None


def ask_signature(ctx: Any) -> str:
	"""The officer named in the intake gets the signing link (eSign resumes the `signed` step)."""
	from performancewest_erpnext.pw_documents import esign

	filing = _filing(ctx)
	answers = answers_of(filing)
	wait = _step_row(filing, "signed")
	request = esign.request_signature(
		filing.document,
		answers["officer_name"],
		answers["officer_email"],
		order_step=wait.name if wait else None,
	)
	filing.db_set({"esign_request": request.name, "signer_name": request.signer_name})
	return request.name


def find_signature(ctx: Any) -> str | None:
	return _filing(ctx).esign_request or None


def signed_ready(ctx: Any) -> bool:
	"""Signed already (the officer signed before the step began): take the signed PDF."""
	filing = _filing(ctx)
	signed = filing.document and frappe.db.get_value("Order Document", filing.document, "signed_document")
	if signed:
		filing.db_set({"signed_document": signed, "status": "Ready to File"})
	return bool(signed)


def filing_lines(ctx: Any) -> list[str]:
	"""Every value staff type into the agency's site, the documents and the link."""
	filing = _filing(ctx)
	signed_ready(ctx)
	filing.reload()
	spec = service_of(filing.service)
	lines = [
		_("Filing {0}: {1} for {2}, period {3}.").format(
			filing.name, spec.title, filing.carrier_profile, filing.period
		)
	]
	lines.append(_("File at: {0}").format(spec.portal))
	for label, value in spec.filing_values(filing_context(filing)):
		lines.append(f"{label}: {value}")
	document = filing.signed_document or filing.document
	if document:
		lines.append(_("Document to upload: {0}").format(get_url(f"/app/order-document/{document}")))
	lines.append(
		_(
			"Then open {0}, enter the confirmation number, attach the receipt and save; this task closes itself."
		).format(get_url(f"/app/fcc-filing/{filing.name}"))
	)
	return lines


def require_evidence(ctx: Any) -> None:
	"""The filing task closes only with the evidence; closing it marks the filing filed."""
	filing = _filing(ctx)
	if filing.status == "Filed":
		return
	check_evidence(filing)
	filing.status = "Filed"
	filing.flags.closing_task = True  # this very task is being closed
	filing.save(ignore_permissions=True)


def record(ctx: Any) -> str:
	"""Tell the site (hook `pw_filing_completed`); once: `recorded_on` is written in the same commit."""
	filing = _filing(ctx)
	if filing.status != "Filed":
		frappe.throw(_("{0} is not filed yet.").format(filing.name))
	for path in frappe.get_hooks("pw_filing_completed"):
		frappe.get_attr(path)(filing)
	filing.db_set("recorded_on", now_datetime())
	return _("{0} filed, confirmation {1}").format(filing.name, filing.confirmation_number)


def find_recorded(ctx: Any) -> str | None:
	filing = _filing(ctx)
	return _("{0} already recorded").format(filing.name) if filing.recorded_on else None


def handler(slug: str) -> Handler:
	"""The steps of an FCC filing service."""
	spec = service_of(slug)
	steps: list = [
		Auto("open_filing", run=open_filing, find=find_filing, title=_("Open the filing record")),
		Wait("intake", event=INTAKE_EVENT, ready=intake_ready, title=_("Customer answers what we need")),
	]
	if spec.has_document:
		steps.append(Auto("prepare", run=prepare, find=find_prepared, title=_("Prepare the documents")))
	if spec.signer:
		steps += [
			Auto(
				"ask_signature",
				run=ask_signature,
				find=find_signature,
				title=_("Send to the officer to sign"),
			),
			Wait("signed", event=doc_steps.SIGNATURE_EVENT, ready=signed_ready, title=_("Officer signs")),
		]
	steps += [
		StaffTask(
			"file",
			spec.staff_instructions,
			title=_("File {0} and record the evidence").format(spec.title),
			describe=filing_lines,
			before_close=require_evidence,
		),
		Auto("record", run=record, find=find_recorded, title=_("Record the filing")),
	]
	return Handler(tuple(steps))
