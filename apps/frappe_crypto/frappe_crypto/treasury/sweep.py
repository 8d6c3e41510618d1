"""How much of the hot wallet goes to cold storage (no Frappe import).

When the hot wallet holds more than its ceiling, the free part above the target is swept (what is
reserved for off-ramps stays). Nothing is swept below the minimum worth a network fee."""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

COIN_PLACES = Decimal("0.00000001")


def _d(value) -> Decimal:
	return Decimal(str(value or 0))


@dataclass(frozen=True)
class SweepPlan:
	amount: Decimal
	reason: str

	@property
	def needed(self) -> bool:
		return self.amount > 0


def plan(free, reserved, ceiling, target=None, minimum=0, fee_reserve=0) -> SweepPlan:
	"""`free`: the hot wallet's unreserved balance; `reserved`: what sizing set aside; `ceiling`: the
	most the hot wallet may hold; `target`: what it keeps after a sweep (default half the ceiling);
	`fee_reserve`: kept back to pay the payout's network fee."""
	free, reserved, ceiling = _d(free), _d(reserved), _d(ceiling)
	target = _d(ceiling / 2 if target is None else target)
	minimum, fee_reserve = _d(minimum), _d(fee_reserve)
	if ceiling <= 0:
		return SweepPlan(Decimal(0), "no ceiling set")
	if target > ceiling or target < 0:
		raise ValueError("the target must be between zero and the ceiling")
	total = free + reserved
	if total <= ceiling:
		return SweepPlan(Decimal(0), f"hot balance {total} is within the ceiling {ceiling}")
	amount = min(total - target, free - fee_reserve).quantize(COIN_PLACES, rounding=ROUND_DOWN)
	if amount <= 0:
		return SweepPlan(Decimal(0), "everything above the target is reserved")
	if amount < minimum:
		return SweepPlan(Decimal(0), f"{amount} is below the minimum sweep {minimum}")
	return SweepPlan(amount, f"hot balance {total} exceeds the ceiling {ceiling}; keep {total - amount}")
