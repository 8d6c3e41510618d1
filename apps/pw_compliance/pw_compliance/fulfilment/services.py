"""What each FCC filing service needs, produces and files (no Frappe import): its intake
declaration, document template per variant, signer, where staff file it and the values they type,
how its confirmation is checked and what the carrier profile learns from it."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pw_compliance.fulfilment.intake import Declaration, Fact

# the catalog's CPNI variants (catalog.json, cpni-certification)
CPNI_CATEGORIES: dict[str, str] = {
	"clec": "CLEC",
	"ilec": "ILEC",
	"ixc": "Interexchange carrier (IXC)",
	"ivoip": "Interconnected VoIP",
	"nivoip": "Non-interconnected VoIP",
	"wireless": "Wireless (CMRS)",
	"reseller": "Toll reseller",
	"prepaid": "Prepaid calling",
	"other": "Other or several categories",
}

YES_NO = ("No", "Yes")


@dataclass(frozen=True)
class FilingService:
	slug: str
	obligation: str
	title: str
	declaration: Declaration
	portal: str
	staff_instructions: str
	default_period: Callable[[date], str]
	period_label: Callable[[str], str] = lambda period: period
	templates: Mapping[str, str] | None = None  # variant ("" = any) -> Document Template title
	signer: bool = False
	filing_values: Callable[[Mapping[str, Any]], list[tuple[str, str]]] = lambda values: []
	check_confirmation: Callable[[str], str | None] | None = None
	learn: Callable[[Mapping[str, Any], str], dict[str, Any]] = lambda values, confirmation: {}
	derive: Callable[[Mapping[str, Any]], dict[str, str]] = lambda values: {}
	categories: Mapping[str, str] | None = None
	# checks across facts or of uploaded files: clean answers -> {fact: error} (filings.submit_intake)
	check: Callable[[Mapping[str, Any]], dict[str, str]] | None = None
	# carrier profile kind field -> category, for an order without a variant (a bundle's member)
	profile_kinds: Mapping[str, str] | None = None

	@property
	def has_document(self) -> bool:
		return bool(self.templates)

	def template_for(self, variant: str | None) -> str:
		if not self.templates:
			raise KeyError(f"{self.slug} has no document")
		found = self.templates.get(variant or "") or self.templates.get("other") or self.templates.get("")
		if not found:
			raise ValueError(
				f"{self.slug} needs its category (the FCC Filing's variant): one of {', '.join(self.templates)}."
			)
		return found

	def category_label(self, variant: str | None) -> str:
		return (self.categories or {}).get(variant or "", variant or "")

	def format(self, key: str, value: Any) -> str:
		fact = self.declaration.fact(key) if key in self.declaration.keys else None
		if fact is not None and fact.type == "check":
			return "Yes" if value else "No"
		return "" if value is None else str(value)


def _calendar_year(today: date) -> str:
	return f"CY{today.year - 1}"


def _calendar_label(period: str) -> str:
	return f"calendar year {period[2:]}" if re.fullmatch(r"CY\d{4}", period) else period


def _identifiers(values: Mapping[str, Any], confirmation: str) -> dict[str, Any]:
	learned = {}
	if values.get("frn"):
		learned["frn"] = values["frn"]
	if values.get("filer_499_id"):
		learned["filer_499_id"] = values["filer_499_id"]
	return learned


OFFICER = (
	Fact("officer_name", "Officer who signs (full name)", prefill=("previous.officer_name",),
		help="An officer of the company with personal knowledge of its procedures."),
	Fact("officer_title", "Officer's title", prefill=("previous.officer_title",), help="e.g. President, CEO"),
	Fact("officer_email", "Officer's e-mail", type="email", prefill=("previous.officer_email",),
		help="We send the signing link to this address."),
)  # fmt: skip
LEGAL_NAME = Fact(
	"legal_name", "Legal name of the carrier", prefill=("previous.legal_name", "fcc.filer.legal_name", "fcc.cores.entity_name",
	"customer.customer_name"),
)  # fmt: skip
ADDRESS = Fact(
	"address",
	"Principal business address",
	type="long_text",
	prefill=("fcc.filer.hq_address", "previous.address"),
)


def frn_fact(help: str = "", required: bool = True) -> Fact:
	"""The carrier's FRN (from its profile, or the bundle's CORES registration), with why it is asked."""
	return Fact(
		"frn",
		"FCC Registration Number (FRN)",
		type="digits",
		length=10,
		required=required,
		prefill=("profile.frn",),
		help=help,
		produced_by="cores-frn-registration",
	)


FRN_OPTIONAL = frn_fact(required=False)
FILER_499 = Fact(
	"filer_499_id",
	"Form 499 Filer ID",
	type="digits",
	length=6,
	required=False,
	prefill=("profile.filer_499_id",),
)


def _cpni_derive(values: Mapping[str, Any]) -> dict[str, str]:
	if values.get("data_broker_actions") == "Yes":
		brokers = "During the period the company took the following actions against data brokers: " + str(
			values.get("data_broker_details") or ""
		)
	else:
		brokers = (
			"During the period the company took no actions against data brokers, in state commissions, "
			"the court system or at the Commission, because it found no data broker attempting to access "
			"its customers' CPNI."
		)
	counts = [
		int(values.get(k) or 0)
		for k in ("complaints_employee_access", "complaints_improper_disclosure", "complaints_online_access")
	]
	total = sum(counts)
	complaints = (
		f"The company received {total} customer complaints during the period concerning the unauthorized "
		f"release of CPNI: {counts[0]} about improper access by employees, {counts[1]} about improper "
		f"disclosure to individuals not authorized to receive the information, and {counts[2]} about "
		"improper access to online information by individuals not authorized to view it."
	)
	identifiers = " · ".join(
		f"{label} {values[key]}"
		for key, label in (("frn", "FRN"), ("filer_499_id", "Form 499 Filer ID"))
		if values.get(key)
	)
	return {
		"data_broker_statement": brokers,
		"complaint_summary": complaints,
		"complaints_total": str(total),
		"identifiers": identifiers,
	}


def _cpni_values(values: Mapping[str, Any]) -> list[tuple[str, str]]:
	return [
		("Proceeding", "06-36 (EB Docket No. 06-36)"),
		("Name of filer", values.get("carrier_name", "")),
		("FRN", values.get("frn") or "(none)"),
		("Form 499 Filer ID", values.get("filer_499_id") or "(none)"),
		("Address", values.get("address", "")),
		("Certifying officer", f"{values.get('officer_name', '')}, {values.get('officer_title', '')}"),
		("Period certified", values.get("period_label", "")),
		("Carrier category", values.get("category", "")),
	]


CPNI = FilingService(
	slug="cpni-certification",
	obligation="cpni",
	title="CPNI annual certification",
	declaration=Declaration(
		(
			LEGAL_NAME,
			FRN_OPTIONAL,
			FILER_499,
			ADDRESS,
			*OFFICER,
			Fact(
				"complaints_employee_access",
				"Complaints about improper access by employees",
				type="int",
				min_value=0,
				max_value=1_000_000,
				help="Number received during the year (0 if none).",
			),
			Fact(
				"complaints_improper_disclosure",
				"Complaints about disclosure to unauthorized individuals",
				type="int",
				min_value=0,
				max_value=1_000_000,
			),
			Fact(
				"complaints_online_access",
				"Complaints about unauthorized online access",
				type="int",
				min_value=0,
				max_value=1_000_000,
			),
			Fact(
				"data_broker_actions",
				"Did you take any action against data brokers this year?",
				type="select",
				options=YES_NO,
				help="Proceedings in state commissions, courts or at the FCC, or petitions.",
			),
			Fact(
				"data_broker_details",
				"If yes: what actions, where and when",
				type="long_text",
				required=False,
			),
		)
	),  # fmt: skip
	portal="https://www.fcc.gov/ecfs/filings/standard",
	staff_instructions=(
		"File the signed CPNI certificate and statement in ECFS, proceeding 06-36, as a standard filing "
		"(the ECFS API takes no document filings)."
	),
	default_period=_calendar_year,
	period_label=_calendar_label,
	templates={code: f"CPNI Certification ({label})" for code, label in CPNI_CATEGORIES.items()},
	signer=True,
	filing_values=_cpni_values,
	learn=_identifiers,
	derive=_cpni_derive,
	categories=CPNI_CATEGORIES,
)


STIR_SHAKEN = (
	"Complete STIR/SHAKEN implementation",
	"Partial STIR/SHAKEN implementation and robocall mitigation",
	"No STIR/SHAKEN implementation; robocall mitigation only",
)
ROLES = ("Voice service provider", "Gateway provider", "Non-gateway intermediate provider")


def _rmd_values(values: Mapping[str, Any]) -> list[tuple[str, str]]:
	return [
		("Business name", values.get("carrier_name", "")),
		("FRN", values.get("frn", "")),
		("Provider type", values.get("provider_role", "")),
		("STIR/SHAKEN", values.get("stir_shaken", "")),
		("Upstream provider signing calls", values.get("upstream_provider") or "(none)"),
		("OCN", values.get("ocn") or "(none)"),
		("Robocall mitigation contact", f"{values.get('contact_name', '')}, {values.get('contact_email', '')}, "
			f"{values.get('contact_phone', '')}"),
		("Certifying officer", f"{values.get('officer_name', '')}, {values.get('officer_title', '')}"),
		("Plan to upload", "the signed Robocall Mitigation Program description"),
	]  # fmt: skip


def _rmd_derive(values: Mapping[str, Any]) -> dict[str, str]:
	return {
		"upstream_text": str(values.get("upstream_provider") or "none (the company signs its own calls)"),
		"ocn_text": str(values.get("ocn") or "none"),
	}


def _rmd_learn(values: Mapping[str, Any], confirmation: str) -> dict[str, Any]:
	return {**_identifiers(values, confirmation), "rmd_status": "Filed", "rmd_required": "Yes"}


RMD = FilingService(
	slug="rmd-filing",
	obligation="rmd",
	title="Robocall Mitigation Database filing",
	declaration=Declaration(
		(
			LEGAL_NAME,
			frn_fact("The RMD is filed under your FRN."),
			ADDRESS,
			*OFFICER,
			Fact("provider_role", "What you are in the call path", type="select", options=ROLES),
			Fact("stir_shaken", "STIR/SHAKEN status", type="select", options=STIR_SHAKEN),
			Fact(
				"upstream_provider",
				"Upstream provider that signs your calls (if not you)",
				required=False,
				prefill=("previous.upstream_provider",),
			),
			Fact(
				"ocn",
				"Operating Company Number (OCN), if any",
				required=False,
				prefill=("profile.ocn", "previous.ocn"),
			),
			Fact(
				"mitigation_steps",
				"How you stop illegal robocalls on your network",
				type="long_text",
				help="e.g. call analytics, blocking, monitoring traffic patterns, terminating offenders.",
			),
			Fact(
				"kyc_procedures",
				"How you know your customers before giving them service",
				type="long_text",
				help="e.g. identity and business checks, credit card verification, reviewing use cases.",
			),
			Fact("contact_name", "Robocall mitigation contact (name)", prefill=("previous.contact_name",)),
			Fact("contact_email", "Contact e-mail", type="email", prefill=("previous.contact_email",)),
			Fact("contact_phone", "Contact phone", prefill=("previous.contact_phone",)),
		)
	),  # fmt: skip
	portal="https://fccprod.servicenowservices.com/rmd",
	staff_instructions=(
		"Certify the carrier in the Robocall Mitigation Database (log in through CORES with the carrier's "
		"FRN) with the values below and upload the signed program description."
	),
	default_period=lambda today: str(today.year),
	templates={"": "Robocall Mitigation Program"},
	signer=True,
	filing_values=_rmd_values,
	learn=_rmd_learn,
	derive=_rmd_derive,
)


def _check_frn(confirmation: str) -> str | None:
	return (
		None if re.fullmatch(r"\d{10}", confirmation) else "The CORES confirmation is the new FRN: 10 digits."
	)


CORES = FilingService(
	slug="cores-frn-registration",
	obligation="cores",
	title="CORES registration (FRN)",
	declaration=Declaration(
		(
			LEGAL_NAME,
			Fact(
				"ein",
				"Employer Identification Number (EIN)",
				type="digits",
				length=9,
				help="CORES asks for the taxpayer number of the entity.",
			),
			Fact(
				"entity_type",
				"Type of entity",
				type="select",
				options=(
					"Corporation",
					"Limited liability company",
					"Partnership",
					"Sole proprietorship",
					"Other",
				),
			),
			ADDRESS,
			Fact("contact_name", "Contact person for the FCC", prefill=("previous.contact_name",)),
			Fact("contact_email", "Contact e-mail", type="email", prefill=("previous.contact_email",)),
			Fact("contact_phone", "Contact phone", prefill=("previous.contact_phone",)),
		)
	),  # fmt: skip
	portal="https://apps.fcc.gov/cores/",
	staff_instructions=(
		"Register the entity in CORES with the values below. Record the new FRN as the confirmation number "
		"and attach the CORES registration confirmation."
	),
	default_period=lambda today: "registration",
	filing_values=lambda v: [
		("Entity name", v.get("carrier_name", "")),
		("EIN", v.get("ein", "")),
		("Entity type", v.get("entity_type", "")),
		("Address", v.get("address", "")),
		(
			"Contact",
			f"{v.get('contact_name', '')}, {v.get('contact_email', '')}, {v.get('contact_phone', '')}",
		),
	],
	check_confirmation=_check_frn,
	learn=lambda values, confirmation: {"frn": confirmation},
)

SERVICES: dict[str, FilingService] = {s.slug: s for s in (CPNI, RMD, CORES)}

# CALEA SSI plan, OCN and BDC build on them too (pw_compliance.fulfilment.carrier_filings)
from pw_compliance.fulfilment.carrier_filings import SERVICES as CARRIER_FILINGS

SERVICES.update({s.slug: s for s in CARRIER_FILINGS})

# The Form 499 filings build on the facts above (import services before form499)
from pw_compliance.fulfilment.form499 import FORM_499

SERVICES.update({s.slug: s for s in FORM_499})
