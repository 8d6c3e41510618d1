"""Prices of an order: service lines, variants, per-jurisdiction quantities, government fees and the
multi-service discount (no Frappe import; the catalog supplies plain data)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


class PricingError(ValueError):
	pass


@dataclass(frozen=True)
class Service:
	slug: str
	title: str
	rate: Decimal
	variants: dict[str, tuple[str, Decimal | None]] = field(default_factory=dict)  # code -> (name, rate)
	per_jurisdiction: bool = False
	requires_jurisdiction: bool = False
	max_jurisdictions: int = 0  # 0: no limit
	discount_eligible: bool = False


@dataclass(frozen=True)
class Selection:
	service: str
	variant: str | None = None
	jurisdictions: tuple[str, ...] = ()
	qty: int = 1


@dataclass(frozen=True)
class Line:
	service: str
	description: str
	qty: int
	rate: Decimal  # list price of one unit
	discount_percent: Decimal
	variant: str | None = None
	jurisdictions: tuple[str, ...] = ()
	fee_of: str | None = None  # a government fee line: the service it is for

	@property
	def amount(self) -> Decimal:
		return money(self.qty * self.rate * (100 - self.discount_percent) / 100)

	@property
	def discount(self) -> Decimal:
		return money(self.qty * self.rate) - self.amount


@dataclass(frozen=True)
class Quote:
	lines: tuple[Line, ...]

	@property
	def services_total(self) -> Decimal:
		return sum((line.amount for line in self.lines if not line.fee_of), Decimal(0))

	@property
	def fees_total(self) -> Decimal:
		return sum((line.amount for line in self.lines if line.fee_of), Decimal(0))

	@property
	def discount_total(self) -> Decimal:
		return sum((line.discount for line in self.lines), Decimal(0))

	@property
	def total(self) -> Decimal:
		return self.services_total + self.fees_total


def money(value: Decimal | int | float) -> Decimal:
	return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def quote(
	selections: list[Selection],
	services: dict[str, Service],
	fees: Callable[[str, str, str | None], list[tuple[str, Decimal]]] = lambda service,
	jurisdiction,
	variant: [],
	discount_percent: Decimal = Decimal(0),
	discount_min_services: int = 2,
) -> Quote:
	"""Price the selections. `fees(service, jurisdiction, variant)` gives the pass-through government fees
	as (description, amount); the discount applies to eligible service lines when at least
	`discount_min_services` different eligible services are ordered, never to government fees."""
	if not selections:
		raise PricingError("Choose at least one service.")
	seen: set[tuple[str, str | None]] = set()
	lines: list[Line] = []
	eligible = {
		s.service for s in selections if s.service in services and services[s.service].discount_eligible
	}
	discount = discount_percent if discount_percent and len(eligible) >= discount_min_services else Decimal(0)
	for sel in selections:
		service = services.get(sel.service)
		if service is None:
			raise PricingError(f"Unknown service: {sel.service}.")
		if (sel.service, sel.variant) in seen:
			raise PricingError(f"{service.title} is in the order twice.")
		seen.add((sel.service, sel.variant))
		if not isinstance(sel.qty, int) or sel.qty < 1:
			raise PricingError(f"Quantity of {service.title} must be a whole number of at least 1.")
		rate, description = service.rate, service.title
		if service.variants:
			if sel.variant not in service.variants:
				choices = ", ".join(sorted(service.variants))
				raise PricingError(f"Choose a variant of {service.title} ({choices}).")
			name, variant_rate = service.variants[sel.variant]
			rate = variant_rate if variant_rate else rate
			description = f"{service.title}: {name}"
		elif sel.variant:
			raise PricingError(f"{service.title} has no variant {sel.variant}.")
		jurisdictions = tuple(dict.fromkeys(j.strip().upper() for j in sel.jurisdictions if j.strip()))
		if service.requires_jurisdiction and not jurisdictions:
			raise PricingError(f"Choose the state or province for {service.title}.")
		if service.max_jurisdictions and len(jurisdictions) > service.max_jurisdictions:
			raise PricingError(f"{service.title} covers at most {service.max_jurisdictions} jurisdiction(s).")
		qty = len(jurisdictions) if service.per_jurisdiction else sel.qty
		if jurisdictions:
			description = f"{description} ({', '.join(jurisdictions)})"
		line_discount = discount if service.discount_eligible else Decimal(0)
		lines.append(
			Line(service.slug, description, qty, money(rate), line_discount, sel.variant, jurisdictions)
		)
		for jurisdiction in jurisdictions or ("",):
			for fee_description, amount in fees(service.slug, jurisdiction, sel.variant):
				lines.append(
					Line(service.slug, fee_description, 1, money(amount), Decimal(0), fee_of=service.slug)
				)
	return Quote(tuple(lines))
