"""The Document Templates of the FCC filings, shipped with the app: the CPNI certificate with its
accompanying statement (one variant per carrier category) and the Robocall Mitigation Program
description. The DOCX files are built here with python-docx and installed as Document Templates (after
migrate: the missing ones; the patch `update_fcc_templates`: a changed text becomes a new version).

Which rule each section satisfies is kept in the template's `rules` field, never in the document.
"""

import io
import json

import frappe
from frappe import _

from pw_compliance.fulfilment.services import CPNI, CPNI_CATEGORIES, RMD

Paragraph = tuple[str, dict]

SAFEGUARDS = {
	"clec": "Call detail is disclosed on a customer-initiated call only after the customer gives a password "
	"that is not based on readily available biographical or account information, by mail to the address "
	"of record, or by calling the customer back at the telephone number of record. Business customers with "
	"a dedicated account representative are served under their contract's authentication terms.",
	"ilec": "Call detail is disclosed on a customer-initiated call only after the customer gives a password, "
	"by mail to the address of record or by calling back the telephone number of record; at the company's "
	"business offices a customer shows valid government-issued photo identification first.",
	"ixc": "Call detail is disclosed on a customer-initiated call only after the customer gives a password, "
	"by mail to the address of record or by calling back the telephone number of record. Online account "
	"access needs a password set without readily available biographical information.",
	"ivoip": "Customers reach account records online only with a password set without readily available "
	"biographical information; call detail is disclosed on a customer-initiated call only after the "
	"password is given, or by mail or e-mail to the address of record.",
	"nivoip": "Customers reach account records online only with a password set without readily available "
	"biographical information; the company does not disclose call detail on customer-initiated calls.",
	"wireless": "Call detail is disclosed on a customer-initiated call only after the customer gives a "
	"password, or by calling back the number of record; in retail stores a customer shows valid "
	"government-issued photo identification before any CPNI is discussed.",
	"reseller": "As a reseller the company holds the CPNI its customers' service generates; call detail is "
	"disclosed only after the customer gives a password, by mail to the address of record or by calling "
	"back the telephone number of record.",
	"prepaid": "Prepaid customers without an account of record are given no call detail over the telephone; "
	"account holders reach their records only with a password set without readily available biographical "
	"information.",
	"other": "For each of its services the company discloses call detail on a customer-initiated call only "
	"after a password is given, by mail to the address of record or by calling back the telephone number "
	"of record; online access needs a password, and in person valid photo identification is required.",
}

CPNI_RULES = [
	{"section": "Certificate", "rule": "Officer's certification, on personal knowledge, that the operating "
		"procedures are adequate to ensure compliance", "citation": "47 CFR 64.2009(e)"},
	{"section": "Statement 1: Use of CPNI and customer approval", "rule": "Use without approval, approval "
		"and notice requirements", "citation": "47 CFR 64.2005, 64.2007, 64.2008"},
	{"section": "Statement 2: Safeguards and authentication", "rule": "Safeguards on the disclosure of CPNI",
		"citation": "47 CFR 64.2010"},
	{"section": "Statement 3: Training and discipline", "rule": "Training and express disciplinary process",
		"citation": "47 CFR 64.2009(b)"},
	{"section": "Statement 4: Records", "rule": "Records of sales and marketing campaigns using CPNI, kept one "
		"year", "citation": "47 CFR 64.2009(c)"},
	{"section": "Statement 5: Supervisory review", "rule": "Supervisory review of outbound marketing",
		"citation": "47 CFR 64.2009(d)"},
	{"section": "Statement 6: Breaches", "rule": "Notification of CPNI security breaches",
		"citation": "47 CFR 64.2011"},
	{"section": "Statement 7: Data brokers", "rule": "Explanation of any actions taken against data brokers",
		"citation": "47 CFR 64.2009(e)"},
	{"section": "Statement 8: Customer complaints", "rule": "Summary of customer complaints received in the "
		"past year concerning the unauthorized release of CPNI", "citation": "47 CFR 64.2009(e)"},
	{"section": "Filing", "rule": "Filed annually by March 1 for the previous calendar year",
		"citation": "47 CFR 64.2009(e); EB Docket No. 06-36"},
]  # fmt: skip

