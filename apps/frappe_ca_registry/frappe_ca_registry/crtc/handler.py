"""The CRTC carrier registration (`crtc-carrier-registration`) on the fulfilment engine of
performancewest_erpnext: the seed's 14 steps, each a step the customer follows in words on
/portal/orders/<order>.

 1 order received     open the CRTC Registration; the customer answers the intake (pw_compliance's form)
 2 payment confirmed  the order's invoice is settled (the engine starts only after funds clear)
 3 client selection   mailbox location and unit, number, .ca domain (crtc/selection.py, re-checked)
 4 BC incorporation   name request through BC Registries (live, configured), then staff incorporate
 5 domain             domain, DNS, HestiaCP domain and mailboxes, number and route (crtc/provisioning.py)
 6 CRTC letter        the DOCX template filled, then signed through eSign by the officer
 7 CRTC submission    staff mail the signed letter to the Secretary General (tracking number required)
 8 mailbox            staff open the Anytime Mailbox account (account number required)
 9 binder             the order's documents, the certificate and articles bound into one PDF
10 delivery           the binder e-mailed to the customer; staff print and ship it
11 BITS               staff create the GCKey and register in BITS (confirmation required)
12 CCTS               staff join the CCTS (member number required); the customer gets its obligations
13 calendar           the Canadian calendar entries made (pw_compliance's calendar, crtc/calendar.py)
14 review             every evidence present; the engine hands the order to staff review
"""

from typing import Any

import frappe
from frappe import _
from frappe.utils import escape_html, get_url, nowdate
from performancewest_erpnext.pw_documents import steps as doc_steps
from performancewest_erpnext.pw_orders import engine
from performancewest_erpnext.pw_orders.steps import Auto, Handler, StaffTask, Wait

from frappe_ca_registry.crtc import intake, provisioning, registration
from frappe_ca_registry.crtc.registration import answers_of, for_order, require
from frappe_ca_registry.integrations import bc_registries, http
from frappe_ca_registry.integrations.settings import configured, is_live, settings

LETTER = "CRTC Registration Letter"
NAME_EVENT = "bc_name_decided"
SELECTION_ROUTE = "/portal/crtc-selection"


def _reg(ctx: Any) -> Any:
	return for_order(ctx.order.name)


# 1 ---------------------------------------------------------------------------------------------------


def order_received(ctx: Any) -> str:
	name = registration.ensure(ctx.order, ctx.track)
	reg = frappe.get_doc(registration.REGISTRATION, name)
	if reg.status == "Awaiting Intake" and ctx.order.contact_email:
		engine.email_customer(
			ctx.order,
			_("What we need from you for order {0}").format(ctx.order.name),
			_('<p>To register your Canadian carrier we need a few facts only you know.</p><p><a href="{0}">'
				"Answer them in your portal</a></p>").format(get_url(f"/portal/intake/{ctx.order.name}")),
		)  # fmt: skip
	return name


def find_received(ctx: Any) -> str | None:
	return frappe.db.get_value(registration.REGISTRATION, {"service_order": ctx.order.name})


def intake_ready(ctx: Any) -> bool:
	reg = _reg(ctx)
	if reg.status == "Awaiting Intake" and not registration.missing(reg):
		reg.save(ignore_permissions=True)
	return reg.status != "Awaiting Intake"


# 2 ---------------------------------------------------------------------------------------------------


def payment_confirmed(ctx: Any) -> str:
	invoice = ctx.order.sales_invoice
	if not invoice or frappe.db.get_value("Sales Invoice", invoice, "outstanding_amount") > 0:
		raise RuntimeError(_("The invoice {0} of {1} is not settled.").format(invoice, ctx.order.name))
	payment = frappe.db.get_value(
		"Payment Entry Reference", {"reference_doctype": "Sales Invoice", "reference_name": invoice,
			"docstatus": 1}, "parent",
	)  # fmt: skip
	return _("invoice {0} paid ({1})").format(invoice, payment or _("settled"))


# 3 ---------------------------------------------------------------------------------------------------


