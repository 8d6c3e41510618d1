from decimal import Decimal as D

from performancewest_erpnext.pw_checkout.surcharge import cents, minor_units, surcharge


def test_percent_and_fixed_round_half_up_to_the_cent():
	assert surcharge("736.95", 3) == D("22.11")  # 22.1085
	assert surcharge("736.95", 6) == D("44.22")  # 44.217
	assert surcharge("219", 3) == D("6.57")
	assert surcharge("0.50", 3) == D("0.02")  # 0.015 rounds up
	assert surcharge("100", 2.9, "0.30") == D("3.20")
	assert surcharge("100", 0) == D("0.00")


def test_nothing_owed_means_no_surcharge():
	assert surcharge(0, 3) == 0
	assert surcharge("-5", 3, 1) == 0


def test_provider_amounts_are_whole_cents():
	total = D("736.95") + surcharge("736.95", 3)
	assert minor_units(total) == 75906
	assert cents(0.1 + 0.2) == D("0.30")
