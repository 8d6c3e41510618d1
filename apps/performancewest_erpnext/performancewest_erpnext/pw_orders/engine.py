"""The fulfilment engine: carries a paid Service Order through the steps of its handlers.

Handlers are registered by catalog slug in any app's hooks.py:

	pw_service_handlers = {"dc-agent": "pw_compliance.fulfilment.dc_agent"}

The dotted path names a function returning a `steps.Handler`. A service without a handler is
fulfilled by staff (`steps.staff_handler`). `advance` runs as a deduplicated background job per order;
it records each step before its side effect and after it, commits at both points, and on a retry asks
the step to `find` what an earlier attempt did, so a worker dying mid-step never repeats it.
"""

import traceback
from typing import Any

import frappe
from frappe import _
from frappe.utils import add_to_date, get_datetime, now_datetime

from performancewest_erpnext import jobs
from performancewest_erpnext.pw_orders import status as st
from performancewest_erpnext.pw_orders.steps import (
	CLIENT_SELECTION_EVENT,
	Auto,
	Handler,
	StaffTask,
	Wait,
	backoff_minutes,
	staff_handler,
)
from performancewest_erpnext.pw_portal import live as portal_live

ORDER = "Service Order"
STEP = "Service Order Step"


class StepContext:
	"""What a step sees: the order, its track, the idempotency key to pass to outside systems."""

	def __init__(self, order: Any, row: Any) -> None:
		self.order = order
		self.row = row
		self.idempotency_key: str = row.idempotency_key
		self.track = track_of(order, row)
		self.selections: dict = frappe.parse_json(order.client_selections or "{}")


# ---------- handlers ----------


def _registered(slug: str) -> str | None:
	paths = frappe.get_hooks("pw_service_handlers") or {}
	found = paths.get(slug)
	return found[-1] if isinstance(found, list) and found else found


def handler_for(slug: str) -> Handler:
	path = _registered(slug)
	if not path:
		return staff_handler(frappe.db.get_value("Catalog Service", slug, "service_name") or slug)
	return frappe.get_attr(path)()


def step_of(row: Any) -> Any:
	"""The handler step a step row stands for. A row planned when its service had no handler yet (one
	"fulfil" staff task) keeps that task after a handler is registered."""
	try:
		return handler_for(row.service).step(row.step)
	except KeyError:
		if row.step != "fulfil":
			raise
		title = frappe.db.get_value("Catalog Service", row.service, "service_name") or row.service
		return staff_handler(title).step("fulfil")


def plan(order: Any) -> None:
	"""One track per ordered service (a bundle: one per member, each after the previous) and the
	steps of each track's handler, written on the order before it is first saved."""
	track = 0
	for item in order.items:
		if item.fee_of:
			continue
		service = frappe.get_cached_doc("Catalog Service", item.service)
		members = [(m.service, m.variant) for m in service.bundle_items] or [(item.service, item.variant)]
		previous = 0
		for slug, variant in members:
			track += 1
			order.append(
				"tracks",
				{
					"track": track,
					"service": slug,
					"variant": variant,
					"jurisdictions": item.jurisdictions,
					"bundle": item.service if service.bundle_items else None,
					"after_track": previous,
					"status": "Pending",
				},
			)
			previous = track if service.bundle_items else 0
			for step in handler_for(slug).steps:
				order.append(
					"steps",
					{
						"track": track,
						"service": slug,
						"step": step.name,
						"title": step.title or step.name.replace("_", " ").capitalize(),
						"kind": step.kind,
						"event": getattr(step, "event", None),
						"waiting_on": getattr(step, "waiting_on", None),
						"status": "Pending",
					},
				)


# ---------- status ----------


def identity_verified(customer: str) -> str | None:
	return frappe.db.get_value("Identity Verification", {"customer": customer, "status": "Verified"})


def check_identity_gate(order: Any, new_status: str) -> None:
	"""No filing work without a verified identity (the order is held in Waiting on Identity instead)."""
	if new_status in st.FILING and not identity_verified(order.customer):
		frappe.throw(
			_("{0} cannot move to {1}: the identity of {2} is not verified.").format(
				order.name, _(new_status), order.customer
			),
			title=_("Identity not verified"),
		)