RMD_RULES = [
	{"section": "1. Role and STIR/SHAKEN status", "rule": "Whether the provider has fully, partially or not "
		"implemented STIR/SHAKEN", "citation": "47 CFR 64.6305(d)(1), (e)(1), (f)(1)"},
	{"section": "2. Robocall mitigation steps", "rule": "Detailed description of the reasonable steps taken "
		"to avoid originating, carrying or processing illegal robocall traffic", "citation":
		"47 CFR 64.6305(d)(2)(i), (e)(2)(i), (f)(2)(i)"},
	{"section": "3. Know your customer", "rule": "Know-your-customer and know-your-upstream-provider "
		"procedures as part of the program", "citation": "47 CFR 64.6305(d)(2)(i), (e)(2)(i), (f)(2)(i)"},
	{"section": "4. Traceback", "rule": "Commitment to respond fully and within 24 hours to traceback "
		"requests", "citation": "47 CFR 64.6305(d)(2)(ii), (e)(2)(ii), (f)(2)(ii)"},
	{"section": "5. Contact and 6. Certification", "rule": "Contact information and officer certification "
		"of the filing", "citation": "47 CFR 64.6305(d)(4), (e)(4), (f)(4)"},
]  # fmt: skip

TITLE = {"bold": True, "size": 16}
HEADING = {"bold": True}


def cpni_paragraphs(category: str) -> list[Paragraph]:
	return [
		("Annual CPNI Compliance Certification", TITLE),
		("EB Docket No. 06-36", HEADING),
		("Covering {{ filing.period_label }}", {}),
		("Date: {{ document.date }}", {}),
		("Company covered by this certification: {{ filing.carrier_name }}", {}),
		("Carrier category: " + CPNI_CATEGORIES[category], {}),
		("{{ filing.identifiers }}", {}),
		("Address: {{ filing.address }}", {}),
		("Name of signatory: {{ filing.officer_name }}", {}),
		("Title of signatory: {{ filing.officer_title }}", {}),
		(
			"I, {{ filing.officer_name }}, certify that I am an officer of {{ filing.carrier_name }} and, acting "
			"as an agent of the company, that I have personal knowledge that the company has established "
			"operating procedures that are adequate to ensure compliance with the Commission's rules on "
			"customer proprietary network information (CPNI).",
			{},
		),
		(
			"Attached to this certification is an accompanying statement explaining how the company's "
			"procedures ensure that the company is in compliance with those rules, including the adoption of "
			"CPNI procedures, training, recordkeeping and supervisory review.",
			{},
		),
		("{{ filing.data_broker_statement }}", {}),
		("{{ filing.complaint_summary }}", {}),
		(
			"The company represents and warrants that this certification is truthful, accurate and complete, "
			"and acknowledges that false statements to the Commission are punishable under Title 18 of the "
			"U.S. Code and may subject it to enforcement action.",
			{},
		),
		("Signed: ______________________________", {}),
		("{{ filing.officer_name }}, {{ filing.officer_title }}", {}),
		("PAGE_BREAK", {}),
		("Accompanying Statement", TITLE),
		(
			"This statement accompanies the annual CPNI certification of {{ filing.carrier_name }} ("
			+ CPNI_CATEGORIES[category]
			+ ") for {{ filing.period_label }} and explains how the company's operating procedures ensure "
			"compliance with the Commission's CPNI rules.",
			{},
		),
		("1. Use of CPNI and customer approval", HEADING),
		(
			"The company uses CPNI without customer approval only to provide and bill the services the customer "
			"buys and as the rules otherwise permit. Before any use that needs approval it gives the required "
			"notice and obtains opt-out or opt-in approval, and it records each customer's approval status "
			"so that it can be checked before CPNI is used.",
			{},
		),
		("2. Safeguards and authentication", HEADING),
		(SAFEGUARDS[category], {}),
		(
			"The company notifies customers immediately of changes to passwords, authentication questions, "
			"online accounts and addresses of record, without revealing the changed information.",
			{},
		),
		("3. Training and discipline", HEADING),
		(
			"Employees with access to CPNI are trained on when they may and may not use or disclose it, and "
			"the company has an express disciplinary process for misuse.",
			{},
		),
		("4. Records", HEADING),
		(
			"The company keeps a record, for at least one year, of its own and its affiliates' sales and "
			"marketing campaigns that use CPNI, and of every instance where CPNI was disclosed or provided to "
			"third parties or where third parties were allowed access to it.",
			{},
		),
		("5. Supervisory review", HEADING),
		(
			"Outbound marketing that would use CPNI needs supervisory approval before it starts, and the "
			"company keeps a record of that approval.",
			{},
		),
		("6. Breaches", HEADING),
		(
			"The company notifies law enforcement through the central reporting facility, and affected "
			"customers, of any breach of its customers' CPNI as and when the rules require, and keeps a record "
			"of each breach and notification for at least two years.",
			{},
		),
		("7. Actions against data brokers", HEADING),
		("{{ filing.data_broker_statement }}", {}),
		("8. Customer complaints", HEADING),
		("{{ filing.complaint_summary }}", {}),
	]


