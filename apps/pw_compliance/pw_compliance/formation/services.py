"""What a formation or foreign-qualification filing needs and files (no Frappe import): the intake
declarations, the values staff type into the state's site, the IRS SS-4 answers and the proposed names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pw_compliance.fulfilment.intake import Declaration, Fact

FORMATION_SLUG = "us-state-formation"
FOREIGN_SLUGS = ("foreign-qualification-single", "foreign-qualification-multi")
OUR_AGENT = "Northwest Registered Agent (through us)"
OWN_AGENT = "My own registered agent in the state"
ENTITY_LABELS = {"llc": "Limited liability company", "corporation": "Corporation", "nonprofit": "Nonprofit"}
MONTHS = (
	"December", "January", "February", "March", "April", "May", "June", "July", "August", "September",
	"October", "November",
)  # fmt: skip
STATE_CODE = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class StateService:
	slug: str
	kind: str  # the State Filing kind
	title: str
	declaration: Declaration

	def check(self, answers: Mapping[str, Any]) -> dict[str, str]:
		return check_answers(self, answers)


AGENT = (
	Fact("registered_agent", "Registered agent", type="select", options=(OUR_AGENT, OWN_AGENT),
		help="Every state requires an agent with a street address in the state to receive legal papers."),
	Fact("own_agent", "Your agent's name and street address in the state", type="long_text", required=False,
		help="Only if you keep your own agent."),
)  # fmt: skip
CONTACT = (
	Fact("contact_name", "Contact person", prefill=("previous.contact_name",)),
	Fact("contact_email", "Contact e-mail", type="email", prefill=("previous.contact_email",)),
	Fact("contact_phone", "Contact phone", prefill=("previous.contact_phone",)),
)

FORMATION = StateService(
	slug=FORMATION_SLUG,
	kind="Formation",
	title="Entity formation",
	declaration=Declaration(
		(
			Fact(
				"proposed_names",
				"Proposed names, in order of preference",
				type="long_text",
				help="One per line, with the ending (LLC, Inc.). We file the first one the state shows as available.",
			),
			Fact(
				"organizers",
				"Organizers or incorporators: name and address",
				type="long_text",
				help="One person per line.",
			),
			Fact(
				"members",
				"Members or managers (LLC) / directors (corporation): name and address",
				type="long_text",
				help="One person per line.",
			),
			Fact(
				"management",
				"Who manages the company",
				type="select",
				options=("Members", "Managers", "Board of directors"),
			),
			*AGENT,
			Fact(
				"principal_address",
				"Principal office address",
				type="long_text",
				prefill=("previous.principal_address",),
			),
			Fact(
				"naics", "NAICS code of the main activity", help="e.g. 517111 for wired telecommunications."
			),
			Fact(
				"purpose",
				"Business purpose",
				type="long_text",
				help="What the company does, in a sentence. Most states accept 'any lawful purpose'.",
			),
			Fact(
				"responsible_party",
				"EIN responsible party (full name)",
				help="The person who controls the company; the IRS asks for them on Form SS-4. We ask for "
				"their SSN or ITIN by phone and never store it.",
			),
			Fact("fiscal_year_end", "Month the accounting year closes", type="select", options=MONTHS),
			Fact(
				"employees_expected",
				"Employees expected in the next 12 months",
				type="int",
				min_value=0,
				max_value=1_000_000,
			),
			*CONTACT,
		)
	),  # fmt: skip
)

FOREIGN = StateService(
	slug="foreign-qualification",
	kind="Foreign Qualification",
	title="Foreign qualification",
	declaration=Declaration(
		(
			Fact(
				"legal_name",
				"Legal name of the entity",
				prefill=("previous.legal_name", "customer.customer_name"),
			),
			Fact(
				"home_state",
				"State where the entity was formed (two letters)",
				prefill=("profile.formation_jurisdiction", "previous.home_state"),
				max_length=2,
			),
			Fact(
				"formed_on",
				"Date it was formed",
				type="date",
				prefill=("profile.formed_on", "previous.formed_on"),
			),
			Fact(
				"home_entity_number",
				"Its entity number in that state",
				prefill=("profile.state_entity_number", "previous.home_entity_number"),
			),
			Fact(
				"principal_address",
				"Principal office address",
				type="long_text",
				prefill=("previous.principal_address",),
			),
			Fact(
				"officers",
				"Officers, managers or members: name and address",
				type="long_text",
				prefill=("previous.officers",),
				help="One person per line.",
			),
			*AGENT,
			Fact(
				"purpose",
				"Business it will do in the states",
				type="long_text",
				prefill=("previous.purpose",),
			),
			*CONTACT,
		)
	),  # fmt: skip
)


def service_for(slug: str) -> StateService:
	if slug == FORMATION_SLUG:
		return FORMATION
	if slug in FOREIGN_SLUGS:
		return FOREIGN
	raise KeyError(slug)


def check_answers(service: StateService, answers: Mapping[str, Any]) -> dict[str, str]:
	"""Checks across facts, beyond each fact's own: {fact: message}."""
	errors = {}
	if answers.get("registered_agent") == OWN_AGENT and not str(answers.get("own_agent") or "").strip():
		errors["own_agent"] = "Give your agent's name and street address, or choose ours."
	if service is FOREIGN and answers.get("home_state"):
		if not STATE_CODE.match(str(answers["home_state"]).upper()):
			errors["home_state"] = "Enter the two-letter state code, e.g. DE."
	if service is FORMATION and answers.get("proposed_names") and not proposed_names(answers):
		errors["proposed_names"] = "Enter at least one name."
	return errors