def set_status(order: Any, new: str, reason: str = "", waiting_on: str | None = None) -> None:
	"""The only way an order's status changes: checked against the transitions, recorded with who,
	when and why, and written without rewriting the order's step rows."""
	old = order.status
	waiting_on = waiting_on if new == st.WAITING else ""
	if old == new and (order.waiting_on or "") == (waiting_on or "") and (order.hold_reason or "") == reason:
		return
	try:
		st.check_transition(old, new)
	except st.InvalidTransition as e:
		frappe.throw(_(str(e)), title=_("Not allowed"))
	check_identity_gate(order, new)
	values = {"status": new, "waiting_on": waiting_on, "hold_reason": reason if new == st.WAITING else ""}
	if new == st.DELIVERED:
		values["delivered_on"] = now_datetime()
	order.db_set(values)
	row = order.append(
		"transitions",
		{
			"from_status": old,
			"to_status": new + (f" ({waiting_on})" if waiting_on else ""),
			"changed_by": frappe.session.user,
			"changed_on": now_datetime(),
			"reason": reason,
		},
	)
	row.db_insert()
	order.add_comment("Info", _("Status: {0} → {1}. {2}").format(_(old), _(new), reason).strip())
	portal_live.order_changed(order.name, order.customer)


def _update(row: Any, **values: Any) -> None:
	row.update(values)
	frappe.db.set_value(row.doctype, row.name, values, update_modified=False)


# ---------- running ----------


def enqueue_advance(order_name: str) -> None:
	jobs.enqueue(
		"performancewest_erpnext.pw_orders.engine.advance",
		queue="long",
		job_id=f"pw-order::{order_name}",
		order_name=order_name,
	)


def advance(order_name: str) -> str:
	"""Run every step that can run now, then settle the order's status. Safe to call any time.
	A step finished meanwhile by someone else (a closed ToDo, an event) while this job ran, whose own
	enqueue was deduplicated against it, is picked up by another pass."""
	for _pass in range(5):
		order = _advance_once(order_name)
		seen = {r.name: r.status for r in order.steps}
		now = dict(
			frappe.get_all(
				STEP,
				filters={"parent": order_name, "parenttype": ORDER},
				fields=["name", "status"],
				as_list=True,
			)
		)
		if now == seen or order.status not in st.ACTIVE:
			break
	return order.status


def _advance_once(order_name: str) -> Any:
	frappe.db.get_value(ORDER, order_name, "name", for_update=True)
	order = frappe.get_doc(ORDER, order_name)
	if order.status not in st.ACTIVE:
		return order
	if not identity_verified(order.customer):
		hold_for_identity(order)
		frappe.db.commit()  # nosemgrep
		return order
	progressed = True
	while progressed:
		progressed = False
		for track in order.tracks:
			if track.status == "Done" or not _track_ready(order, track):
				continue
			row = next((r for r in order.steps if r.track == track.track and r.status != "Done"), None)
			if row is None:
				_update(track, status="Done")
				progressed = True
			elif row.status in ("Pending", "Running"):
				progressed |= _start_step(order, row)
	_settle(order)
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- each order's progress is its own unit of work
	return order


def track_of(order: Any, row: Any) -> Any:
	return next(t for t in order.tracks if t.track == row.track)


def _track_ready(order: Any, track: Any) -> bool:
	if not track.after_track:
		return True
	return any(t.track == track.after_track and t.status == "Done" for t in order.tracks)