def ask_selection(ctx: Any) -> str:
	reg = _reg(ctx)
	if reg.selected_on:
		return _("already chosen")
	return engine.email_customer(
		ctx.order,
		_("Choose your Vancouver mailbox, phone number and .ca domain"),
		_('<p>Your order {0} is paid. Choose your mailbox, number and domain: <a href="{1}">make your '
			"selection</a>.</p>").format(ctx.order.name, get_url(f"{SELECTION_ROUTE}/{ctx.order.name}")),
	)  # fmt: skip


def selection_ready(ctx: Any) -> bool:
	return bool(_reg(ctx).selected_on)


# 4 ---------------------------------------------------------------------------------------------------


def _names_log(reg: Any) -> list[dict]:
	return frappe.parse_json(reg.name_requests or "[]") or []


def _applicant(reg: Any) -> dict:
	a = answers_of(reg)
	return {"firstName": a.get("contact_name", ""), "emailAddress": a.get("contact_email", ""),
		"phoneNumber": a.get("contact_phone", ""), "addrLine1": a.get("office_address") or "",
		"city": "Vancouver", "stateProvinceCd": "BC", "countryTypeCd": "CA"}  # fmt: skip


def _automated_names() -> bool:
	return is_live() and configured("bc_registries_url", "bc_registries_api_key", "bc_registries_account_id")


def _submit_next(reg: Any) -> str | None:
	"""The next proposed name not yet tried goes to BC Registries; None when every name was tried."""
	log = _names_log(reg)
	tried = {row["name"] for row in log}
	upcoming = [n for n in intake.proposed_names(answers_of(reg)) if n not in tried]
	if not upcoming:
		return None
	request = bc_registries.submit(
		upcoming[0], _applicant(reg), reference=(registration.REGISTRATION, reg.name)
	)
	log.append({"name": upcoming[0], "number": request.number, "state": request.state})
	reg.db_set({"name_requests": frappe.as_json(log), "name_request_number": request.number})
	return request.number


def name_request(ctx: Any) -> str:
	reg = _reg(ctx)
	if not reg.selected_on:  # a selection sent another way than the CRTC page (not re-checked)
		frappe.throw(
			_("{0}: the customer's selection was not made on the CRTC selection page.").format(reg.name)
		)
	if reg.approved_name:
		return reg.approved_name
	if not _automated_names():
		return _("name request by staff (BC Registries not live or not configured)")
	return _("name request {0} submitted").format(_submit_next(reg))


def find_name_request(ctx: Any) -> str | None:
	reg = _reg(ctx)
	return reg.name_request_number or reg.approved_name or None


def poll_name(reg: Any) -> bool:
	"""The latest name request's decision: approved sets the name; rejected submits the next name (or hands
	the names to staff when none is left). True when the name is settled."""
	if reg.approved_name:
		return True
	log = _names_log(reg)
	if not log or not _automated_names():
		return not _automated_names()  # staff request the name within the incorporation task
	latest = log[-1]
	decision = bc_registries.status(latest["number"])
	latest["state"] = decision.state
	reg.db_set("name_requests", frappe.as_json(log))
	if decision.approved:
		reg.db_set("approved_name", latest["name"])
		return True
	if decision.rejected and not _submit_next(reg):
		reg.db_set("name_requests", frappe.as_json([*log, {"name": "", "state": "ALL REJECTED"}]))
		return True  # every name rejected: staff propose names with the customer in the incorporation task
	return False


def name_ready(ctx: Any) -> bool:
	try:
		return poll_name(_reg(ctx))
	except http.ApiError:
		return False


def poll_name_requests() -> int:
	"""Scheduler (hourly): orders waiting for a BC name decision are asked again; a decided one goes on."""
	moved = 0
	for row in frappe.get_all(
		"Service Order Step", filters={"parenttype": "Service Order", "step": "bc_name_approved",
			"status": "Waiting"}, pluck="parent",
	):  # fmt: skip
		reg_name = frappe.db.get_value(registration.REGISTRATION, {"service_order": row})
		try:
			settled = reg_name and poll_name(frappe.get_doc(registration.REGISTRATION, reg_name))
		except http.ApiError:
			frappe.log_error(title=f"{row}: BC name request status", reference_doctype="Service Order",
				reference_name=row)  # fmt: skip
			continue
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- each order's decision is its own unit
		if settled:
			moved += engine.notify(row, NAME_EVENT)
	return moved