def proposed_names(answers: Mapping[str, Any]) -> list[str]:
	"""The proposed names in order of preference, each once."""
	seen: list[str] = []
	for line in str(answers.get("proposed_names") or "").splitlines():
		name = " ".join(line.split())
		if name and name.casefold() not in (s.casefold() for s in seen):
			seen.append(name)
	return seen


def agent_text(answers: Mapping[str, Any], state: str, our_address: Mapping[str, Any] | None) -> str:
	"""The registered agent and street address to put on the filing."""
	if answers.get("registered_agent") == OWN_AGENT:
		return str(answers.get("own_agent") or "").strip()
	if not our_address:
		return f"Northwest Registered Agent: no address on file for {state}; take it from the NWRA account"
	parts = [our_address.get(k) for k in ("name", "line1", "line2", "city", "region", "postal_code")]
	return ", ".join(str(p) for p in parts if p)


def filing_values(
	kind: str, state: str, entity_type: str, answers: Mapping[str, Any], entity_name: str, agent: str
) -> list[tuple[str, str]]:
	"""Every value staff type into the state's site."""
	values = [
		("State", state),
		("Entity type", ENTITY_LABELS.get(entity_type, entity_type)),
		("Entity name", entity_name),
		("Registered agent", agent),
		("Principal office", str(answers.get("principal_address") or "")),
	]
	if kind == "Formation":
		values += [
			("Organizers / incorporators", str(answers.get("organizers") or "")),
			("Members, managers or directors", str(answers.get("members") or "")),
			("Managed by", str(answers.get("management") or "")),
			("Purpose", str(answers.get("purpose") or "")),
			("NAICS", str(answers.get("naics") or "")),
		]
	else:
		values += [
			("Home state", str(answers.get("home_state") or "").upper()),
			("Formed on", str(answers.get("formed_on") or "")),
			("Entity number in the home state", str(answers.get("home_entity_number") or "")),
			("Officers / managers", str(answers.get("officers") or "")),
			("Purpose", str(answers.get("purpose") or "")),
		]
	values.append(
		(
			"Contact",
			f"{answers.get('contact_name', '')}, {answers.get('contact_email', '')}, "
			f"{answers.get('contact_phone', '')}",
		)
	)
	return values


def ss4_answers(
	answers: Mapping[str, Any], entity_name: str, state: str, entity_type: str, formed_on: str
) -> list[tuple[str, str]]:
	"""IRS Form SS-4, prefilled from the intake (line numbers of the form); the SSN is asked by phone."""
	members = [line for line in str(answers.get("members") or "").splitlines() if line.strip()]
	return [
		("1 Legal name", entity_name),
		("4a-4b Mailing address", str(answers.get("principal_address") or "")),
		("6 County and state of principal business", str(answers.get("principal_address") or "")),
		("7a Responsible party", str(answers.get("responsible_party") or "")),
		("7b SSN/ITIN", "ask the responsible party by phone; never written here"),
		("8a-8c LLC / members", f"{ENTITY_LABELS.get(entity_type, entity_type)}; {len(members)} member(s)"),
		("9a Type of entity", ENTITY_LABELS.get(entity_type, entity_type)),
		("9b State of incorporation", state),
		("10 Reason for applying", "Started new business"),
		("11 Date business started", formed_on),
		("12 Closing month of accounting year", str(answers.get("fiscal_year_end") or "December")),
		("13 Highest number of employees expected", str(answers.get("employees_expected") or 0)),
		("16 Principal activity", f"{answers.get('purpose', '')} (NAICS {answers.get('naics', '')})"),
		("Third party designee", "Performance West"),
	]
