"""The CALEA System Security and Integrity plan (47 CFR 1.20003-1.20005), one Document Template per catalog
category, shipped through `documents.shipped`. Which rule each section satisfies is the template's `rules`
metadata, never the customer's document."""

from frappe import _

from pw_compliance.fulfilment.carrier_filings import CALEA, CALEA_CATEGORIES

TITLE = {"bold": True, "size": 16}
HEADING = {"bold": True}

# where interceptions are provisioned, per category (section 6 of the plan)
NETWORK = {
	"clec": "The company provides local exchange service over its own switching facilities and facilities "
	"leased from other carriers. Interceptions and access to call-identifying information are provisioned "
	"at the company's switches under the industry's safe-harbor standard for wireline services (J-STD-025) "
	"or an equivalent capability, and delivered to the requesting agency over secure facilities.",
	"ilec": "The company provides local exchange service over its own loops and switching facilities. "
	"Interceptions and access to call-identifying information are provisioned at the company's central "
	"office switches under the industry's safe-harbor standard for wireline services (J-STD-025) or an "
	"equivalent capability, and delivered to the requesting agency over secure facilities.",
	"ivoip": "The company provides interconnected VoIP service. Interceptions of call content and "
	"call-identifying information are provisioned at its softswitch or session border controllers under "
	"the industry's standard for VoIP lawful interception (ATIS-1000678) or an equivalent capability, and "
	"delivered to the requesting agency over encrypted, access-controlled connections.",
	"wireless": "The company provides commercial mobile radio service. Interceptions and access to "
	"call-identifying information, including the location information the law allows, are provisioned "
	"in its mobile switching and IMS core under the industry's safe-harbor standard (J-STD-025) or an "
	"equivalent capability, and delivered to the requesting agency over secure facilities.",
	"broadband": "The company provides facilities-based broadband Internet access service. Interceptions "
	"of a subscriber's traffic and its identifying information are provisioned at the access or "
	"aggregation routers serving the subscriber under the industry's standard for broadband lawful "
	"interception (ATIS-1000013) or an equivalent capability, and delivered to the requesting agency over "
	"encrypted, access-controlled connections.",
	"reseller": "The company resells services provided over the facilities of its underlying carriers. It "
	"does not operate switching facilities itself; it arranges with its underlying carriers that any "
	"interception of its customers' communications is effected on their facilities, and only after the "
	"company's own personnel have authorized it as set out in this plan.",
}

CALEA_RULES = [
	{"section": "1. Purpose and scope", "rule": "Policies and procedures for the supervision and control of "
		"employees, filed by each telecommunications carrier", "citation": "47 CFR 1.20003, 1.20005(a)"},
	{"section": "2. Senior officer or employee", "rule": "Appointment of a senior officer or employee responsible "
		"for ensuring that interceptions are activated only with lawful authorization and with the "
		"affirmative intervention of an officer or employee", "citation": "47 CFR 1.20003(a)"},
	{"section": "3. Appropriate authorization", "rule": "Statement that personnel must receive appropriate legal "
		"authorization and appropriate carrier authorization before enabling any interception; the "
		"carrier's interpretation of both terms", "citation": "47 CFR 1.20003(b)(1), (b)(2); 1.20002"},
	{"section": "4. Records of interceptions", "rule": "Secure and accurate record of each interception in the "
		"form of a single certification with the required contents, signed by the individual responsible, "
		"compiled contemporaneously or within a reasonable time", "citation": "47 CFR 1.20004(a)"},
	{"section": "4. Records of interceptions (retention)", "rule": "How long the carrier keeps the records",
		"citation": "47 CFR 1.20003(b)(3), 1.20004(b)"},
	{"section": "5. Compromises and unlawful surveillance", "rule": "Report to the affected law enforcement "
		"agencies any compromise of a lawful interception and any unlawful electronic surveillance on its "
		"premises", "citation": "47 CFR 1.20003(c)"},
	{"section": "6. Network and intercept capability", "rule": "How the carrier's facilities allow lawful "
		"interception while protecting other communications", "citation": "47 U.S.C. 1002, 1004; "
		"47 CFR 1.20003"},
	{"section": "7. Filing and amendments", "rule": "Plan filed with the Commission, electronically through "
		"CEFS; amended within 90 days of a merger, divestiture or change of the policies",
		"citation": "47 CFR 1.20005(a), (c)"},
	{"section": "Appendix", "rule": "In a separate appendix: name and job function of the senior officer or "
		"employee, and how law enforcement reaches the CALEA contacts 24 hours a day, 7 days a week",
		"citation": "47 CFR 1.20003(b)(4)"},
]  # fmt: skip