def incorporation_lines(ctx: Any) -> list[str]:
	reg = _reg(ctx)
	a = answers_of(reg)
	office = a.get("office_address") if a.get("office") == intake.OWN_OFFICE else _mailbox_address(reg)
	lines = [
		_("Incorporate in BC Corporate Online (https://www.bcregistry.ca/business/auth/): no API is used for "
			"incorporation."),
		_("Company name: {0}").format(reg.approved_name or _("request a name first; proposed: {0}").format(
			"; ".join(intake.proposed_names(a)))),
		_("Name requests so far: {0}").format(
			"; ".join(f"{r.get('name')} {r.get('number', '')} {r.get('state')}" for r in _names_log(reg)) or _("none")
		),
		_("Directors: {0}").format(a.get("directors", "")),
		_("Officers: {0}").format(a.get("officers", "")),
		_("Shareholders: {0}").format(a.get("shareholders", "")),
		_("Registered and records office: {0}").format(office),
		_("Contact: {0}, {1}, {2}").format(a.get("contact_name", ""), a.get("contact_email", ""), a.get("contact_phone", "")),
		_("Then record on {0}: the incorporation number, the date, the certificate of incorporation and the "
			"notice of articles; this task cannot close without them.").format(get_url(f"/app/crtc-registration/{reg.name}")),
	]  # fmt: skip
	return lines


def require_incorporation(ctx: Any) -> None:
	reg = _reg(ctx)
	require(reg, {"approved_name": _("the company name"), "incorporation_number": _("the incorporation number"),
		"incorporated_on": _("the date of incorporation"),
		"certificate_of_incorporation": _("the certificate of incorporation"), "articles": _("the notice of articles")})  # fmt: skip
	profile = frappe.get_doc("Carrier Profile", reg.carrier_profile)
	profile.update({"formed_on": reg.incorporated_on, "state_entity_number": reg.incorporation_number})
	profile.save(ignore_permissions=True)


def _mailbox_address(reg: Any) -> str:
	if not reg.mailbox_location:
		return ""
	address = frappe.db.get_value("AMB Location", reg.mailbox_location, "address") or ""
	return f"{reg.mailbox_unit} - {address}" if reg.mailbox_unit else address


# 5 ---------------------------------------------------------------------------------------------------


def provision(ctx: Any) -> str:
	counts = provisioning.provision(_reg(ctx))
	return _("{0} set up, {1} for staff").format(counts["done"], counts["staff"])


def provisioned_ready(ctx: Any) -> bool:
	return provisioning.all_done(_reg(ctx).name)


# 6 ---------------------------------------------------------------------------------------------------


def letter(ctx: Any) -> str:
	from performancewest_erpnext.pw_documents import templates

	reg = _reg(ctx)
	doc = templates.generate(LETTER, ctx.order.name, kind="Filed Form", convert_now=True)
	if doc.status == "Failed":
		raise RuntimeError(_("{0} could not be converted: {1}").format(doc.name, doc.error))
	reg.db_set("crtc_letter", doc.name)
	return doc.name


def find_letter(ctx: Any) -> str | None:
	reg = _reg(ctx)
	return reg.crtc_letter if reg.crtc_letter and frappe.db.get_value("Order Document", reg.crtc_letter,
		"file_key") else None  # fmt: skip


def ask_signature(ctx: Any) -> str:
	from performancewest_erpnext.pw_documents import esign

	reg = _reg(ctx)
	a = answers_of(reg)
	request = esign.request_signature(
		reg.crtc_letter, a["officer_name"], a["officer_email"], order_step="signed"
	)
	reg.db_set("esign_request", request.name)
	return request.name


def find_signature(ctx: Any) -> str | None:
	return _reg(ctx).esign_request or None


