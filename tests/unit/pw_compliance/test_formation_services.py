"""What formation and foreign-qualification filings ask and hand to staff (no Frappe)."""

from pw_compliance.formation import services
from pw_compliance.fulfilment import intake


def test_proposed_names_keep_their_order_once_each():
	answers = {"proposed_names": "  Alpha  LLC\nbeta llc\n\nALPHA LLC\nGamma LLC"}
	assert services.proposed_names(answers) == ["Alpha LLC", "beta llc", "Gamma LLC"]


def test_own_agent_needs_an_address_and_home_state_two_letters():
	errors = services.check_answers(
		services.FOREIGN, {"registered_agent": services.OWN_AGENT, "home_state": "Wyo"}
	)
	assert set(errors) == {"own_agent", "home_state"}
	assert (
		services.check_answers(
			services.FOREIGN,
			{"registered_agent": services.OWN_AGENT, "own_agent": "Al Agent, 1 Main St", "home_state": "wy"},
		)
		== {}
	)


def test_formation_asks_the_issues_facts_and_refuses_a_bad_email():
	keys = services.FORMATION.declaration.keys
	for key in (
		"proposed_names",
		"organizers",
		"members",
		"registered_agent",
		"principal_address",
		"naics",
		"purpose",
	):
		assert key in keys
	_clean, errors = intake.validate(services.FORMATION.declaration, {"contact_email": "no"})
	assert "contact_email" in errors and "proposed_names" in errors


def test_agent_text_uses_the_address_on_file_or_says_where_to_get_it():
	ours = {"registered_agent": services.OUR_AGENT}
	address = {
		"name": "NWRA LLC",
		"line1": "1 A St",
		"city": "Spokane",
		"region": "WA",
		"postal_code": "99201",
	}
	assert services.agent_text(ours, "WA", address) == "NWRA LLC, 1 A St, Spokane, WA, 99201"
	assert "no address on file for WY" in services.agent_text(ours, "WY", None)
	own = {"registered_agent": services.OWN_AGENT, "own_agent": "Al Agent, 1 Main St"}
	assert services.agent_text(own, "WY", address) == "Al Agent, 1 Main St"


def test_ss4_answers_never_hold_the_ssn_and_count_members():
	answers = {"members": "A, 1 St\nB, 2 St", "responsible_party": "A", "fiscal_year_end": "June"}
	lines = dict(services.ss4_answers(answers, "Free Name LLC", "WY", "llc", "2027-03-10"))
	assert lines["1 Legal name"] == "Free Name LLC"
	assert lines["8a-8c LLC / members"].endswith("2 member(s)")
	assert "never written" in lines["7b SSN/ITIN"]
	assert lines["12 Closing month of accounting year"] == "June"
