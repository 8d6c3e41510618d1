"""Payment-method surcharges (no Frappe import): percent plus fixed amount on what the customer owes
before the surcharge, rounded half-up to the cent. The same figure goes on the invoice, the Payment
Request and the provider charge."""

from decimal import ROUND_HALF_UP, Decimal


def cents(value: Decimal | int | float | str) -> Decimal:
	return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def surcharge(
	base: Decimal | float | str, percent: Decimal | float | str = 0, fixed: Decimal | float | str = 0
) -> Decimal:
	"""The surcharge on `base` (the invoice total without any surcharge)."""
	base = cents(base)
	if base <= 0:
		return Decimal("0.00")
	return cents(base * Decimal(str(percent or 0)) / 100 + Decimal(str(fixed or 0)))


def minor_units(amount: Decimal | float | str) -> int:
	"""Cents, as Stripe wants amounts."""
	return int(cents(amount) * 100)
