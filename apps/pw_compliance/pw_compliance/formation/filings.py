"""Formation and foreign qualification on the fulfilment engine: one State Filing per customer, kind and
state (a unique `filing_key`), carried by the same road as the FCC filings (pw_compliance.fulfilment):

formation:  open_filing → intake (the portal form "What we need from you") → name_search (the state's
            business search through its adapter, or a staff task) → name_confirmed → file (a staff task
            that cannot close without the filing number, the stamped articles and, for a fee, the state's
            receipt) → ein (a staff task with the SS-4 answers; cannot close without the EIN) → record
            (the `pw_filing_completed` hook)
foreign:    open_filing (one State Filing and one Foreign Qualification Registration per ordered state)
            → intake → good_standing (staff order the home state's certificate) → file (each state's
            filing number, fee receipt and certificate recorded on its State Filing; each state moves on
            its own) → record

A filing's state fee, paid with the filing card the order's top-up funded, is recorded once when the filing is
approved: one State Fee Payment per State Filing, named after it, so the database refuses a second.
"""

import json
from typing import Any

import frappe
from frappe import _
from frappe.utils import escape_html, get_url, getdate, now_datetime, nowdate
from performancewest_erpnext.pw_orders import engine
from performancewest_erpnext.pw_orders.steps import Auto, Handler, StaffTask, Wait

from pw_compliance.formation import services
from pw_compliance.fulfilment import filings as fcc
from pw_compliance.fulfilment import intake

FILING = "State Filing"
FQR = "Foreign Qualification Registration"
FEE_PAYMENT = "State Fee Payment"
TOPUP = "Filing Card Top-up"
PROFILE = "Carrier Profile"
NAME_EVENT = "name_confirmed"
FEE_FIELD = {"Formation": "formation_fee", "Foreign Qualification": "foreign_qualification_fee"}
EIN_LENGTH = 9


EvidenceMissing = fcc.EvidenceMissing  # one refusal for every filing's missing evidence


def filing_key(carrier_profile: str, kind: str, jurisdiction: str) -> str:
	return f"{carrier_profile}::{kind}::{jurisdiction}"


def states_of(track: Any) -> list[str]:
	"""The track's states, in order, each once."""
	found: list[str] = []
	for part in (track.jurisdictions or "").replace(";", ",").split(","):
		code = part.strip().upper()
		if code and code not in found:
			found.append(code)
	return found


def entity_type_of(track: Any) -> str:
	return track.variant if track.variant in services.ENTITY_LABELS else "llc"


# ---------- intake (the portal form of pw_compliance.fulfilment reads these through `spec_of`) ----------


def intake_spec(doc: Any) -> services.StateService:
	return services.service_for(doc.service)


def answers_of(doc: Any) -> dict:
	return fcc.answers_of(doc)


# ---------- the records ----------


def _profile_for(customer: str) -> str:
	if not frappe.db.exists(PROFILE, customer):
		frappe.get_doc({"doctype": PROFILE, "customer": customer, "country": "US"}).insert(
			ignore_permissions=True
		)
	return customer