def _start_step(order: Any, row: Any) -> bool:
	"""Start or continue one step; True when it finished."""
	step = step_of(row)
	track = track_of(order, row)
	if isinstance(step, Auto):
		if row.retry_at and get_datetime(row.retry_at) > now_datetime():
			return False
		_update(track, status="Active")
		return _run_auto(order, row, step)
	if isinstance(step, Wait):
		if step.ready and step.ready(StepContext(order, row)):
			_update(row, started_on=now_datetime())
			_finish_step(order, row, _("{0}: already done").format(step.event))
			return True
		_update(row, status="Waiting", started_on=now_datetime())
		_update(track, status="Waiting")
	elif isinstance(step, StaffTask):
		lines = step.describe(StepContext(order, row)) if step.describe else []
		todo = _staff_task(order, row, step.instructions, lines)
		_update(row, status="Waiting", started_on=now_datetime(), todo=todo)
		_update(track, status="Waiting")
	return False


def _run_auto(order: Any, row: Any, step: Auto) -> bool:
	may_have_run = row.status == "Running" or row.attempts > 0
	_update(
		row,
		status="Running",
		attempts=(row.attempts or 0) + 1,
		idempotency_key=row.idempotency_key or f"{order.name}/{row.name}",
		started_on=now_datetime(),
		retry_at=None,
	)
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the attempt is on record before its side effect
	ctx = StepContext(order, row)
	try:
		reference = step.find(ctx) if may_have_run and step.find else None
		if reference:
			order.add_comment(
				"Info",
				_("{0}: found the earlier attempt's result {1}; not repeated.").format(row.title, reference),
			)
		else:
			reference = step.run(ctx)
	except Exception:
		frappe.db.rollback()
		_step_failed(order, row, traceback.format_exc())
		frappe.db.commit()  # nosemgrep
		return False
	_finish_step(order, row, reference)
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the side effect and its bookkeeping land together
	return True


def _finish_step(order: Any, row: Any, reference: str | None) -> None:
	_update(
		row, status="Done", external_reference=reference or "", completed_on=now_datetime(), last_error=""
	)
	order.add_comment(
		"Info",
		_("{0} done ({1}, attempt {2}). {3}").format(row.title, row.service, row.attempts, reference or ""),
	)


def _step_failed(order: Any, row: Any, error: str) -> None:
	settings = frappe.get_cached_doc("Performance West Settings")
	limit = settings.max_step_attempts or 3
	summary = _last_line(error)
	frappe.log_error(
		title=f"{order.name}: {row.title} failed",
		message=error,
		reference_doctype=ORDER,
		reference_name=order.name,
	)
	if row.attempts >= limit:
		todo = _staff_task(
			order,
			row,
			_(
				"The automatic step failed {0} times. Last error: {1}. Do the step by hand and close this task, "
				"or fix the cause and run `bench --site {2} pw-orders retry {3} --step {4}`."
			).format(row.attempts, summary, frappe.local.site, order.name, row.step),
		)
		_update(row, status="Needs Staff", last_error=error[-4000:], todo=todo)
		order.add_comment(
			"Info",
			_("{0} failed {1} times and was handed to staff: {2}").format(row.title, row.attempts, summary),
		)
		return
	wait = backoff_minutes(row.attempts, settings.retry_backoff_minutes or 5)
	_update(
		row, status="Pending", last_error=error[-4000:], retry_at=add_to_date(now_datetime(), minutes=wait)
	)
	order.add_comment(
		"Info",
		_("{0} failed (attempt {1}): {2}. Retrying in {3} min.").format(
			row.title, row.attempts, summary, wait
		),
	)


def _staff_task(order: Any, row: Any, instructions: str, details: list[str] | None = None) -> str:
	if row.todo and frappe.db.get_value("ToDo", row.todo, "status") == "Open":
		return row.todo
	settings = frappe.get_cached_doc("Performance West Settings")
	lines = [
		f"<b>{frappe.utils.escape_html(order.name)}: {frappe.utils.escape_html(row.title)}</b>",
		frappe.utils.escape_html(instructions),
		*(frappe.utils.escape_html(line) for line in details or ()),
	]
	lines.append(_("Customer: {0} ({1})").format(order.customer, order.contact_email or _("no e-mail")))
	track = track_of(order, row)
	details = [track.service] + [v for v in (track.variant, track.jurisdictions) if v]
	lines.append(_("Service: {0}").format(" · ".join(details)))
	if order.client_selections:
		lines.append(_("Client selections: {0}").format(frappe.utils.escape_html(order.client_selections)))
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"description": "<br>".join(lines),
			"reference_type": ORDER,
			"reference_name": order.name,
			"allocated_to": settings.staff_assignee,
			"role": "Fulfilment Staff",
			"priority": "High" if row.attempts else "Medium",
			"date": order.expected_delivery,
		}
	).insert(ignore_permissions=True)
	return todo.name


