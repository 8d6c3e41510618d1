"""The CRTC registration letter: a Document Template shipped with this app (built with python-docx,
installed on migrate, editable by staff afterwards; an existing template is never overwritten). It reads
the `crtc` namespace (the CRTC Registration) and `crtc_intake` (the intake answers)."""

import frappe

TITLE = "CRTC Registration Letter"
PARAGRAPHS = [
	("{{ crtc.approved_name }}", {"bold": True, "size": 14}),
	("{{ crtc_intake.office_address }}", {}),
	("{{ document.date }}", {}),
	(
		"Secretary General\nCanadian Radio-television and Telecommunications Commission\nOttawa, Ontario K1A 0N2",
		{},
	),
	("Re: Registration as a telecommunications service provider", {"bold": True}),
	(
		"{{ crtc.approved_name }}, a company incorporated under the Business Corporations Act (British Columbia), "
		"incorporation number {{ crtc.incorporation_number }}, asks to be registered with the Commission as a "
		"telecommunications service provider (reseller) under section 24 of the Telecommunications Act.",
		{},
	),
	("Services to be offered: {{ crtc_intake.services }}", {}),
	(
		"Contact: {{ crtc_intake.contact_name }}, {{ crtc_intake.contact_email }}, telephone {{ crtc.did }}; "
		"mailing address unit {{ crtc.mailbox_unit }}, Vancouver, British Columbia; web and e-mail domain "
		"{{ crtc.domain }}.",
		{},
	),
	(
		"The company will participate in the Commission for Complaints for Telecom-television Services and will "
		"register in the Basic International Telecommunications Services register as required.",
		{},
	),
	("Yours truly,", {}),
	("{{ crtc_intake.officer_name }}, {{ crtc_intake.officer_title }}", {}),
]


def after_migrate() -> None:
	from performancewest_erpnext.pw_documents.demo import ensure_template

	if not frappe.db.exists("DocType", "Document Template"):
		return
	ensure_template(
		TITLE, PARAGRAPHS, "Filed Form", "The carrier's registration letter to the CRTC (signed)."
	)
