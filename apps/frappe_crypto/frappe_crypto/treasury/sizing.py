"""Sizing a paid crypto invoice (no Frappe import): what of it must become fiat to pay the order's
vendor obligations (government filing fees, commission reserves ...), and how much crypto that is
at the rate the customer paid. What is not needed stays in crypto."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

FILING_FEE, COMMISSION_RESERVE, OTHER = "filing_fee", "commission_reserve", "other"
KINDS = (FILING_FEE, COMMISSION_RESERVE, OTHER)
COIN_PLACES = Decimal("0.00000001")


def cents(value) -> Decimal:
	return Decimal(str(value or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Sizing:
	by_kind: dict[str, Decimal] = field(default_factory=dict)
	obligations_fiat: Decimal = Decimal("0.00")
	offramp_fiat: Decimal = Decimal("0.00")
	offramp_crypto: Decimal = Decimal("0")
	shortfall_fiat: Decimal = Decimal("0.00")  # obligations beyond what was received

	@property
	def needs_offramp(self) -> bool:
		return self.offramp_crypto > 0


def size(
	obligations: Iterable[Mapping],
	received_fiat,
	received_crypto,
	buffer_percent=0,
) -> Sizing:
	"""`obligations`: rows {"kind", "amount"} from the `crypto_obligations` hooks; `buffer_percent`
	covers the off-ramp's fee and rate slippage. The off-ramp never exceeds what was received; the
	crypto amount is rounded up to the coin's smallest unit SHKeeper shows (1e-8)."""
	by_kind: dict[str, Decimal] = {}
	for row in obligations:
		kind = row.get("kind") if row.get("kind") in KINDS else OTHER
		amount = cents(row.get("amount"))
		if amount < 0:
			raise ValueError(f"a vendor obligation cannot be negative: {row}")
		by_kind[kind] = by_kind.get(kind, Decimal("0.00")) + amount
	total = sum(by_kind.values(), Decimal("0.00"))
	received_fiat, received_crypto = cents(received_fiat), Decimal(str(received_crypto or 0))
	wanted = cents(total * (1 + Decimal(str(buffer_percent or 0)) / 100))
	offramp_fiat = min(wanted, received_fiat)
	if offramp_fiat <= 0 or received_fiat <= 0 or received_crypto <= 0:
		return Sizing(
			by_kind, total, Decimal("0.00"), Decimal("0"), max(total - received_fiat, Decimal("0.00"))
		)
	rate = received_fiat / received_crypto  # fiat per coin, as SHKeeper valued the payment
	offramp_crypto = min((offramp_fiat / rate).quantize(COIN_PLACES, rounding=ROUND_CEILING), received_crypto)
	return Sizing(by_kind, total, offramp_fiat, offramp_crypto, max(total - received_fiat, Decimal("0.00")))