def signed_ready(ctx: Any) -> bool:
	reg = _reg(ctx)
	return bool(reg.crtc_letter and frappe.db.get_value("Order Document", reg.crtc_letter, "signed_document"))


# 7, 8 ------------------------------------------------------------------------------------------------


def submission_lines(ctx: Any) -> list[str]:
	reg = _reg(ctx)
	signed = (
		frappe.db.get_value("Order Document", reg.crtc_letter, "signed_document") if reg.crtc_letter else None
	)
	return [
		_("Print the signed CRTC registration letter: {0}").format(get_url(f"/app/order-document/{signed or reg.crtc_letter}")),
		_("Mail it by tracked mail to: {0}").format(" ".join((settings().crtc_mailing_address or "").split())),
		_("Carrier: {0}, BC incorporation number {1}").format(reg.approved_name, reg.incorporation_number),
		_("Then record on {0}: the mailing date and the tracking number (the receipt too when you have it); "
			"this task cannot close without the tracking number.").format(get_url(f"/app/crtc-registration/{reg.name}")),
	]  # fmt: skip


def require_mailing(ctx: Any) -> None:
	reg = _reg(ctx)
	require(reg, {"tracking_number": _("the tracking number"), "mailed_on": _("the mailing date")})
	if reg.status == "In Progress":
		reg.db_set("status", "Submitted")


def mailbox_lines(ctx: Any) -> list[str]:
	reg = _reg(ctx)
	a = answers_of(reg)
	location = frappe.db.get_value("AMB Location", reg.mailbox_location, ["location_name", "address", "monthly_price"],
		as_dict=True) or {}  # fmt: skip
	return [
		_("Sign the carrier up at Anytime Mailbox (https://www.anytimemailbox.com): the signup is not automated."),
		_("Location: {0}, {1}; unit {2}; {3} USD a month").format(location.get("location_name"), location.get("address"),
			reg.mailbox_unit or _("next free"), location.get("monthly_price")),  # fmt: skip
		_("Company: {0} (BC {1})").format(reg.approved_name, reg.incorporation_number),
		_("Account e-mail: admin@{0}; the one-time code arrives in that mailbox").format(reg.domain),
		_("Contact: {0}, {1}").format(a.get("contact_name", ""), a.get("contact_phone", "")),
		_("Record the Anytime Mailbox account number on {0}; this task cannot close without it.").format(
			get_url(f"/app/crtc-registration/{reg.name}")),
	]  # fmt: skip


def require_mailbox(ctx: Any) -> None:
	require(_reg(ctx), {"amb_account": _("the Anytime Mailbox account number")})


# 9, 10 -----------------------------------------------------------------------------------------------


def _attach_pdf(order: Any, file_url: str, title: str) -> None:
	from performancewest_erpnext.pw_documents import storage
	from performancewest_erpnext.pw_documents.convert import store_pdf
	from performancewest_erpnext.pw_documents.core import pdfs
	from performancewest_erpnext.pw_documents.templates import next_sequence

	if not file_url or frappe.db.exists("Order Document", {"service_order": order.name, "title": title}):
		return
	name = frappe.db.get_value("File", {"file_url": file_url}, "name")
	content = frappe.get_doc("File", name).get_content() if name else None
	if not content or not pdfs.is_pdf(content):
		order.add_comment("Info", _("{0} is not a PDF; it stays on the registration.").format(title))
		return
	doc = frappe.get_doc(
		{"doctype": "Order Document", "title": title, "customer": order.customer, "service_order": order.name,
			"kind": "Other", "sequence": next_sequence(order.name), "status": "Draft", "storage": storage.backend()}
	).insert(ignore_permissions=True)  # fmt: skip
	store_pdf(doc, content, converter="attachment", filename=f"{frappe.scrub(title)}.pdf")


def binder(ctx: Any) -> str:
	from performancewest_erpnext.pw_documents import binder as binders

	reg = _reg(ctx)
	_attach_pdf(ctx.order, reg.certificate_of_incorporation, _("Certificate of incorporation"))
	_attach_pdf(ctx.order, reg.articles, _("Notice of articles"))
	_attach_pdf(ctx.order, reg.mailing_receipt, _("CRTC mailing receipt"))
	return binders.build_binder(ctx.order.name).name