def ensure_registration(customer: str, state: str, entity_type: str) -> str:
	"""The customer's Foreign Qualification Registration in the state, Planned when new."""
	name = frappe.db.get_value(
		FQR, {"customer": customer, "jurisdiction": state, "status": ("!=", "Withdrawn")}, "name"
	)
	if name:
		return name
	return (
		frappe.get_doc(
			{
				"doctype": FQR,
				"customer": customer,
				"jurisdiction": state,
				"entity_type": entity_type,
				"status": "Planned",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def on_order_placed(doc: Any, method: str | None = None) -> None:
	"""doc_events Service Order after_insert: a foreign qualification order's registrations exist from
	the moment it is placed, one per ordered state."""
	for track in doc.get("tracks") or []:
		if track.service in services.FOREIGN_SLUGS:
			_profile_for(doc.customer)
			for state in states_of(track):
				if frappe.db.exists("Jurisdiction", state):
					ensure_registration(doc.customer, state, entity_type_of(track))


def new_filing(order: Any, track: Any, state: str) -> str:
	"""Insert the State Filing, or return the one already holding its key (the database decides)."""
	spec = services.service_for(track.service)
	profile = _profile_for(order.customer)
	key = filing_key(profile, spec.kind, state)
	name = frappe.db.get_value(FILING, {"filing_key": key})
	if name:
		return name
	values = {
		"doctype": FILING,
		"kind": spec.kind,
		"jurisdiction": state,
		"entity_type": entity_type_of(track),
		"carrier_profile": profile,
		"service": track.service,
		"service_order": order.name,
		"track": track.track,
		"intake": json.dumps(fcc.prefill(spec.declaration, profile, order.customer, track)),
	}
	if spec.kind == "Foreign Qualification":
		values["foreign_qualification"] = ensure_registration(order.customer, state, entity_type_of(track))
	frappe.db.savepoint("pw_state_filing")
	try:
		return frappe.get_doc(values).insert(ignore_permissions=True).name
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		frappe.db.rollback(save_point="pw_state_filing")
		return frappe.db.get_value(FILING, {"filing_key": key})


def track_filings(order_name: str, track_no: int) -> list[Any]:
	return [
		frappe.get_doc(FILING, name)
		for name in frappe.get_all(
			FILING,
			filters={"service_order": order_name, "track": track_no},
			pluck="name",
			order_by="jurisdiction asc",
		)
	]


def _fee_todo(filing: Any) -> None:
	"""A fee not confirmed from its source: staff confirm it before it is paid or billed (one ToDo)."""
	if filing.fee_confirmed or frappe.db.exists(
		"ToDo", {"reference_type": FILING, "reference_name": filing.name, "status": "Open"}
	):
		return
	fee = FEE_FIELD[filing.kind].replace("_", " ")
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"reference_type": FILING,
			"reference_name": filing.name,
			"role": "Fulfilment Staff",
			"allocated_to": frappe.get_cached_doc("Performance West Settings").staff_assignee,
			"description": _(
				"The {0} {1} for a {2} ({3} on file) is not confirmed from the state's fee schedule, so the "
				"customer was quoted 'state fee to be confirmed' and was not billed for it. Confirm it, record "
				"its source and checked-on date on Jurisdiction Entity Rule {0}-{2}, and invoice the customer "
				"the fee before it is paid."
			).format(filing.jurisdiction, _(fee), filing.entity_type, filing.state_fee or 0),
		}
	).insert(ignore_permissions=True)


def _set_fee(filing: Any) -> None:
	from pw_compliance.jurisdictions.records import fee_status

	amount, confirmed = fee_status(filing.jurisdiction, filing.entity_type, FEE_FIELD[filing.kind])
	filing.db_set({"state_fee": amount or 0, "fee_confirmed": int(confirmed)})


def open_filing(ctx: Any) -> str:
	"""The track's State Filings (one per state), their fees, and the customer told what we need."""
	names = []
	for state in states_of(ctx.track):
		name = new_filing(ctx.order, ctx.track, state)
		filing = frappe.get_doc(FILING, name)
		if filing.service_order != ctx.order.name or filing.track != ctx.track.track:
			other = filing.service_order and frappe.db.get_value(
				"Service Order", filing.service_order, "status"
			)
			if filing.service_order and other not in ("Cancelled", "Refunded"):
				frappe.throw(
					_("{0} in {1} is already being filed by order {2} ({3}).").format(
						_(filing.kind), state, filing.service_order, filing.name
					)
				)
			filing.db_set({"service_order": ctx.order.name, "track": ctx.track.track})
		_set_fee(filing)
		_fee_todo(filing.reload() or filing)
		names.append(name)
	if not names:
		frappe.throw(_("Track {0} of {1} names no state.").format(ctx.track.track, ctx.order.name))
	first = frappe.get_doc(FILING, names[0])
	frappe.db.set_value(
		"Service Order Track",
		ctx.track.name,
		{"filing_doctype": FILING, "filing": first.name},
		update_modified=False,
	)
	if first.status == "Awaiting Intake" and ctx.order.contact_email:
		engine.email_customer(
			ctx.order,
			_("What we need from you for order {0}").format(ctx.order.name),
			_(
				'<p>To prepare your {0} we need a few facts only you know.</p><p><a href="{1}">Answer them in your portal</a></p>'
			).format(
				escape_html(_(services.service_for(first.service).title)),
				get_url(f"{fcc.INTAKE_ROUTE}/{ctx.order.name}"),
			),
		)
	return ", ".join(names)


def find_open(ctx: Any) -> str | None:
	names = [f.name for f in track_filings(ctx.order.name, ctx.track.track)]
	return ", ".join(names) if len(names) == len(states_of(ctx.track)) else None


def intake_ready(ctx: Any) -> bool:
	"""Every state's answers known already (prefilled, or answered in the order's form)."""
	waiting = 0
	for filing in track_filings(ctx.order.name, ctx.track.track):
		if filing.status == "Awaiting Intake":
			if intake_missing(filing):
				waiting += 1
			else:
				filing.db_set({"status": "Ready to File", "intake_missing": ""})
	return not waiting


def intake_missing(filing: Any) -> list[str]:
	spec = intake_spec(filing)
	answers = answers_of(filing)
	return intake.missing(spec.declaration, answers) + list(services.check_answers(spec, answers))


# ---------- the controller's work ----------


def validate_filing(doc: Any) -> None:
	doc.filing_key = filing_key(doc.carrier_profile, doc.kind, doc.jurisdiction)
	if doc.home_jurisdiction and doc.home_jurisdiction == doc.jurisdiction:
		frappe.throw(_("An entity is not foreign in its home state {0}.").format(doc.jurisdiction))
	spec = intake_spec(doc)
	answers = answers_of(doc)
	clean, errors = intake.validate(spec.declaration, answers)
	wrong = {k: e for k, e in errors.items() if answers.get(k) not in (None, "")}
	wrong.update(services.check_answers(spec, {**answers, **clean}))
	fcc.refuse_wrong_answers(spec.declaration, wrong)
	doc.intake = json.dumps({**answers, **clean}, sort_keys=True)
	if clean.get("home_state"):
		doc.home_jurisdiction = str(clean["home_state"]).upper()
	missing = [k for k in errors if k not in wrong]
	doc.intake_missing = "\n".join(spec.declaration.fact(k).label for k in missing)
	if not missing and doc.status == "Awaiting Intake":
		doc.status = "Ready to File"
	if doc.ein:
		doc.ein = doc.ein.replace("-", "").strip()
		if not (doc.ein.isdigit() and len(doc.ein) == EIN_LENGTH):
			frappe.throw(_("The EIN is nine digits."), title=_("Check the EIN"))
	evidence_given = (
		(doc.filing_number or "").strip()
		and doc.stamped_document
		and (not doc.state_fee or (doc.fee_receipt or "").strip())
	)
	if doc.status in ("Filed", "Approved") or (evidence_given and doc.status == "Ready to File"):
		check_evidence(doc)
		doc.status = "Approved"  # the state's stamped articles or certificate are its approval
		doc.filed_on = doc.filed_on or nowdate()
		doc.approved_on = doc.approved_on or doc.filed_on
		doc.filed_by = doc.filed_by or frappe.session.user
		doc.filing_method = doc.filing_method or "Staff on the state's site"


def check_evidence(doc: Any) -> None:
	evidence = [
		(_("the state filing number"), doc.filing_number),
		(_("the stamped articles or certificate"), doc.stamped_document),
	]
	if doc.state_fee:
		evidence.append((_("the state's receipt for the fee"), doc.fee_receipt))
	fcc.refuse_without_evidence(f"{doc.name} ({doc.jurisdiction})", evidence)


def on_filing_update(doc: Any) -> None:
	before = doc.get_doc_before_save()
	if doc.service_order and before and before.status == "Awaiting Intake" and doc.status != before.status:
		_notify_if_track_ready(doc, fcc.INTAKE_EVENT, lambda f: f.status != "Awaiting Intake")
	if doc.service_order and doc.entity_name and (not before or not before.entity_name):
		_notify_if_track_ready(doc, NAME_EVENT, lambda f: bool(f.entity_name))
	approved_now = doc.status == "Approved" and (not before or before.status != "Approved")
	if approved_now:
		record_fee_payment(doc)
	if doc.foreign_qualification and approved_now:
		_approve_registration(doc)
	if approved_now and doc.service_order and not doc.flags.closing_task:
		_close_file_task(doc)


def record_fee_payment(doc: Any) -> str | None:
	"""The state fee paid with the filing card, recorded once per state filing: the payment's name is the
	filing's, so a second recording (a retry, a second save, two workers at once) is refused by the database
	and the first one stands. The card is the one the order's top-up funded; an unconfirmed fee was not billed
	with the order (its fee task has staff invoice it) and is recorded as not billed."""
	if not doc.state_fee:
		return None
	topup = doc.service_order and frappe.db.get_value(
		TOPUP, {"service_order": doc.service_order}, ["name", "filing_card"], as_dict=True
	)
	frappe.db.savepoint("pw_state_fee")
	try:
		payment = frappe.get_doc(
			{
				"doctype": FEE_PAYMENT,
				"state_filing": doc.name,
				"jurisdiction": doc.jurisdiction,
				"service_order": doc.service_order,
				"amount": doc.state_fee,
				"billed": doc.fee_confirmed,
				"filing_card": topup.filing_card if topup else None,
				"top_up": topup.name if topup else None,
				"state_receipt": (doc.fee_receipt or "").strip(),
				"paid_on": doc.filed_on or nowdate(),
				"recorded_by": frappe.session.user,
			}
		).insert(ignore_permissions=True)
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		frappe.db.rollback(save_point="pw_state_fee")
		frappe.clear_messages()
		return None
	doc.db_set(
		{"fee_payment": payment.name, "fee_paid_by": payment.filing_card or _("filing card (no top-up)")},
		update_modified=False,
	)
	return payment.name


def _close_file_task(doc: Any) -> None:
	"""Every state of the track approved: the filing task closes itself and the order goes on."""
	if any(f.status != "Approved" for f in track_filings(doc.service_order, doc.track)):
		return
	fcc.close_step_task(doc, "file")


def _notify_if_track_ready(doc: Any, event: str, done: Any) -> None:
	if all(done(f) for f in track_filings(doc.service_order, doc.track)):
		row = fcc._step_row(doc, {fcc.INTAKE_EVENT: "intake", NAME_EVENT: "name_confirmed"}[event])
		if row and row.status in ("Pending", "Waiting"):
			engine.notify(doc.service_order, event, step=row.name)


def _approve_registration(doc: Any) -> None:
	"""The registration follows its filing: Filed, then Approved with the certificate number."""
	fqr = frappe.get_doc(FQR, doc.foreign_qualification)
	if fqr.status == "Approved":
		return
	fqr.home_jurisdiction = fqr.home_jurisdiction or doc.home_jurisdiction
	fqr.filing_date = doc.filed_on
	if fqr.status in ("Planned", "Rejected"):
		fqr.status = "Filed"
		fqr.save(ignore_permissions=True)
	fqr.update(
		{
			"status": "Approved",
			"approved_on": doc.approved_on,
			"certificate_number": doc.filing_number,
			"fees_paid": doc.state_fee if doc.get("fee_payment") else 0,
		}
	)
	fqr.save(ignore_permissions=True)


# ---------- steps ----------


def _first(ctx: Any) -> Any:
	found = track_filings(ctx.order.name, ctx.track.track)
	if not found:
		frappe.throw(_("Track {0} of {1} has no state filing yet.").format(ctx.track.track, ctx.order.name))
	return found[0]


def name_search(ctx: Any) -> str:
	"""The proposed names through the state's business search: the first available is the entity's name.
	No adapter for the state, or the adapter failing, hands the search to staff (a ToDo on the filing);
	the `name_confirmed` step waits for them to record the name."""
	from pw_compliance.formation import name_search as search

	filing = _first(ctx)
	names = services.proposed_names(answers_of(filing))
	adapter = search.adapter_for(filing.jurisdiction)
	results: list[dict] = []
	chosen = None
	error = None
	if adapter is None and filing.jurisdiction in search.ADAPTERS:
		error = _("the {0} business search is automated but switched off (PW Compliance Settings)").format(
			filing.jurisdiction
		)
	elif adapter is None:
		error = _("no automated business search for {0}: {1}").format(
			filing.jurisdiction, _(search.why_not(filing.jurisdiction))
		)
	else:
		try:
			for proposed in names:
				result = adapter.check(proposed)
				results.append({"name": proposed, "available": result.available, "matches": result.matches})
				if result.available:
					chosen = proposed
					break
		except search.SearchFailed as e:
			error = str(e)
	filing.db_set("name_search", json.dumps({"adapter": adapter.code if adapter else None, "results": results,
		"error": error}, sort_keys=True))  # fmt: skip
	if chosen:
		filing.entity_name = chosen
		filing.save(ignore_permissions=True)
		return _("{0} is available in {1}").format(chosen, filing.jurisdiction)
	_name_todo(filing, names, results, error)
	# the step's reference is short (140 characters); the why is on the staff task and the filing
	why = _("the automated search failed") if adapter and error else _("no automated search")
	return _("name search handed to staff: {0}").format(why if error else _("none of the names is available"))


def _name_todo(filing: Any, names: list[str], results: list[dict], error: str | None) -> None:
	if frappe.db.exists("ToDo", {"reference_type": FILING, "reference_name": filing.name, "status": "Open",
		"description": ("like", "%business search%")}):  # fmt: skip
		return
	taken = [r["name"] for r in results if not r["available"]]
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"reference_type": FILING,
			"reference_name": filing.name,
			"role": "Fulfilment Staff",
			"allocated_to": frappe.get_cached_doc("Performance West Settings").staff_assignee,
			"description": "<br>".join(
				escape_html(line)
				for line in (
					_(
						"Check the proposed names in the {0} business search and record the first available one as "
						"the Entity Name of {1}; the order waits for it."
					).format(filing.jurisdiction, filing.name),
					_("Why staff: {0}").format(error or _("every proposed name is taken")),
					_("Proposed, in order: {0}").format("; ".join(names)),
					_("Taken: {0}").format("; ".join(taken) or _("none found")),
					_("Search: {0}").format(
						frappe.db.get_value("Jurisdiction", filing.jurisdiction, "business_search_url") or ""
					),
				)
			),
		}
	).insert(ignore_permissions=True)


