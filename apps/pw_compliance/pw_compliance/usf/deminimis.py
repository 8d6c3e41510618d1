"""The de minimis test of the FCC Form 499-A (no Frappe import).

Follows the "Universal Service Fund Worksheet for Determining Contributor Status" of the Form 499-A
instructions, Appendix A (the 2013 instructions as stored: Appendix A, Line 10 multiplies the contribution
base by the estimation factor that year's instructions print, 0.162 for 2013), with the rules behind it:

- the contribution base is the filer's interstate and international end-user telecommunications revenue,
  Form 499-A Line 423 columns (d) and (e) (revenue net of uncollectibles, from Block 4-B);
- the limited international revenues exemption, 47 CFR 54.706(c): a filer whose interstate end-user
  revenue is less than 12 percent of its combined interstate and international end-user revenue
  contributes on its interstate revenue only;
- 47 CFR 54.708: a filer whose contribution for the year would be less than $10,000 is de minimis (it
  still files the 499-A, but not the 499-Q, and pays no USF contribution directly).

The instructions print a single estimation factor for the year. When it is not entered, the worksheet uses
the average of the year's quarterly contribution factors known so far (the published headline factors,
which are not net of the circularity discount, so the estimate is on the high side); the worksheet's text
says which factor was used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

THRESHOLD = Decimal("10000")
LIRE_SHARE = Decimal("0.12")
INSTRUCTIONS = "FCC Form 499-A Instructions, Appendix A (Worksheet for Determining Contributor Status)"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Worksheet:
	interstate: Decimal
	international: Decimal
	combined: Decimal
	lire: bool
	base: Decimal
	factor: Decimal
	factor_source: str
	contribution: Decimal
	de_minimis: bool
	steps: tuple[str, ...]

	@property
	def text(self) -> str:
		return "\n".join(self.steps)


def _money(value: Decimal) -> str:
	return f"${value.quantize(CENT, ROUND_HALF_UP):,.2f}"


def _amount(value: object, label: str) -> Decimal:
	try:
		number = Decimal(str(value if value not in (None, "") else 0))
	except ArithmeticError as e:
		raise ValueError(f"{label} is not a number") from e
	if not number.is_finite() or number < 0:
		raise ValueError(f"{label} must be zero or more")
	return number


def worksheet_factor(quarterly: Sequence[object]) -> Decimal:
	"""The factor the worksheet uses when the instructions' own is not entered: the mean of the year's
	quarterly factors known so far (as fractions, 0.376 for 37.6 percent)."""
	factors = [_amount(f, "A contribution factor") for f in quarterly]
	if not factors:
		raise ValueError("No contribution factor is known for the year")
	if any(f <= 0 or f >= 1 for f in factors):
		raise ValueError("A contribution factor must be a fraction between 0 and 1")
	return (sum(factors) / len(factors)).quantize(Decimal("0.000001"), ROUND_HALF_UP)


def estimate(interstate: object, international: object, factor: object, factor_source: str = "") -> Worksheet:
	"""The worksheet for end-user revenue of Line 423(d) (`interstate`) and 423(e) (`international`) in
	dollars, and the year's estimation `factor` as a fraction."""
	inter = _amount(interstate, "Interstate end-user revenue (Line 423(d))")
	intl = _amount(international, "International end-user revenue (Line 423(e))")
	rate = _amount(factor, "The contribution factor")
	if rate <= 0 or rate >= 1:
		raise ValueError("The contribution factor must be a fraction between 0 and 1")
	combined = inter + intl
	lire = combined > 0 and inter < LIRE_SHARE * combined
	base = inter if lire else combined
	contribution = (base * rate).quantize(CENT, ROUND_HALF_UP)
	de_minimis = contribution < THRESHOLD
	source = factor_source or "the year's estimation factor"
	steps = (
		f"Line 1. Interstate end-user telecommunications revenue (Form 499-A Line 423(d)): {_money(inter)}",
		f"Line 2. International end-user telecommunications revenue (Line 423(e)): {_money(intl)}",
		f"Line 3. Line 1 plus Line 2: {_money(combined)}",
		(
			"Line 4. Interstate share of Line 3: "
			+ (f"{(inter / combined * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}%" if combined else "n/a")
			+ (
				"; under 12%, so the limited international revenues exemption (47 CFR 54.706(c)) applies"
				" and the base is Line 1"
				if lire
				else "; the base is Line 3"
			)
		),
		f"Line 5. Contribution base: {_money(base)}",
		f"Line 6. Contribution factor: {rate.normalize():f} ({source})",
		f"Line 7. Estimated annual contribution, Line 5 times Line 6: {_money(contribution)}",
		(
			f"Line 8. Line 7 is {'less than' if de_minimis else 'not less than'} $10,000: the filer is "
			+ (
				"de minimis (47 CFR 54.708); it files the Form 499-A but not the Form 499-Q."
				if de_minimis
				else "not de minimis; it contributes to the Universal Service Fund and files the Form 499-Q."
			)
		),
	)
	return Worksheet(inter, intl, combined, lire, base, rate, source, contribution, de_minimis, steps)