def delivery(ctx: Any) -> str:
	reg = _reg(ctx)
	binder_doc = frappe.db.get_value("Order Document", {"service_order": ctx.order.name, "kind": "Binder"})
	sent = engine.email_customer(
		ctx.order,
		_("Your Canadian carrier binder: {0}").format(reg.approved_name),
		_("<p>{0} is incorporated in BC (number {1}) and its CRTC registration letter was mailed to the CRTC "
			"(tracking {2}). Your binder is in your portal: {3}</p>").format(escape_html(reg.approved_name),
			escape_html(reg.incorporation_number), escape_html(reg.tracking_number), get_url("/portal/documents")),
	)  # fmt: skip
	if not frappe.db.exists("ToDo", {"reference_type": registration.REGISTRATION, "reference_name": reg.name,
		"description": ("like", "%Print the binder%")}):  # fmt: skip
		frappe.get_doc({"doctype": "ToDo", "reference_type": registration.REGISTRATION, "reference_name": reg.name,
			"role": "CA Registry Staff", "allocated_to": settings().registry_assignee,
			"description": escape_html(_("Print the binder {0} and ship it to the customer's mailbox {1}.").format(
				binder_doc, _mailbox_address(reg)))}).insert(ignore_permissions=True)  # fmt: skip
	return sent


# 11, 12 ----------------------------------------------------------------------------------------------


def bits_lines(ctx: Any) -> list[str]:
	reg = _reg(ctx)
	a = answers_of(reg)
	return [
		_("Create a GCKey for the carrier (https://clegc-gckey.gc.ca), then register it in BITS, the CRTC's "
			"Basic International Telecommunications Services register: neither is automated (hCaptcha)."),
		_("Company: {0}, BC {1}; address {2}").format(reg.approved_name, reg.incorporation_number, _mailbox_address(reg)),
		_("Phone {0}; e-mail regulatory@{1}; services: {2}").format(reg.did, reg.domain, a.get("services", "")),
		_("Record the GCKey user ID and the BITS confirmation on {0}; this task cannot close without them.").format(
			get_url(f"/app/crtc-registration/{reg.name}")),
	]  # fmt: skip


def require_bits(ctx: Any) -> None:
	require(
		_reg(ctx), {"gckey_user": _("the GCKey user ID"), "bits_confirmation": _("the BITS confirmation")}
	)


def ccts_lines(ctx: Any) -> list[str]:
	reg = _reg(ctx)
	return [
		_("Join the Commission for Complaints for Telecom-television Services (https://www.ccts-cprst.ca) for {0}."
			).format(reg.approved_name),
		_("Contact: regulatory@{0}, {1}").format(reg.domain, reg.did),
		_("Record the CCTS member number on {0}; this task cannot close without it.").format(
			get_url(f"/app/crtc-registration/{reg.name}")),
	]  # fmt: skip


def require_ccts(ctx: Any) -> None:
	require(_reg(ctx), {"ccts_member_number": _("the CCTS member number")})


def ccts_obligations(ctx: Any) -> str:
	reg = _reg(ctx)
	return engine.email_customer(
		ctx.order,
		_("Your CCTS membership and what it asks of you"),
		_("<p>{0} is a CCTS participant (member {1}). You must tell your customers about the CCTS, on your website "
			"and in your terms, and answer the CCTS's complaint notices within its deadlines; the membership renews "
			"every year and appears in your compliance calendar.</p>").format(
			escape_html(reg.approved_name), escape_html(reg.ccts_member_number)),
	)  # fmt: skip


# 13, 14 ----------------------------------------------------------------------------------------------