def find_name_search(ctx: Any) -> str | None:
	filing = _first(ctx)
	return filing.name_search and _("name search already run for {0}").format(filing.name)


def name_ready(ctx: Any) -> bool:
	return all(f.entity_name for f in track_filings(ctx.order.name, ctx.track.track))


def _agent(filing: Any, answers: dict) -> str:
	address = frappe.db.get_value("Jurisdiction", filing.jurisdiction, "registered_agent_address")
	if not address and answers.get("registered_agent") == services.OUR_AGENT:
		_agent_address_todo(filing.jurisdiction)
	return services.agent_text(answers, filing.jurisdiction, frappe.parse_json(address) if address else None)


def _agent_address_todo(state: str) -> None:
	"""Northwest Registered Agent's street address in the state is not on its Jurisdiction: staff record it
	once (from the NWRA account), and every later formation and foreign-qualification task carries it."""
	if frappe.db.exists("ToDo", {"reference_type": "Jurisdiction", "reference_name": state, "status": "Open",
		"description": ("like", "%Northwest Registered Agent%")}):  # fmt: skip
		return
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"reference_type": "Jurisdiction",
			"reference_name": state,
			"role": "Fulfilment Staff",
			"allocated_to": frappe.get_cached_doc("Performance West Settings").staff_assignee,
			"description": escape_html(
				_(
					"Record Northwest Registered Agent's street address in {0} as the Registered Agent Address of "
					"Jurisdiction {0}, as the NWRA account shows it, e.g. {1}. Formation and foreign-qualification "
					"tasks for {0} put it on the filing from then on."
				).format(
					state,
					json.dumps(
						{
							"name": "Northwest Registered Agent LLC",
							"line1": "...",
							"city": "...",
							"region": state,
							"postal_code": "...",
						}
					),  # fmt: skip
				)
			),
		}
	).insert(ignore_permissions=True)