def hold_for_identity(order: Any) -> None:
	verification = frappe.db.get_value(
		"Identity Verification", {"customer": order.customer, "status": ("!=", "Canceled")}
	)
	if not verification:
		verification = (
			frappe.get_doc(
				{
					"doctype": "Identity Verification",
					"customer": order.customer,
					"provider": "Manual",
					"status": "Pending",
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	if order.identity_verification != verification:
		order.db_set("identity_verification", verification)
	set_status(
		order,
		st.WAITING,
		_("Identity of {0} not verified ({1}).").format(order.customer, verification),
		"Identity",
	)
	frappe.db.commit()  # nosemgrep


def _settle(order: Any) -> None:
	"""The order's status from the current step of each unfinished track."""
	if all(t.status == "Done" for t in order.tracks):
		set_status(order, st.REVIEW, _("All steps done; ready for review."))
		return
	current = []
	for track in order.tracks:
		if track.status != "Done" and _track_ready(order, track):
			current += [next(r for r in order.steps if r.track == track.track and r.status != "Done")]
	if failed := [r for r in current if r.status == "Needs Staff"]:
		reason = _("{0} needs staff: {1}").format(failed[0].title, _last_line(failed[0].last_error))
		set_status(order, st.WAITING, reason, "Staff")
	elif any(r.kind == "Auto" for r in current):
		set_status(order, st.IN_PROGRESS)
	elif any(r.event == CLIENT_SELECTION_EVENT for r in current):
		set_status(order, st.CLIENT_SELECTION, _("Waiting for the customer's selections."))
	elif current:
		first = current[0]
		on = "Staff" if first.kind == "Staff Task" else (first.waiting_on or "Customer")
		set_status(order, st.WAITING, _("Waiting: {0}").format(first.title), on)


def _last_line(text: str | None) -> str:
	lines = (text or "").strip().splitlines()
	return lines[-1][:200] if lines else ""


def email_customer(order: Any, subject: str, message: str | None = None, **kwargs: Any) -> str:
	"""An e-mail to the customer, queued with the order as reference and sent from the support address;
	`kwargs` go to frappe.sendmail (template, args, attachments). Returns a reference for the step."""
	if not order.contact_email:
		frappe.throw(_("{0} has no customer e-mail.").format(order.name))
	frappe.sendmail(
		recipients=[order.contact_email],
		sender=frappe.get_cached_doc("Performance West Settings").support_email or None,
		subject=subject,
		message=message,
		reference_doctype=ORDER,
		reference_name=order.name,
		**kwargs,
	)
	return _("e-mail to {0}").format(order.contact_email)


# ---------- events from outside ----------


def notify(order_name: str, event: str, data: dict | None = None, step: str | None = None) -> int:
	"""An awaited event happened (client selection submitted, document signed ...): finish the steps
	waiting for it (only the step named `step`, when given) and carry on. Returns how many it finished."""
	order = frappe.get_doc(ORDER, order_name)
	rows = [
		r
		for r in order.steps
		if r.kind == "Wait"
		and r.event == event
		and r.status in ("Pending", "Waiting")
		and (not step or step in (r.step, r.name))
	]
	if data:
		selections = frappe.parse_json(order.client_selections or "{}")
		selections.update(data)
		order.db_set("client_selections", frappe.as_json(selections))
	for row in rows:
		_finish_step(order, row, event)
	enqueue_advance(order_name)
	return len(rows)


def before_todo_save(doc: Any, method: str | None = None) -> None:
	"""doc_events ToDo validate: a staff task whose step checks its closing (`StaffTask.before_close`,
	e.g. a filing's evidence) is refused until the check passes."""
	if doc.reference_type != ORDER or doc.status != "Closed" or not doc.has_value_changed("status"):
		return
	row = frappe.db.get_value(
		STEP,
		{"todo": doc.name, "status": ("in", ("Waiting", "Needs Staff"))},
		["name", "parent"],
		as_dict=True,
	)
	if not row:
		return
	order = frappe.get_doc(ORDER, row.parent)
	step_row = next(r for r in order.steps if r.name == row.name)
	step = step_of(step_row)
	if isinstance(step, StaffTask) and step.before_close:
		step.before_close(StepContext(order, step_row))


def on_todo_update(doc: Any, method: str | None = None) -> None:
	"""Staff closed a task of an order: the step it stood for is done; carry on."""
	if doc.reference_type != ORDER or doc.status != "Closed":
		return
	row = frappe.db.get_value(
		STEP,
		{"todo": doc.name, "status": ("in", ("Waiting", "Needs Staff"))},
		["name", "parent"],
		as_dict=True,
	)
	if not row:
		return
	order = frappe.get_doc(ORDER, row.parent)
	step = next(r for r in order.steps if r.name == row.name)
	_finish_step(order, step, _("Done by {0} (ToDo {1})").format(frappe.session.user, doc.name))
	enqueue_advance(order.name)


def retry(order_name: str, step: str | None = None) -> int:
	"""Ops: give failed (or the named) steps fresh attempts now, then advance. Returns steps reset."""
	order = frappe.get_doc(ORDER, order_name)
	rows = [
		r
		for r in order.steps
		if (r.step == step if step else r.status == "Needs Staff") and r.status != "Done"
	]
	if step and not rows:
		frappe.throw(_("{0} has no unfinished step {1}.").format(order_name, step))
	for row in rows:
		if row.todo and frappe.db.get_value("ToDo", row.todo, "status") == "Open":
			frappe.db.set_value("ToDo", row.todo, "status", "Cancelled")
		_update(
			row,
			status="Pending",
			attempts=0 if row.status == "Needs Staff" else row.attempts,
			retry_at=None,
			todo=None,
		)
	if order.status == st.WAITING and order.waiting_on == "Staff":
		set_status(order, st.IN_PROGRESS, _("Retried by {0}").format(frappe.session.user))
	frappe.db.commit()  # nosemgrep
	advance(order_name)
	return len(rows)


def stuck(older_than_hours: int = 24) -> list[dict]:
	"""Orders that will not move without someone: failed steps, overdue retries, steps left running by a
	dead worker, or no change for `older_than_hours`."""
	now = now_datetime()
	step = frappe.qb.DocType(STEP)
	order = frappe.qb.DocType(ORDER)
	rows = (
		frappe.qb.from_(step)
		.join(order)
		.on(order.name == step.parent)
		.select(
			order.name,
			order.status,
			order.waiting_on,
			step.step,
			step.status.as_("step_status"),
			step.last_error,
		)
		.where(order.status.isin(list(st.ACTIVE)))
		.where(
			(step.status == "Needs Staff")
			| ((step.status == "Pending") & (step.retry_at < add_to_date(now, minutes=-15)))
			| ((step.status == "Running") & (step.started_on < add_to_date(now, hours=-1)))
			| ((step.status != "Done") & (order.modified < add_to_date(now, hours=-older_than_hours)))
		)
		.run(as_dict=True)
	)
	return rows


def run_due_retries() -> int:
	"""Scheduler (every 5 minutes): advance orders whose retries are due or whose worker died mid-step."""
	now = now_datetime()
	names = frappe.get_all(
		STEP,
		filters={"parenttype": ORDER, "status": "Pending", "retry_at": ("<=", now)},
		pluck="parent",
		distinct=True,
	) + frappe.get_all(
		STEP,
		filters={
			"parenttype": ORDER,
			"status": "Running",
			"started_on": ("<", add_to_date(now, minutes=-30)),
		},
		pluck="parent",
		distinct=True,
	)
	for name in set(names):
		enqueue_advance(name)
	return len(set(names))