def paragraphs(category: str) -> list[tuple[str, dict]]:
	label = CALEA_CATEGORIES[category]
	return [
		("System Security and Integrity Policies and Procedures", TITLE),
		("Communications Assistance for Law Enforcement Act (CALEA)", HEADING),
		("{{ filing.carrier_name }} · " + label, {}),
		("FRN: {{ filing.frn }} · Address: {{ filing.address }}", {}),
		("Adopted {{ document.date }} ({{ filing.period_label }})", {}),
		("1. Purpose and scope", HEADING),
		(
			"These policies and procedures govern how {{ filing.carrier_name }} and its employees supervise "
			"and control any interception of communications and any access to call-identifying information "
			"effected within the company's facilities, so that it happens only with lawful authorization, "
			"and how the company keeps its systems secure and its records accurate.",
			{},
		),
		("2. Senior officer or employee responsible", HEADING),
		(
			"The company has appointed {{ filing.calea_officer_name }}, {{ filing.calea_officer_title }}, as "
			"the senior officer or employee responsible for ensuring that any interception of communications "
			"or access to call-identifying information effected within its switching premises or facilities "
			"can be activated only in accordance with a court order or other lawful authorization and with the "
			"affirmative intervention of an individual officer or employee of the company. The appendix gives "
			"the job function of this person and the company's 24-hour contact for law enforcement.",
			{},
		),
		("3. Appropriate authorization", HEADING),
		(
			"Company personnel must receive both appropriate legal authorization and appropriate carrier "
			"authorization before enabling law enforcement officials or company personnel to implement any "
			"interception of communications or access to call-identifying information.",
			{},
		),
		(
			"Appropriate legal authorization means a court order signed by a judge or magistrate authorizing "
			"or approving interception or access to call-identifying information, or other authorization under "
			"federal or state law, including emergency authorizations (18 U.S.C. 2518(7), 50 U.S.C. 1805(e)). "
			"Appropriate carrier authorization means the policies and procedures in this plan, under which "
			"only the responsible officer or employee named in the appendix, or personnel acting under that "
			"person's written direction, may approve and enable an interception after reviewing the "
			"legal authorization.",
			{},
		),
		(
			"No interception is activated automatically or remotely by anyone outside the company: each one "
			"requires the affirmative intervention of an individual officer or employee of the company.",
			{},
		),
		("4. Records of interceptions", HEADING),
		(
			"For each interception of communications or access to call-identifying information, made with or "
			"without appropriate authorization, the company keeps a secure and accurate record in the form of "
			"a single certification that states: the telephone numbers or circuit identification numbers "
			"involved; the start date and time the company enabled the interception; the identity of the law "
			"enforcement officer presenting the authorization; the name of the person signing the legal "
			"authorization; the type of interception (for example pen register, trap and trace, Title III or "
			"FISA); and the name of the company's employee responsible for overseeing the interception.",
			{},
		),
		(
			"The certification is signed by the employee responsible for overseeing the interception, who "
			"thereby certifies that the record is complete and accurate, and it is compiled when the "
			"interception begins or within a reasonable time after. The legal authorization and any extensions "
			"are attached to it. The records are kept for {{ filing.records_retention }} after the "
			"interception ends, in access-controlled storage available only to the responsible officer or "
			"employee and those acting under that person's direction.",
			{},
		),
		("5. Compromises and unlawful surveillance", HEADING),
		(
			"The company reports to the affected law enforcement agencies, within a reasonable time of "
			"discovering it, any act of compromise of a lawful interception or of access to call-identifying "
			"information to unauthorized persons or entities, and any act of unlawful electronic surveillance "
			"that occurred on its premises. Employees who learn of either report it at once to the responsible "
			"officer or employee; violations of these procedures are grounds for discipline up to dismissal.",
			{},
		),
		("6. Network and intercept capability", HEADING),
		(NETWORK[category], {}),
		("{{ filing.intercept_text }}", {}),
		("7. Filing and amendments", HEADING),
		(
			"The company files these policies and procedures with the Federal Communications Commission, "
			"and files any amendment within 90 days of a merger or divestiture or of a change to them.",
			{},
		),
		("Certification", HEADING),
		(
			"I, {{ filing.officer_name }}, {{ filing.officer_title }} of {{ filing.carrier_name }}, certify that "
			"these are the policies and procedures the company has adopted and follows.",
			{},
		),
		("Signed: ______________________________", {}),
		("PAGE_BREAK", {}),
		("Appendix: CALEA contacts", TITLE),
		("Senior officer or employee responsible", HEADING),
		("Name: {{ filing.calea_officer_name }}", {}),
		("Title: {{ filing.calea_officer_title }}", {}),
		("Job function: {{ filing.calea_officer_duties }}", {}),
		("Contact for law enforcement, 24 hours a day, 7 days a week", HEADING),
		("Name: {{ filing.calea_contact_name }}", {}),
		("Telephone (answered 24 hours a day, 7 days a week): {{ filing.calea_contact_phone }}", {}),
		("E-mail: {{ filing.calea_contact_email }}", {}),
		("Company address: {{ filing.address }}", {}),
	]


def templates() -> list[dict]:
	return [
		{
			"title": CALEA.templates[code],
			"paragraphs": paragraphs(code),
			"description": _("CALEA System Security and Integrity plan: {0}").format(label),
			"rules": CALEA_RULES,
		}
		for code, label in CALEA_CATEGORIES.items()
	]