def _card_line(order: Any) -> str:
	topup = frappe.db.get_value(
		"Filing Card Top-up", {"service_order": order.name}, ["name", "filing_card", "status"], as_dict=True
	)
	if not topup:
		return _(
			"Filing card: no top-up for this order (no confirmed fee was billed); pay any fee staff confirm."
		)
	return _("Pay the state fee with filing card {0} (top-up {1}, {2}).").format(
		topup.filing_card or _("to be chosen"), topup.name, topup.status
	)


def filing_lines(ctx: Any) -> list[str]:
	"""Every value staff type into each state's site, the fee, the card, where to record the evidence."""
	lines = []
	for filing in track_filings(ctx.order.name, ctx.track.track):
		answers = answers_of(filing)
		name = filing.entity_name or answers.get("legal_name") or ""
		lines.append(_("{0} {1} ({2}), status {3}").format(filing.jurisdiction, _(filing.kind), filing.name,
			_(filing.status)))  # fmt: skip
		lines.append(_("File at: {0}").format(frappe.db.get_value("Jurisdiction", filing.jurisdiction,
			"portal_url") or ""))  # fmt: skip
		for label, value in services.filing_values(
			filing.kind, filing.jurisdiction, filing.entity_type, answers, name, _agent(filing, answers)
		):
			lines.append(f"{_(label)}: {value}")
		fee = _("State fee: {0}").format(filing.state_fee or 0)
		lines.append(fee if filing.fee_confirmed else fee + " " + _("(to be confirmed; see the fee task)"))
		if filing.good_standing:
			lines.append(_("Certificate of good standing: {0}").format(get_url(filing.good_standing)))
		lines.append(
			_("Then open {0}, enter the state filing number and the state's fee receipt, attach the stamped articles "
				"or certificate and save.").format(get_url(f"/app/state-filing/{filing.name}"))
		)  # fmt: skip
	lines.append(_card_line(ctx.order))
	return lines


