"""The Form 499-A de minimis worksheet with worked values."""

from decimal import Decimal

import pytest
from pw_compliance.usf import deminimis


def test_a_small_interstate_carrier_is_de_minimis():
	sheet = deminimis.estimate(20_000, 5_000, "0.376", "2026 Q1")
	assert (sheet.combined, sheet.base, sheet.lire) == (
		Decimal(25_000),
		Decimal(25_000),
		False,
	)
	assert sheet.contribution == Decimal("9400.00")  # 25,000 x 0.376
	assert sheet.de_minimis is True
	assert "Line 7. Estimated annual contribution, Line 5 times Line 6: $9,400.00" in sheet.text
	assert "Line 6. Contribution factor: 0.376 (2026 Q1)" in sheet.text
	assert "the filer is de minimis (47 CFR 54.708)" in sheet.steps[-1]


def test_at_the_threshold_the_filer_contributes():
	sheet = deminimis.estimate(26_596, "0", "0.376")  # 10,000.10
	assert (sheet.contribution, sheet.de_minimis) == (Decimal("10000.10"), False)
	assert "not less than $10,000" in sheet.steps[-1]
	assert "files the Form 499-Q" in sheet.steps[-1]
	assert deminimis.estimate(26_595, 0, "0.376").de_minimis is True  # 9,999.72


def test_limited_international_revenues_exemption_drops_international_revenue():
	# interstate 10,000 of 110,000 combined (9.1%): the base is the interstate revenue alone
	sheet = deminimis.estimate(10_000, 100_000, "0.376")
	assert (sheet.lire, sheet.base, sheet.contribution) == (
		True,
		Decimal(10_000),
		Decimal("3760.00"),
	)
	assert "9.1%" in sheet.steps[3] and "54.706(c)" in sheet.steps[3]
	# 12% exactly is not under 12%: the combined revenue counts
	sheet = deminimis.estimate(12_000, 88_000, "0.376")
	assert (sheet.lire, sheet.contribution, sheet.de_minimis) == (
		False,
		Decimal("37600.00"),
		False,
	)


def test_the_year_factor_is_the_mean_of_the_known_quarters():
	assert deminimis.worksheet_factor(["0.376", "0.370"]) == Decimal("0.373")
	assert deminimis.worksheet_factor([0.363, 0.366, 0.36, 0.381]) == Decimal("0.3675")
	with pytest.raises(ValueError, match="No contribution factor"):
		deminimis.worksheet_factor([])
	with pytest.raises(ValueError, match="between 0 and 1"):
		deminimis.worksheet_factor(["37.6"])


def test_bad_input_is_refused():
	with pytest.raises(ValueError, match="zero or more"):
		deminimis.estimate(-1, 0, "0.3")
	with pytest.raises(ValueError, match="not a number"):
		deminimis.estimate("lots", 0, "0.3")
	with pytest.raises(ValueError, match="between 0 and 1"):
		deminimis.estimate(1, 0, "0")
	assert deminimis.estimate(None, "", "0.3").contribution == Decimal("0.00")