RMD_PARAGRAPHS: list[Paragraph] = [
	("Robocall Mitigation Program", TITLE),
	("{{ filing.carrier_name }}", HEADING),
	("FRN {{ filing.frn }} · {{ document.date }}", {}),
	("1. Role and STIR/SHAKEN status", HEADING),
	(
		"{{ filing.carrier_name }} certifies as a {{ filing.provider_role }}. STIR/SHAKEN status: "
		"{{ filing.stir_shaken }}. Upstream provider that signs the company's calls: {{ filing.upstream_text }}. "
		"Operating Company Number: {{ filing.ocn_text }}.",
		{},
	),
	("2. Robocall mitigation steps", HEADING),
	(
		"The company takes the following reasonable steps to avoid originating, carrying or processing illegal "
		"robocall traffic: {{ filing.mitigation_steps }}",
		{},
	),
	("3. Know your customer", HEADING),
	("Before and while serving a customer the company does the following: {{ filing.kyc_procedures }}", {}),
	("4. Traceback", HEADING),
	(
		"The company commits to respond fully and within 24 hours to every traceback request from the "
		"Commission, law enforcement and the industry traceback consortium, and to cooperate with them in "
		"investigating and stopping any illegal robocalls that use its service.",
		{},
	),
	("5. Contact", HEADING),
	(
		"Robocall mitigation contact: {{ filing.contact_name }}, {{ filing.contact_email }}, "
		"{{ filing.contact_phone }}. Address: {{ filing.address }}",
		{},
	),
	("6. Certification", HEADING),
	(
		"I, {{ filing.officer_name }}, {{ filing.officer_title }} of {{ filing.carrier_name }}, certify that "
		"this description is true and complete and that the company has implemented the program described.",
		{},
	),
	("Signed: ______________________________", {}),
]


def make_docx(paragraphs: list[Paragraph]) -> bytes:
	import docx
	from docx.enum.text import WD_BREAK
	from docx.shared import Pt

	document = docx.Document()
	for text, style in paragraphs:
		paragraph = document.add_paragraph()
		if text == "PAGE_BREAK":
			paragraph.add_run().add_break(WD_BREAK.PAGE)
			continue
		run = paragraph.add_run(text)
		run.bold = style.get("bold")
		if style.get("size"):
			run.font.size = Pt(style["size"])
	out = io.BytesIO()
	document.save(out)
	return out.getvalue()


def shipped() -> list[dict]:
	"""Every template this app ships: title, paragraphs, description, rules."""
	found = [
		{
			"title": CPNI.templates[code],
			"paragraphs": cpni_paragraphs(code),
			"description": _("CPNI annual certificate and accompanying statement: {0}").format(label),
			"rules": CPNI_RULES,
		}
		for code, label in CPNI_CATEGORIES.items()
	]
	found.append(
		{
			"title": RMD.templates[""],
			"paragraphs": RMD_PARAGRAPHS,
			"description": _("Robocall Mitigation Program description for the RMD certification"),
			"rules": RMD_RULES,
		}
	)
	from pw_compliance.fulfilment import form499_documents

	found += form499_documents.templates()
	from pw_compliance.fulfilment import calea_documents

	found += calea_documents.templates()
	return found


def _attach(title: str, content: bytes) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{frappe.scrub(title)}.docx",
				"is_private": 1,
				"content": content,
				"attached_to_doctype": "Document Template",
				"attached_to_name": title,
				"attached_to_field": "docx",
			}
		)
		.insert(ignore_permissions=True)
		.file_url
	)


def ensure_templates(update: bool = False) -> list[str]:
	"""Install the missing templates; with `update`, a template whose shipped text changed gets the new
	DOCX (Document Template then counts a new version). Returns the titles created or updated."""
	from performancewest_erpnext.pw_documents import templates as doc_templates
	from performancewest_erpnext.pw_documents.core import placeholders as ph

	changed = []
	for spec in shipped():
		content = make_docx(spec["paragraphs"])
		rules = json.dumps(spec["rules"], indent=1)
		if not frappe.db.exists("Document Template", spec["title"]):
			frappe.get_doc(
				{
					"doctype": "Document Template",
					"title": spec["title"],
					"docx": _attach(spec["title"], content),
					"default_kind": "Filed Form",
					"description": spec["description"],
					"rules": rules,
				}
			).insert(ignore_permissions=True)
			changed.append(spec["title"])
			continue
		if not update:
			continue
		template = frappe.get_doc("Document Template", spec["title"])
		current = doc_templates.file_content(template.docx) if template.docx else b""
		if current and ph.document_text(current) == ph.document_text(content) and template.rules == rules:
			continue
		template.docx = _attach(spec["title"], content)
		template.rules = rules
		template.save(ignore_permissions=True)
		changed.append(spec["title"])
	return changed


def after_migrate() -> None:
	ensure_templates()