def compliance_calendar(ctx: Any) -> str:
	from frappe.utils import getdate
	from pw_compliance.calendar import entries

	reg = _reg(ctx)
	profile = frappe.get_doc("Carrier Profile", reg.carrier_profile)
	us_carrier = profile.get("frn") or any(profile.get(k) for k in entries.KIND_FIELDS)
	if profile.country != "CA" and not us_carrier:
		profile.country = "CA"
		profile.save(ignore_permissions=True)
	elif profile.country != "CA":
		ctx.order.add_comment(
			"Info",
			_(
				"{0} is a US carrier profile: its Canadian entries need a profile of their own (staff)."
			).format(profile.name),
		)
	year = getdate(nowdate()).year
	created = entries.ensure_entries(profile.name, [year, year + 1])
	return _("{0} calendar entries").format(len(created))


def ready_for_review(ctx: Any) -> str:
	reg = _reg(ctx)
	require(reg, {"incorporation_number": _("the incorporation number"), "tracking_number": _("the tracking number"),
		"amb_account": _("the mailbox account"), "bits_confirmation": _("the BITS confirmation"),
		"ccts_member_number": _("the CCTS member number")})  # fmt: skip
	if not provisioning.all_done(reg.name):
		frappe.throw(_("{0}: provisioning is not complete.").format(reg.name))
	reg.db_set({"status": "Registered", "recorded_on": frappe.utils.now_datetime()})
	return _("{0} ready for review").format(reg.name)


def handler() -> Handler:
	return Handler(
		(
			Auto("order_received", run=order_received, find=find_received, title=_("Order received")),
			Wait("intake", event=registration.INTAKE_EVENT, ready=intake_ready,
				title=_("You tell us about the company")),
			Auto("payment_confirmed", run=payment_confirmed, title=_("Payment confirmed")),
			Auto("ask_selection", run=ask_selection, title=_("We ask for your choices")),
			Wait("client_selection", event="client_selection", ready=selection_ready,
				title=_("You choose your Vancouver mailbox, phone number and .ca domain")),
			Auto("bc_name_request", run=name_request, find=find_name_request,
				title=_("BC company name requested")),
			Wait("bc_name_approved", event=NAME_EVENT, waiting_on="Outside Body", ready=name_ready,
				title=_("BC Registries approves the company name")),
			StaffTask("bc_incorporation", _("Incorporate the company in BC with the values below."),
				title=_("BC incorporation"), describe=incorporation_lines, before_close=require_incorporation),
			Auto("domain_registration", run=provision, title=_("Domain, e-mail and phone number set up")),
			Wait("provisioned", event=provisioning.PROVISIONED_EVENT, waiting_on="Staff", ready=provisioned_ready,
				title=_("Domain, mailboxes and number in place")),
			Auto("crtc_letter", run=letter, find=find_letter, title=_("CRTC registration letter prepared")),
			Auto("ask_signature", run=ask_signature, find=find_signature, title=_("Letter sent to you to sign")),
			Wait("signed", event=doc_steps.SIGNATURE_EVENT, ready=signed_ready, title=_("You sign the CRTC letter")),
			StaffTask("crtc_submission", _("Mail the signed letter to the CRTC Secretary General by tracked mail."),
				title=_("Letter mailed to the CRTC"), describe=submission_lines, before_close=require_mailing),
			StaffTask("mailbox_signup", _("Open the carrier's Vancouver mailbox at Anytime Mailbox."),
				title=_("Vancouver mailbox opened"), describe=mailbox_lines, before_close=require_mailbox),
			Auto("binder", run=binder, title=_("Your binder compiled")),
			Auto("delivery", run=delivery, title=_("Binder sent to you")),
			StaffTask("bits_registration", _("Create the GCKey and register the carrier in BITS."),
				title=_("GCKey and BITS registration"), describe=bits_lines, before_close=require_bits),
			StaffTask("ccts_membership", _("Register the carrier with the CCTS."), title=_("CCTS membership"),
				describe=ccts_lines, before_close=require_ccts),
			Auto("ccts_obligations", run=ccts_obligations, title=_("Your CCTS obligations e-mailed")),
			Auto("compliance_calendar", run=compliance_calendar, title=_("Your Canadian compliance calendar")),
			Auto("ready_for_review", run=ready_for_review, title=_("Ready for our final review")),
		)
	)  # fmt: skip
