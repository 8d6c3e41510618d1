"""The Document Templates of the Form 499 filings (installed by `documents.ensure_templates` with the
others): the 499-A revenue worksheet, the 499-A and 499-Q worksheet, and the registration worksheet of a
new 499 filer. Which rule each section satisfies is in the template's `rules`, never in the document."""

from pw_compliance.fulfilment.form499 import FORM_499_INITIAL, FORM_499A, FORM_499AQ

TITLE = {"bold": True, "size": 16}
HEADING = {"bold": True}
INSTRUCTIONS = "FCC Form 499-A Instructions"

IDENTITY = [
	("Filer: {{ filing.carrier_name }}", {}),
	("Form 499 Filer ID {{ filing.filer_499_id }} · FRN {{ filing.frn }}", {}),
	("Address: {{ filing.address }}", {}),
	("Reporting period: {{ filing.period_label }}", {}),
	("Prepared {{ document.date }}", {}),
]
ANNUAL = [
	("1. Annual revenue (Form 499-A)", HEADING),
	("Block 3, carrier's carrier revenue (Lines 303-315): {{ filing.rev_block3_text }}", {}),
	("Block 4-B, end-user revenue (Lines 403-418): {{ filing.rev_block4b_text }}", {}),
	("Line 423(d), interstate end-user revenue net of uncollectibles: {{ filing.rev_interstate_text }}", {}),
	("Line 423(e), international end-user revenue net of uncollectibles: {{ filing.rev_international_text }}", {}),
	("2. De minimis worksheet", HEADING),
	("{{ filing.deminimis_steps }}", {}),
	("Result: the filer is {{ filing.deminimis_result }}; estimated annual contribution "
		"{{ filing.estimated_contribution }}.", {}),
]  # fmt: skip
QUARTERLY = [
	("3. Quarterly revenue (Form 499-Q)", HEADING),
	("Actual interstate end-user revenue: {{ filing.q_interstate_text }}", {}),
	("Actual international end-user revenue: {{ filing.q_international_text }}", {}),
	("Projected interstate end-user revenue for the quarter after next: {{ filing.q_interstate_projected_text }}", {}),
	("Projected international end-user revenue for the quarter after next: "
		"{{ filing.q_international_projected_text }}", {}),
]  # fmt: skip


def certification(number: str) -> list[tuple[str, dict]]:
	return [
		(f"{number}. Certification", HEADING),
		(
			"I, {{ filing.officer_name }}, {{ filing.officer_title }} of {{ filing.carrier_name }}, certify that "
			"I am an officer of the filer, that I have examined the information in this worksheet and that, "
			"to the best of my knowledge, information and belief, all statements of fact in it are true and "
			"represent an accurate statement of the filer's affairs, and that the filer's revenue was "
			"reported in accordance with the instructions.",
			{},
		),
		(
			"I understand that persons making willful false statements in this worksheet can be punished by "
			"fine or imprisonment under Title 18 of the United States Code.",
			{},
		),
		("Signed: ______________________________", {}),
		("{{ filing.officer_name }}, {{ filing.officer_title }}", {}),
	]


ANNUAL_RULES = [
	{"section": "Header", "rule": "Filer identification (Block 1) and the reporting year: the April 1 "
		"worksheet reports the prior calendar year's revenue", "citation": "47 CFR 54.711(a); " + INSTRUCTIONS},
	{"section": "1. Revenue", "rule": "Carrier's carrier (Block 3) and end-user (Block 4-B) revenue; the "
		"contribution base is Line 423 columns (d) and (e)", "citation": "47 CFR 54.706(b); " + INSTRUCTIONS},
	{"section": "2. De minimis worksheet", "rule": "Worksheet for Determining Contributor Status: a filer "
		"whose contribution would be less than $10,000 is de minimis; the limited international revenues "
		"exemption", "citation": "47 CFR 54.708, 54.706(c); " + INSTRUCTIONS + ", Appendix A"},
	{"section": "Certification", "rule": "An officer of the filer certifies the worksheet (Block 6)",
		"citation": "47 CFR 54.711(a); " + INSTRUCTIONS + ", Block 6"},
]  # fmt: skip
QUARTERLY_RULES = [
	*ANNUAL_RULES[:3],
	{"section": "3. Form 499-Q", "rule": "Quarterly report of the last quarter's actual and the projected "
		"revenue, filed by filers that are not de minimis", "citation": "47 CFR 54.711(a), 54.708; "
		"FCC Form 499-Q Instructions"},
	ANNUAL_RULES[3],
]  # fmt: skip
REGISTRATION_RULES = [
	{"section": "1. Filer identification", "rule": "Registration of a new provider with the Form 499-A "
		"(registration blocks) before or upon entry into service", "citation": "47 CFR 64.1195; 47 CFR "
		"54.711; " + INSTRUCTIONS + ", Blocks 1 and 2"},
	{"section": "2. D.C. agent", "rule": "Designation of an agent in the District of Columbia for service "
		"of process", "citation": "47 U.S.C. 413; 47 CFR 1.47(h); " + INSTRUCTIONS + ", Lines 209-218"},
	{"section": "Certification", "rule": "An officer of the filer certifies the registration (Block 6)",
		"citation": INSTRUCTIONS + ", Block 6"},
]  # fmt: skip

REGISTRATION = [
	("Form 499 Registration", TITLE),
	("New filer registration with USAC (Form 499-A registration blocks)", HEADING),
	("Filer: {{ filing.carrier_name }} · FRN {{ filing.frn }} · EIN {{ filing.ein }}", {}),
	("Prepared {{ document.date }}", {}),
	("1. Filer identification", HEADING),
	("Principal address: {{ filing.address }}", {}),
	("Principal communications type: {{ filing.comm_type }}", {}),
	("Began (or will begin) providing service on {{ filing.service_start }}.", {}),
	("Contact: {{ filing.contact_name }}, {{ filing.contact_email }}, {{ filing.contact_phone }}", {}),
	("2. D.C. agent for service of process", HEADING),
	("{{ filing.dc_agent }}", {}),
	*certification("3"),
]


def templates() -> list[dict]:
	return [
		{
			"title": FORM_499A.templates[""],
			"paragraphs": [("Form 499-A Revenue Worksheet", TITLE), *IDENTITY, *ANNUAL, *certification("3")],
			"description": "FCC Form 499-A revenue worksheet with the de minimis worksheet",
			"rules": ANNUAL_RULES,
		},
		{
			"title": FORM_499AQ.templates[""],
			"paragraphs": [
				("Form 499-A and 499-Q Revenue Worksheet", TITLE),
				*IDENTITY,
				*ANNUAL,
				*QUARTERLY,
				*certification("4"),
			],
			"description": "FCC Form 499-A and 499-Q revenue worksheet with the de minimis worksheet",
			"rules": QUARTERLY_RULES,
		},
		{
			"title": FORM_499_INITIAL.templates[""],
			"paragraphs": REGISTRATION,
			"description": "FCC Form 499 registration worksheet of a new filer",
			"rules": REGISTRATION_RULES,
		},
	]