def require_evidence(ctx: Any) -> None:
	"""The filing task closes only when every state's evidence is recorded (each state moves on its own
	as staff record it); closing it with the evidence typed on the filings marks them."""
	for filing in track_filings(ctx.order.name, ctx.track.track):
		if filing.status == "Approved":
			continue
		check_evidence(filing)
		filing.status = "Approved"
		filing.flags.closing_task = True  # this very task is being closed
		filing.save(ignore_permissions=True)


def good_standing_lines(ctx: Any) -> list[str]:
	filing = _first(ctx)
	answers = answers_of(filing)
	return [
		_("Home state: {0}; entity {1} number {2}.").format(
			str(answers.get("home_state") or "").upper(), answers.get("legal_name", ""),
			answers.get("home_entity_number", ""),
		),
		_("Order the certificate of good standing (existence) from the home state's site: {0}").format(
			frappe.db.get_value("Jurisdiction", str(answers.get("home_state") or "").upper(), "portal_url") or ""
		),
		_("Attach it as the Certificate of Good Standing on {0}; the other states' filings get the same file.")
		.format(get_url(f"/app/state-filing/{filing.name}")),
	]  # fmt: skip


def require_good_standing(ctx: Any) -> None:
	filings = track_filings(ctx.order.name, ctx.track.track)
	certificate = next((f.good_standing for f in filings if f.good_standing), None)
	if not certificate:
		frappe.throw(
			_("Attach the home state's certificate of good standing to {0} first.").format(filings[0].name),
			exc=EvidenceMissing,
			title=_("Evidence missing"),
		)
	for filing in filings:
		if not filing.good_standing:
			filing.db_set("good_standing", certificate)


