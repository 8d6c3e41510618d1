"""Treasury pure rules: the job state machine, sizing and the sweep math."""

from decimal import Decimal
from itertools import pairwise

import pytest
from frappe_crypto.treasury import machine, sizing, sweep


def test_the_happy_path_is_allowed_in_order():
	path = [machine.RECEIVED, machine.SIZING, machine.OFFRAMPING, machine.FUNDS_AT_RELAY, machine.SETTLED]
	for old, new in pairwise(path):
		machine.check(old, new)


@pytest.mark.parametrize(
	"old,new",
	[
		("received", "offramping"),
		("sizing", "funds_at_relay"),
		("settled", "received"),
		("offramping", "sizing"),
		("funds_at_relay", "bogus"),
	],
)
def test_skips_and_backward_moves_are_refused(old, new):
	with pytest.raises(machine.InvalidTransition, match=f"from {old} to {new}"):
		machine.check(old, new)


def test_failure_and_retry_return_to_the_failed_step():
	machine.check(machine.OFFRAMPING, machine.FAILED)
	assert machine.retry_target(machine.SIZING) == machine.SIZING
	machine.check(machine.FAILED, machine.SIZING)
	with pytest.raises(machine.InvalidTransition):
		machine.retry_target(machine.SETTLED)
	assert [machine.retry_delay(n) for n in range(4)] == [60, 300, 1800, None]


def test_sizing_off_ramps_the_obligations_at_the_paid_rate():
	result = sizing.size(
		[
			{"kind": "filing_fee", "amount": 100},
			{"kind": "filing_fee", "amount": "50.50"},
			{"kind": "commission_reserve", "amount": 29.5},
		],
		received_fiat="600.00",
		received_crypto="0.01",  # 60,000 USD per coin
	)
	assert result.by_kind == {"filing_fee": Decimal("150.50"), "commission_reserve": Decimal("29.50")}
	assert result.obligations_fiat == Decimal("180.00")
	assert result.offramp_fiat == Decimal("180.00")
	assert result.offramp_crypto == Decimal("0.00300000")
	assert result.needs_offramp and result.shortfall_fiat == 0


def test_sizing_rounds_the_crypto_up_and_never_exceeds_what_was_received():
	result = sizing.size([{"kind": "filing_fee", "amount": 100}], received_fiat=300, received_crypto=7)
	assert result.offramp_crypto == Decimal("2.33333334")
	short = sizing.size([{"kind": "filing_fee", "amount": 500}], received_fiat=300, received_crypto=3)
	assert short.offramp_fiat == Decimal("300.00") and short.offramp_crypto == Decimal("3")
	assert short.shortfall_fiat == Decimal("200.00")


def test_sizing_with_a_buffer_and_with_nothing_to_pay():
	buffered = sizing.size([{"kind": "filing_fee", "amount": 100}], 1000, 1, buffer_percent=2)
	assert buffered.offramp_fiat == Decimal("102.00")
	nothing = sizing.size([], 1000, 1)
	assert not nothing.needs_offramp and nothing.obligations_fiat == 0
	with pytest.raises(ValueError):
		sizing.size([{"kind": "filing_fee", "amount": -1}], 1000, 1)


def test_sweep_only_above_the_ceiling_down_to_the_target():
	assert not sweep.plan(free="0.4", reserved=0, ceiling="0.5").needed
	result = sweep.plan(free="0.8", reserved="0.1", ceiling="0.5", target="0.2")
	assert result.amount == Decimal("0.70000000")  # 0.9 total, keep 0.2 (of which 0.1 reserved)


def test_sweep_keeps_reserved_coins_the_fee_and_respects_the_minimum():
	assert sweep.plan(free="0.3", reserved="0.5", ceiling="0.6", target="0.1").amount == Decimal("0.3")
	assert sweep.plan(
		free="0.3", reserved="0.5", ceiling="0.6", target="0.1", fee_reserve="0.01"
	).amount == Decimal("0.29")
	assert not sweep.plan(free="0.1", reserved="0.6", ceiling="0.6", target="0.1", fee_reserve="0.2").needed
	small = sweep.plan(free="0.52", reserved=0, ceiling="0.5", target="0.5", minimum="0.05")
	assert not small.needed and "minimum" in small.reason
	assert sweep.plan(free="1", reserved=0, ceiling="1.5").amount == 0
	assert sweep.plan(free="2", reserved=0, ceiling="1").amount == Decimal("1.5")  # default target: half
	assert not sweep.plan(free="5", reserved=0, ceiling=0).needed
	with pytest.raises(ValueError):
		sweep.plan(free="5", reserved=0, ceiling="1", target="2")
