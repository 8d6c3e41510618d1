from decimal import Decimal as D

import pytest
from performancewest_erpnext.pw_orders.pricing import (
	PricingError,
	Selection,
	Service,
	quote,
)

SERVICES = {
	"cpni": Service(
		"cpni",
		"CPNI",
		D(149),
		variants={"clec": ("CLEC", None), "ivoip": ("VoIP", D(179))},
		discount_eligible=True,
	),
	"rmd": Service("rmd", "RMD", D(219), discount_eligible=True),
	"499a": Service("499a", "Form 499-A", D(499), discount_eligible=True),
	"bundle": Service("bundle", "New Carrier Bundle", D(1799)),
	"fq": Service(
		"fq",
		"Foreign Qualification",
		D(99),
		per_jurisdiction=True,
		requires_jurisdiction=True,
	),
	"fq1": Service(
		"fq1",
		"Foreign Qualification (one)",
		D(149),
		per_jurisdiction=True,
		requires_jurisdiction=True,
		max_jurisdictions=1,
	),
}
STATE_FEES = {"TX": D(750), "WY": D(150)}


def fees(service, jurisdiction, variant):
	return [(f"{jurisdiction} fee", STATE_FEES[jurisdiction])] if service.startswith("fq") else []


def priced(*selections, discount=D(15)):
	return quote(
		list(selections),
		SERVICES,
		fees=fees,
		discount_percent=discount,
		discount_min_services=2,
	)


def test_two_eligible_services_get_the_discount_and_fees_never_do():
	q = priced(
		Selection("cpni", "clec"),
		Selection("rmd"),
		Selection("fq", jurisdictions=("tx", "WY")),
	)
	assert [(line.service, line.qty, line.amount) for line in q.lines] == [
		("cpni", 1, D("126.65")),
		("rmd", 1, D("186.15")),
		("fq", 2, D("198.00")),
		("fq", 1, D("750.00")),
		("fq", 1, D("150.00")),
	]
	assert q.discount_total == D("55.20")
	assert q.fees_total == D(900)
	assert q.total == D("126.65") + D("186.15") + D(198) + D(900)


def test_one_eligible_service_or_a_bundle_gets_no_discount():
	assert priced(Selection("cpni", "clec"), Selection("bundle")).discount_total == 0
	assert priced(Selection("rmd"), Selection("499a"), discount=D(0)).discount_total == 0


def test_variant_price_overrides_the_service_price():
	q = priced(Selection("cpni", "ivoip"))
	assert (q.lines[0].rate, q.lines[0].description) == (D(179), "CPNI: VoIP")


@pytest.mark.parametrize(
	"selection,message",
	[
		(Selection("nope"), "Unknown service"),
		(Selection("cpni"), "Choose a variant"),
		(Selection("cpni", "martian"), "Choose a variant"),
		(Selection("rmd", "x"), "has no variant"),
		(Selection("rmd", qty=0), "at least 1"),
		(Selection("rmd", qty=-3), "at least 1"),
		(Selection("fq"), "Choose the state"),
		(Selection("fq1", jurisdictions=("TX", "WY")), "at most 1"),
	],
)
def test_bad_selections_say_what_is_wrong(selection, message):
	with pytest.raises(PricingError, match=message):
		priced(selection)


def test_duplicates_and_empty_orders_are_refused():
	with pytest.raises(PricingError, match="twice"):
		priced(Selection("rmd"), Selection("rmd"))
	with pytest.raises(PricingError, match="at least one"):
		priced()


def test_repeated_states_count_once():
	q = priced(Selection("fq", jurisdictions=("TX", "tx ", "")))
	assert (q.lines[0].qty, q.fees_total) == (1, D(750))