def ein_lines(ctx: Any) -> list[str]:
	filing = _first(ctx)
	lines = [_("Apply for the EIN online at https://sa.www4.irs.gov/modiein/individual/index.jsp with the "
		"answers below, then record it as the EIN of {0}.").format(get_url(f"/app/state-filing/{filing.name}"))]  # fmt: skip
	for label, value in services.ss4_answers(
		answers_of(filing), filing.entity_name or "", filing.jurisdiction, filing.entity_type,
		str(filing.filed_on or ""),
	):  # fmt: skip
		lines.append(f"{label}: {value}")
	return lines


def require_ein(ctx: Any) -> None:
	filing = _first(ctx)
	if not filing.ein:
		frappe.throw(
			_("Record the EIN on {0} before closing this task.").format(filing.name),
			exc=EvidenceMissing,
			title=_("Evidence missing"),
		)
	customer = frappe.get_doc("Customer", filing.customer)
	if customer.tax_id != filing.ein:
		customer.tax_id = filing.ein
		customer.save(ignore_permissions=True)


def record(ctx: Any) -> str:
	"""Tell the site (hook `pw_filing_completed`) once per state filing: `recorded_on` in the same commit."""
	done = []
	for filing in track_filings(ctx.order.name, ctx.track.track):
		if filing.status != "Approved":
			frappe.throw(_("{0} is not filed yet.").format(filing.name))
		if filing.recorded_on:
			continue
		for path in frappe.get_hooks("pw_filing_completed"):
			frappe.get_attr(path)(filing)
		filing.db_set("recorded_on", now_datetime())
		done.append(f"{filing.jurisdiction} {filing.filing_number}")
	return _("recorded: {0}").format(", ".join(done) or _("already"))


