"""The CALEA System Security and Integrity plan, the OCN (NECA Company Code) and the Broadband Data
Collection as FCC filing services (`services.FilingService`; no Frappe import at module level): what each
asks in the intake, the values staff type where they file, how the confirmation is checked and what the
carrier profile learns.

The BDC's coverage and subscription files are uploaded in the intake form; `bdc_file_errors` checks that
each is a CSV with the columns the BDC system's data specifications require.

`services` registers these services at its end: import it (or anything that does) before this module."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from pw_compliance.fulfilment.intake import Declaration, Fact
from pw_compliance.fulfilment.services import (
	ADDRESS,
	FRN_OPTIONAL,
	LEGAL_NAME,
	OFFICER,
	FilingService,
	frn_fact,
)

# the catalog's CALEA variants (catalog.json, calea-ssi)
CALEA_CATEGORIES: dict[str, str] = {
	"clec": "CLEC",
	"ilec": "ILEC",
	"ivoip": "Interconnected VoIP",
	"wireless": "Wireless (CMRS)",
	"broadband": "Facilities-based broadband",
	"reseller": "Reseller",
}
RETENTION = ("1 year", "2 years", "3 years", "5 years", "10 years")
SOLUTIONS = (
	"Our own staff and equipment",
	"Our equipment vendor's intercept solution",
	"A trusted third party (TTP)",
	"Our underlying carrier's facilities",
)
CEFS = "https://www.fcc.gov/cefs"


def _calea_check(values: Mapping[str, Any]) -> dict[str, str]:
	errors = {}
	if not values.get("calea_contact_24x7"):
		errors["calea_contact_24x7"] = (
			"47 CFR 1.20003(b)(4) needs a contact law enforcement can reach 24 hours a day, 7 days a week."
		)
	if values.get("intercept_solution") == SOLUTIONS[2] and not values.get("ttp_name"):
		errors["ttp_name"] = "Name the trusted third party."
	return errors


def _calea_derive(values: Mapping[str, Any]) -> dict[str, str]:
	solution = values.get("intercept_solution") or ""
	if solution == SOLUTIONS[2]:
		how = (
			f"The company has engaged {values.get('ttp_name') or ''}, a trusted third party, to provision and "
			"deliver lawful interceptions on its behalf; the company's own personnel authorize each one."
		)
	elif solution == SOLUTIONS[3]:
		how = (
			"Interceptions of the company's service are effected on the facilities of its underlying carrier"
			+ (f" ({values['ttp_name']})" if values.get("ttp_name") else "")
			+ ", and only after the company's own personnel have authorized them."
		)
	elif solution == SOLUTIONS[1]:
		how = "The company uses its equipment vendor's intercept solution, operated by its own personnel."
	else:
		how = "The company's own personnel provision interceptions on its own equipment."
	return {"intercept_text": how}


def _calea_values(values: Mapping[str, Any]) -> list[tuple[str, str]]:
	return [
		("Filer", values.get("carrier_name", "")),
		("FRN", values.get("frn") or "(none)"),
		("Service category", values.get("category", "")),
		("Address", values.get("address", "")),
		(
			"Senior officer or employee responsible for CALEA",
			f"{values.get('calea_officer_name', '')}, {values.get('calea_officer_title', '')}",
		),
		(
			"24/7 CALEA point of contact",
			f"{values.get('calea_contact_name', '')}, {values.get('calea_contact_phone', '')}, "
			f"{values.get('calea_contact_email', '')}",
		),
		("Records kept for", values.get("records_retention", "")),
		("Intercept solution", values.get("intercept_solution", "")),
		("Signing officer", f"{values.get('officer_name', '')}, {values.get('officer_title', '')}"),
		("Plan to upload", "the signed SSI plan (policies and procedures with its appendix)"),
	]


def _ssi_period(today: date) -> str:
	return f"SSI{today.year}"


def _ssi_label(period: str) -> str:
	return f"the SSI plan of {period[3:]}" if re.fullmatch(r"SSI\d{4}", period) else period


CALEA = FilingService(
	slug="calea-ssi",
	obligation="calea",
	title="CALEA System Security and Integrity plan",
	declaration=Declaration(
		(
			LEGAL_NAME,
			FRN_OPTIONAL,
			ADDRESS,
			*OFFICER,
			Fact(
				"calea_officer_name",
				"Senior officer or employee responsible for CALEA (full name)",
				prefill=("previous.calea_officer_name",),
				help="Appointed to ensure interceptions happen only with lawful authorization.",
			),
			Fact("calea_officer_title", "Their title", prefill=("previous.calea_officer_title",)),
			Fact(
				"calea_officer_duties",
				"Their job function",
				type="long_text",
				prefill=("previous.calea_officer_duties",),
				help="What they do in the company, in a sentence or two.",
			),
			Fact(
				"calea_contact_name",
				"CALEA point of contact for law enforcement (name)",
				prefill=("previous.calea_contact_name",),
			),
			Fact(
				"calea_contact_phone",
				"Their phone, answered around the clock",
				prefill=("previous.calea_contact_phone",),
			),
			Fact(
				"calea_contact_email", "Their e-mail", type="email", prefill=("previous.calea_contact_email",)
			),
			Fact(
				"calea_contact_24x7",
				"This contact can be reached 24 hours a day, 7 days a week",
				type="check",
				prefill=("previous.calea_contact_24x7",),
			),
			Fact(
				"records_retention",
				"How long you keep the record of each interception",
				type="select",
				options=RETENTION,
				prefill=("previous.records_retention",),
			),
			Fact(
				"intercept_solution",
				"Who carries out interceptions",
				type="select",
				options=SOLUTIONS,
				prefill=("previous.intercept_solution",),
			),
			Fact(
				"ttp_name",
				"Trusted third party or underlying carrier (if any)",
				required=False,
				prefill=("previous.ttp_name",),
			),
		)
	),  # fmt: skip
	portal=CEFS,
	staff_instructions=(
		"File the signed SSI plan in the FCC's CALEA Electronic Filing System (CEFS), which 47 CFR 1.20005(c) "
		"requires for new and amended plans (paper is no longer accepted; the plan is filed confidentially). "
		"Log in through CORES with the carrier's FRN (or as its trusted third party), upload the signed plan, "
		"and record the CEFS confirmation number and the submission receipt."
	),
	default_period=_ssi_period,
	period_label=_ssi_label,
	templates={code: f"CALEA SSI Plan ({label})" for code, label in CALEA_CATEGORIES.items()},
	signer=True,
	filing_values=_calea_values,
	learn=lambda values, confirmation: {
		"calea_applicable": "Yes",
		**({"frn": values["frn"]} if values.get("frn") else {}),
	},
	derive=_calea_derive,
	categories=CALEA_CATEGORIES,
	check=_calea_check,
	profile_kinds={
		"interconnected_voip": "ivoip",
		"clec": "clec",
		"broadband_provider": "broadband",
		"wireless_reseller": "reseller",
	},
)


# ---------- OCN ----------

# NECA's Company Code categories (Company Code Request Instructions, ATIS-0300251)
OCN_CATEGORIES = (
	"CLEC - Facilities based competitive local exchange carrier",
	"ULEC - Unbundled local exchange carrier (UNE/UNE-P)",
	"LRSL - Local exchange reseller (non-facilities based)",
	"IC - Interexchange carrier (long distance carriers and resellers)",
	"IPES - Internet Protocol enabled services",
	"CAP - Competitive access provider",
	"PCS - Personal communication service",
	"PCSR - PCS reseller",
	"WIRE - Wireless carrier",
	"WRSL - Wireless reseller",
)
NECA = "https://www.neca.org/business-solutions/company-codes"


def _check_ocn(confirmation: str) -> str | None:
	return (
		None
		if re.fullmatch(r"[0-9A-Z]{4}", confirmation.upper())
		else "The confirmation is the assigned OCN (Company Code): 4 letters or digits."
	)


OCN = FilingService(
	slug="ocn-registration",
	obligation="ocn",
	title="OCN (NECA Company Code) registration",
	declaration=Declaration(
		(
			LEGAL_NAME,
			Fact(
				"dba_name",
				"Name you do business as (if different)",
				required=False,
				prefill=("previous.dba_name", "fcc.filer.dba_name"),
			),
			FRN_OPTIONAL,
			ADDRESS,
			Fact(
				"ocn_category",
				"Type of service (it cannot be changed once the OCN is assigned)",
				type="select",
				options=OCN_CATEGORIES,
				help="Ask your interconnecting carrier if unsure.",
			),
			Fact(
				"operating_state",
				"State you operate in (two letters)",
				max_length=20,
				prefill=("previous.operating_state",),
				help="NECA assigns an OCN per category and operating state.",
			),
			Fact("contact_name", "Contact person for NECA", prefill=("previous.contact_name",)),
			Fact("contact_email", "Contact e-mail", type="email", prefill=("previous.contact_email",)),
			Fact("contact_phone", "Contact phone", prefill=("previous.contact_phone",)),
		)
	),  # fmt: skip
	portal=NECA,
	staff_instructions=(
		"Request a Company Code (OCN) from NECA with the Company Code Request Form (standard service; NECA's "
		"fee is paid by card on the form) with the values below. Record the assigned OCN as the confirmation "
		"number and attach NECA's assignment notice."
	),
	default_period=lambda today: "registration",
	filing_values=lambda v: [
		("Legal name", v.get("carrier_name", "")),
		("Doing business as", v.get("dba_name") or "(same)"),
		("FRN", v.get("frn") or "(none)"),
		("Category", v.get("ocn_category", "")),
		("Operating state", v.get("operating_state", "")),
		("Address", v.get("address", "")),
		(
			"Contact",
			f"{v.get('contact_name', '')}, {v.get('contact_email', '')}, {v.get('contact_phone', '')}",
		),
	],
	check_confirmation=_check_ocn,
	learn=lambda values, confirmation: {"ocn": confirmation.upper()},
	check=lambda v: {}
	if re.fullmatch(r"[A-Za-z]{2}", str(v.get("operating_state") or ""))
	else {"operating_state": "Enter the state's two-letter code, e.g. NV."},
)


# ---------- BDC ----------

# the BDC system's CSV specifications (help.bdc.fcc.gov: "How to Format ..."): header -> what it is
BDC_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
	"availability_file": (
		"Fixed broadband availability (location list)",
		(
			"provider_id",
			"brand_name",
			"location_id",
			"technology",
			"max_advertised_download_speed",
			"max_advertised_upload_speed",
			"low_latency",
			"business_residential_code",
		),
	),
	"broadband_subscription_file": (
		"Fixed broadband subscription",
		(
			"tract",
			"technology_code",
			"max_advertised_download_speed",
			"max_advertised_upload_speed",
			"total_connections",
			"consumer_connections",
		),
	),
	"voice_subscription_file": (
		"Fixed voice subscription",
		("tract", "service_type", "total_lines_or_subscriptions", "consumer_lines_or_subscriptions"),
	),
}
BDC_KINDS = {  # slug -> the files it files
	"bdc-filing": ("availability_file", "broadband_subscription_file", "voice_subscription_file"),
	"bdc-broadband": ("availability_file", "broadband_subscription_file"),
	"bdc-voice": ("voice_subscription_file",),
}
BDC_SYSTEM = "https://bdc.fcc.gov"
MAX_ROWS_CHECKED = 200_000


def bdc_file_errors(content: bytes, columns: tuple[str, ...]) -> str | None:
	"""Why an uploaded file is not a BDC CSV of these columns (header row, at least one data row, each
	row with one value per column, tract codes of 11 digits), or None."""
	try:
		text = content.decode("utf-8-sig")
	except UnicodeDecodeError:
		return "The file is not a UTF-8 CSV file."
	rows = csv.reader(io.StringIO(text))
	header = [h.strip().lower() for h in next(rows, [])]
	if header != list(columns):
		missing = [c for c in columns if c not in header]
		if missing:
			return "The header row lacks: " + ", ".join(missing) + "."
		return "The header row must be exactly: " + ",".join(columns) + "."
	count = 0
	for number, row in enumerate(rows, start=2):
		if not any(cell.strip() for cell in row):
			continue
		count += 1
		if len(row) != len(columns):
			return f"Row {number} has {len(row)} values; the header has {len(columns)}."
		if "tract" in columns and not re.fullmatch(r"\d{11}", row[columns.index("tract")].strip()):
			return f"Row {number}: the tract is an 11-digit 2020 census tract code (keep its leading zeros)."
		if count > MAX_ROWS_CHECKED:
			break
	if not count:
		return "The file has no data rows."
	return None


def _bdc_facts(slug: str) -> tuple[Fact, ...]:
	return tuple(
		Fact(key, f"{BDC_FILES[key][0]} file (CSV)", type="file", extensions=(".csv",),
			help="Columns: " + ",".join(BDC_FILES[key][1]))
		for key in BDC_KINDS[slug]
	)  # fmt: skip


def _bdc_check(slug: str):
	def check(values: Mapping[str, Any]) -> dict[str, str]:
		from pw_compliance.fulfilment.uploads import read_upload

		errors = {}
		for key in BDC_KINDS[slug]:
			content, error = read_upload(values.get(key))
			errors[key] = error or bdc_file_errors(content, BDC_FILES[key][1])
		return {k: e for k, e in errors.items() if e}

	return check


def _bdc_period(today: date) -> str:
	"""The data date of the next filing due: Dec 31 data by March 1, June 30 data by September 1."""
	if (today.month, today.day) <= (3, 1):
		return f"{today.year - 1}-12-31"
	if (today.month, today.day) <= (9, 1):
		return f"{today.year}-06-30"
	return f"{today.year}-12-31"


def _bdc_values(slug: str):
	def values(v: Mapping[str, Any]) -> list[tuple[str, str]]:
		from frappe.utils import get_url

		rows = [
			("Filer", v.get("carrier_name", "")),
			("FRN", v.get("frn", "")),
			("Data as of", v.get("period", "")),
			("Provider ID", v.get("provider_id") or "(the BDC system shows it)"),
			("Certifying official", f"{v.get('officer_name', '')}, {v.get('officer_title', '')}, "
				f"{v.get('officer_email', '')}"),
		]  # fmt: skip
		rows += [(f"Upload: {BDC_FILES[k][0]}", get_url(v[k]) if v.get(k) else "") for k in BDC_KINDS[slug]]
		return rows

	return values


def _bdc_learn(slug: str):
	def learn(values: Mapping[str, Any], confirmation: str) -> dict[str, Any]:
		learned: dict[str, Any] = {"frn": values["frn"]} if values.get("frn") else {}
		if "availability_file" in BDC_KINDS[slug]:
			learned["bdc_broadband"] = 1
		if "voice_subscription_file" in BDC_KINDS[slug]:
			learned["bdc_voice"] = 1
		return learned

	return learn


def _bdc(slug: str, title: str) -> FilingService:
	return FilingService(
		slug=slug,
		obligation="bdc",
		title=title,
		declaration=Declaration(
			(
				LEGAL_NAME,
				frn_fact("The BDC filing is made under your FRN."),
				Fact(
					"provider_id",
					"BDC Provider ID (6 digits), if you have one",
					type="digits",
					length=6,
					required=False,
					prefill=("previous.provider_id",),
				),
				*OFFICER,
				*_bdc_facts(slug),
			)
		),  # fmt: skip
		portal=BDC_SYSTEM,
		staff_instructions=(
			"File the carrier's data in the FCC's Broadband Data Collection system (log in through CORES with "
			"the carrier's FRN): upload each file below in its section for the filing period, have the "
			"certifying official named below certify it, then record the BDC submission confirmation and "
			"attach the submission receipt."
		),
		default_period=_bdc_period,
		period_label=lambda period: f"data as of {period}",
		filing_values=_bdc_values(slug),
		learn=_bdc_learn(slug),
		check=_bdc_check(slug),
	)


BDC = _bdc("bdc-filing", "Broadband Data Collection filing (broadband and voice)")
BDC_BROADBAND = _bdc("bdc-broadband", "Broadband Data Collection filing (broadband)")
BDC_VOICE = _bdc("bdc-voice", "Broadband Data Collection filing (voice)")

SERVICES: tuple[FilingService, ...] = (CALEA, OCN, BDC, BDC_BROADBAND, BDC_VOICE)
