"""Crypto invoice status math, BTCPay-style: a status and why."""

from datetime import datetime, timedelta
from decimal import Decimal

from frappe_crypto.shkeeper import invoice_status as st

T0 = datetime(2026, 4, 17, 12, 0)
EXPIRES = T0 + timedelta(hours=1)


def test_unpaid_is_new_then_expired():
	assert st.evaluate(100, 0, "UNPAID", expires_at=EXPIRES, now=T0).status == st.NEW
	state = st.evaluate(100, 0, None, expires_at=EXPIRES, now=EXPIRES + timedelta(seconds=1))
	assert (state.status, state.additional_status) == (st.EXPIRED, st.NONE)
	assert st.evaluate(100, 0, "EXPIRED", now=T0).status == st.EXPIRED


def test_exact_payment_settles():
	state = st.evaluate(100, "100.00", "PAID", expires_at=EXPIRES, paid_in_full_at=T0, now=T0)
	assert (state.status, state.additional_status, state.paid) == (st.SETTLED, st.NONE, True)
	assert state.remaining_fiat == 0 and state.excess_fiat == 0


def test_partial_then_completed():
	partial = st.evaluate(100, 40, "PARTIAL", expires_at=EXPIRES, now=T0)
	assert (partial.status, partial.additional_status) == (st.NEW, st.PAID_PARTIAL)
	assert partial.remaining_fiat == Decimal("60.00") and not partial.paid
	late_partial = st.evaluate(100, 40, "PARTIAL", expires_at=EXPIRES, now=EXPIRES + timedelta(minutes=5))
	assert (late_partial.status, late_partial.additional_status) == (st.EXPIRED, st.PAID_PARTIAL)
	done = st.evaluate(
		100, 100, "PAID", expires_at=EXPIRES, paid_in_full_at=T0 + timedelta(minutes=20), now=T0
	)
	assert (done.status, done.additional_status) == (st.SETTLED, st.NONE)


def test_overpaid_settles_with_the_excess_as_credit():
	state = st.evaluate(100, "130.55", "OVERPAID", expires_at=EXPIRES, paid_in_full_at=T0, now=T0)
	assert (state.status, state.additional_status) == (st.SETTLED, st.PAID_OVER)
	assert state.excess_fiat == Decimal("30.55") and state.remaining_fiat == 0


def test_paid_after_the_rate_expired_is_paid_late():
	state = st.evaluate(
		100, 100, "PAID", expires_at=EXPIRES, paid_in_full_at=EXPIRES + timedelta(minutes=3), now=EXPIRES
	)
	assert (state.status, state.additional_status, state.paid) == (st.EXPIRED, st.PAID_LATE, True)


def test_shkeepers_tolerance_decides_paid():
	# 99.50 of 100 inside SHKeeper's lower limit: SHKeeper says PAID, nothing remains to collect
	state = st.evaluate(100, "99.50", "PAID", paid_in_full_at=T0, now=T0)
	assert state.paid and state.remaining_fiat == 0
	# without a status the amounts decide
	assert not st.evaluate(100, "99.50", None, now=T0).paid
	assert st.evaluate(100, "100.00", None, now=T0).paid


def test_unconfirmed_full_payment_is_processing():
	state = st.evaluate(100, 0, "UNPAID", expires_at=EXPIRES, now=T0, pending_fiat=100)
	assert (state.status, state.additional_status) == (st.PROCESSING, st.NONE)
	topped_up = st.evaluate(100, 60, "PARTIAL", expires_at=EXPIRES, now=T0, pending_fiat=40)
	assert topped_up.status == st.PROCESSING


def test_cancelled_or_refunded_is_invalid():
	assert st.evaluate(100, 0, "CANCELLED", now=T0).status == st.INVALID
	assert st.evaluate(100, 100, "REFUNDED", now=T0).additional_status == st.INVALID


def test_allocation_splits_an_overpayment():
	assert st.allocation(100, 130) == (Decimal("100.00"), Decimal("30.00"))
	assert st.allocation(60, 40) == (Decimal("40.00"), Decimal("0.00"))
	assert st.allocation(0, 25) == (Decimal("0.00"), Decimal("25.00"))
