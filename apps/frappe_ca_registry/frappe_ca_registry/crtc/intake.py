"""What the CRTC registration asks the customer (pw_compliance's intake declaration; no Frappe import):
the proposed company names, directors and officers, shareholders, the registered and records office,
the services to be offered, the officer who signs the CRTC letter and the contact."""

from dataclasses import dataclass

from pw_compliance.fulfilment.intake import Declaration, Fact

OUR_OFFICE = "Our Vancouver mailbox address"
OWN_OFFICE = "An address in BC we give"

DECLARATION = Declaration(
	(
		Fact("proposed_names", "Proposed company names, one a line, in order of preference", "long_text",
			help="BC Registries examines them in this order; 'Ltd.' is added when no ending is given."),
		Fact("directors", "Directors: full name and residential address, one a line", "long_text"),
		Fact("officers", "Officers: name, title (President, Secretary ...), one a line", "long_text"),
		Fact("shareholders", "Shareholders: name and number of shares, one a line", "long_text"),
		Fact("office", "Registered and records office", "select", options=(OUR_OFFICE, OWN_OFFICE)),
		Fact("office_address", "The BC address (only when you give your own)", required=False),
		Fact("services", "Telecommunications services you will offer in Canada", "long_text",
			help="e.g. resale of long distance, VoIP, data; the CRTC letter lists them."),
		Fact("officer_name", "Officer who signs the CRTC letter"),
		Fact("officer_title", "That officer's title"),
		Fact("officer_email", "That officer's e-mail (for the signature link)", "email"),
		Fact("contact_name", "Contact person"),
		Fact("contact_email", "Contact e-mail", "email"),
		Fact("contact_phone", "Contact phone"),
	)
)  # fmt: skip


def check(answers: dict) -> dict[str, str]:
	"""Checks across facts: an own office needs its address; at least one proposed name."""
	errors = {}
	if answers.get("office") == OWN_OFFICE and not str(answers.get("office_address") or "").strip():
		errors["office_address"] = "Give the BC address of your registered and records office."
	if not proposed_names(answers):
		errors["proposed_names"] = "Give at least one proposed name."
	return errors


def proposed_names(answers: dict) -> list[str]:
	names = []
	for line in str(answers.get("proposed_names") or "").splitlines():
		name = " ".join(line.split())
		if name and name not in names:
			names.append(name)
	return names


@dataclass(frozen=True)
class Spec:
	"""What pw_compliance's intake form reads of a record it fills (hook `pw_intake_doctypes`)."""

	title: str = "CRTC carrier registration"
	declaration: Declaration = DECLARATION

	def check(self, answers: dict) -> dict[str, str]:
		return check(answers)


SPEC = Spec()
