from datetime import date
from itertools import pairwise

import pytest
from performancewest_erpnext.pw_orders import status as st


def test_the_happy_path_is_allowed():
	path = [
		st.AWAITING_PAYMENT,
		st.FUNDS_PENDING,
		st.WAITING,
		st.IN_PROGRESS,
		st.CLIENT_SELECTION,
		st.IN_PROGRESS,
		st.REVIEW,
		st.DELIVERED,
	]
	for old, new in pairwise(path):
		st.check_transition(old, new)


@pytest.mark.parametrize(
	"old,new",
	[
		(st.AWAITING_PAYMENT, st.IN_PROGRESS),  # not paid
		(st.AWAITING_PAYMENT, st.DELIVERED),
		(st.AWAITING_PAYMENT, st.REFUNDED),  # nothing to refund
		(st.IN_PROGRESS, st.DELIVERED),  # skips review
		(st.DELIVERED, st.IN_PROGRESS),
		(st.CANCELLED, st.AWAITING_PAYMENT),
		(st.REFUNDED, st.DELIVERED),
		(st.IN_PROGRESS, "Shipped"),
	],
)
def test_invalid_transitions_name_what_is_allowed(old, new):
	with pytest.raises(st.InvalidTransition) as e:
		st.check_transition(old, new)
	assert f"from {old} to {new}" in str(e.value)
	assert "may go to" in str(e.value)


def test_every_status_has_its_transitions_and_final_ones_lead_nowhere():
	assert set(st.TRANSITIONS) == set(st.STATUSES)
	assert all(not st.TRANSITIONS[s] for s in (st.CANCELLED, st.REFUNDED))
	assert all(new in st.STATUSES for targets in st.TRANSITIONS.values() for new in targets)


def test_funds_clear_in_business_days():
	friday = date(2026, 11, 27)
	assert st.add_business_days(friday, 2) == date(2026, 12, 1)  # card T+2: Tuesday
	assert st.add_business_days(friday, 4) == date(2026, 12, 3)  # ACH T+4
	assert st.add_business_days(friday, 0) == friday
	assert st.FUNDS_CLEARING_DAYS["Crypto"] is None