def find_recorded(ctx: Any) -> str | None:
	filings = track_filings(ctx.order.name, ctx.track.track)
	return _("already recorded") if filings and all(f.recorded_on for f in filings) else None


def _open_step(title: str) -> Auto:
	return Auto("open_filing", run=open_filing, find=find_open, title=title)


def _intake_step() -> Wait:
	return Wait(
		"intake", event=fcc.INTAKE_EVENT, ready=intake_ready, title=_("Customer answers what we need")
	)


def _record_step() -> Auto:
	return Auto("record", run=record, find=find_recorded, title=_("Record the filing"))


def formation_handler() -> Handler:
	return Handler(
		(
			_open_step(_("Open the formation filing")),
			_intake_step(),
			Auto("name_search", run=name_search, find=find_name_search, title=_("Check name availability")),
			Wait(
				"name_confirmed",
				event=NAME_EVENT,
				waiting_on="Staff",
				ready=name_ready,
				title=_("Name confirmed available"),
			),  # fmt: skip
			StaffTask(
				"file",
				_(
					"File the articles with the state (no state filing is automated) using the values below, pay the "
					"state fee with the filing card, then record the filing number, the fee receipt and the stamped "
					"articles."
				),
				title=_("File the articles and record the evidence"),
				describe=filing_lines,
				before_close=require_evidence,
			),  # fmt: skip
			StaffTask(
				"ein",
				_("Apply for the company's EIN with the IRS using the prefilled SS-4 answers below."),
				title=_("Obtain the EIN"),
				describe=ein_lines,
				before_close=require_ein,
			),
			_record_step(),
		)
	)


def foreign_handler() -> Handler:
	return Handler(
		(
			_open_step(_("Open the state registrations")),
			_intake_step(),
			StaffTask(
				"good_standing",
				_(
					"Order the certificate of good standing from the entity's home state (no home state is ordered "
					"automatically)."
				),
				title=_("Certificate of good standing"),
				describe=good_standing_lines,
				before_close=require_good_standing,
			),  # fmt: skip
			StaffTask(
				"file",
				_(
					"File the application for authority in each state below with its fee (the filing card), and record "
					"each state's filing number, fee receipt and certificate as it is approved; this task closes when "
					"every state is approved."
				),
				title=_("File in each state and record each approval"),
				describe=filing_lines,
				before_close=require_evidence,
			),  # fmt: skip
			_record_step(),
		)
	)
