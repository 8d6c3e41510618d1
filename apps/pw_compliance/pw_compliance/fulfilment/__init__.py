"""FCC service handlers for the fulfilment engine of performancewest_erpnext (registered by catalog
slug under `pw_service_handlers` in hooks.py) and the state fees it asks for."""

from typing import Any

from performancewest_erpnext.pw_orders.steps import Auto, Handler, StaffTask

# Frappe is imported inside the functions: the pure modules of this package (intake, services) are
# loaded by the unit tier without it.

FEE_FIELDS = {"Formation Fee": "formation_fee", "Foreign Qualification Fee": "foreign_qualification_fee"}
ENTITY_TYPES = ("llc", "corporation", "nonprofit")


def government_fee(basis: str, jurisdiction: str, variant: str | None) -> float | str | None:
	"""hooks `pw_government_fees`: the state's fee on file for the entity type (the order's variant), or
	the catalog's FEE_TO_CONFIRM when it is not confirmed from its source."""
	import frappe

	field = FEE_FIELDS.get(basis)
	if not field or not jurisdiction:
		return None
	from performancewest_erpnext.pw_orders.catalog import FEE_TO_CONFIRM

	from pw_compliance.jurisdictions.records import fee_status

	entity_type = variant if variant in ENTITY_TYPES else "llc"
	amount, confirmed = fee_status(jurisdiction, entity_type, field)
	if amount is None:
		return None
	# a fee not confirmed from its own source is shown as "to be confirmed" and never billed
	return amount if confirmed else FEE_TO_CONFIRM


def _confirm_dc_agent(ctx: Any) -> str:
	from frappe import _
	from performancewest_erpnext.pw_orders.engine import email_customer

	return email_customer(
		ctx.order,
		_("Your FCC DC agent is designated"),
		_(
			"<p>Northwest Registered Agent is now your designated agent for service of process in the "
			"District of Columbia, as FCC Form 499 and CORES require. The designation renews every year; "
			"we will remind you before it lapses.</p><p>Order {0}</p>"
		).format(ctx.order.name),
	)


DC_AGENT = Handler(
	(
		StaffTask(
			"designate_agent",
			"Order the DC agent designation from Northwest Registered Agent (wholesale account) for this "
			"carrier: legal name, FRN and principal address from the customer record. Attach NWRA's "
			"confirmation to the order, then close this task.",
			title="Designate the DC agent with NWRA",
		),
		Auto("confirm_to_customer", run=_confirm_dc_agent, title="Tell the customer"),
	)
)


def dc_agent() -> Handler:
	return DC_AGENT


def cpni_certification() -> Handler:
	from pw_compliance.fulfilment import filings

	return filings.handler("cpni-certification")


def rmd_filing() -> Handler:
	from pw_compliance.fulfilment import filings

	return filings.handler("rmd-filing")


def cores_frn_registration() -> Handler:
	from pw_compliance.fulfilment import filings

	return filings.handler("cores-frn-registration")


def filing_handler(slug: str) -> Handler:
	"""hooks `pw_service_handlers` through the per-service functions below: the FCC filing road."""
	from pw_compliance.fulfilment import filings

	return filings.handler(slug)


def calea_ssi() -> Handler:
	return filing_handler("calea-ssi")


def ocn_registration() -> Handler:
	return filing_handler("ocn-registration")


def bdc_filing() -> Handler:
	return filing_handler("bdc-filing")


def bdc_broadband() -> Handler:
	return filing_handler("bdc-broadband")


def bdc_voice() -> Handler:
	return filing_handler("bdc-voice")


def form_499a() -> Handler:
	from pw_compliance.fulfilment import filings

	return filings.handler("fcc-499a")


def form_499a_499q() -> Handler:
	from pw_compliance.fulfilment import filings

	return filings.handler("fcc-499a-499q")


def form_499_initial() -> Handler:
	from pw_compliance.fulfilment import filings

	return filings.handler("fcc-499-initial")
