"""The service catalog: Catalog Service records backed by ERPNext Items and the Standard Selling price
list, loaded from `data/catalog.json` (missing services only: staff edits are never overwritten)."""

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import frappe
from frappe import _

from performancewest_erpnext.pw_orders import pricing

CATALOG_FILE = Path(__file__).parent / "data" / "catalog.json"
PRICE_LIST = "Standard Selling"
ITEM_GROUP = "Compliance Services"


def load_catalog() -> int:
	"""Insert the services missing from the catalog and make sure every service has its Item and
	price. Runs after the ERPNext set-up (the price list and units exist then); idempotent."""
	if not frappe.db.exists("Price List", PRICE_LIST):
		return 0
	data = json.loads(CATALOG_FILE.read_text())
	_ensure_item(data["government_fee_item"], _("Government fee (pass-through)"))
	settings = frappe.get_single("Performance West Settings")
	if not settings.government_fee_item:
		settings.db_set("government_fee_item", data["government_fee_item"])
	added = 0
	# members before the bundles that link to them
	for row in sorted(data["services"], key=lambda s: bool(s.get("bundle_items"))):
		if not frappe.db.exists("Catalog Service", row["slug"]):
			frappe.get_doc({"doctype": "Catalog Service", **row}).insert(ignore_permissions=True)
			added += 1
	for name in frappe.get_all("Catalog Service", pluck="name"):
		sync_item(frappe.get_doc("Catalog Service", name))
	return added


def _ensure_item_group() -> None:
	if not frappe.db.exists("Item Group", ITEM_GROUP):
		root = frappe.db.get_value("Item Group", {"is_group": 1, "parent_item_group": ("in", ("", None))})
		frappe.get_doc(
			{"doctype": "Item Group", "item_group_name": ITEM_GROUP, "parent_item_group": root, "is_group": 0}
		).insert(ignore_permissions=True)


def _ensure_item(item_code: str, item_name: str, item_group: str = ITEM_GROUP, description: str = "") -> None:
	_ensure_item_group()
	values = {"item_name": item_name[:140], "item_group": item_group, "description": description or item_name}
	if frappe.db.exists("Item", item_code):
		item = frappe.get_doc("Item", item_code)
		if any(item.get(k) != v for k, v in values.items()):
			item.update(values)
			item.save(ignore_permissions=True)
		return
	frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": item_code,
			"stock_uom": "Nos",
			"is_stock_item": 0,
			"is_sales_item": 1,
			"include_item_in_manufacturing": 0,
			**values,
		}
	).insert(ignore_permissions=True)


def sync_item(service: Any) -> None:
	"""The service's Item and its Standard Selling price follow the catalog."""
	_ensure_item(service.slug, service.service_name, service.item_group or ITEM_GROUP, service.description)
	if service.item != service.slug:
		service.db_set("item", service.slug, update_modified=False)
	price = frappe.db.get_value("Item Price", {"item_code": service.slug, "price_list": PRICE_LIST})
	if not price:
		frappe.get_doc(
			{
				"doctype": "Item Price",
				"item_code": service.slug,
				"price_list": PRICE_LIST,
				"price_list_rate": service.rate,
			}
		).insert(ignore_permissions=True)
	elif frappe.db.get_value("Item Price", price, "price_list_rate") != service.rate:
		frappe.db.set_value("Item Price", price, "price_list_rate", service.rate)


def resolve(key: str) -> str | None:
	"""A service slug from a slug or one of its aliases (order links use short names such as cpni)."""
	key = (key or "").strip().lower()
	if not key:
		return None
	if frappe.db.exists("Catalog Service", {"name": key, "enabled": 1}):
		return key
	for name, aliases in frappe.get_all(
		"Catalog Service",
		filters={"enabled": 1, "aliases": ("like", f"%{key}%")},
		fields=["name", "aliases"],
		as_list=True,
	):
		if key in {a.strip().lower() for a in (aliases or "").split(",")}:
			return name
	return None


def group_title(key: str) -> str | None:
	"""A service group's own name from the catalog data (`fcc-compliance` is "FCC Compliance")."""
	return json.loads(CATALOG_FILE.read_text()).get("service_groups", {}).get((key or "").strip().lower())


def portal_services(key: str) -> list[Any]:
	"""The services an order page offers: a service group (`/order/fcc-compliance`) or one service."""
	names = frappe.get_all(
		"Catalog Service",
		filters={"enabled": 1, "show_on_portal": 1, "service_group": key},
		pluck="name",
		order_by="rate desc",
	)
	if not names and (slug := resolve(key)):
		names = [slug]
	return [frappe.get_cached_doc("Catalog Service", name) for name in names]


def as_pricing(doc: Any) -> pricing.Service:
	return pricing.Service(
		slug=doc.slug,
		title=doc.service_name,
		rate=Decimal(str(doc.rate)),
		variants={
			v.variant_code: (v.variant_name, Decimal(str(v.rate)) if v.rate else None) for v in doc.variants
		},
		per_jurisdiction=bool(doc.per_jurisdiction),
		requires_jurisdiction=bool(doc.requires_jurisdiction or doc.per_jurisdiction),
		max_jurisdictions=doc.max_jurisdictions or 0,
		discount_eligible=bool(doc.discount_eligible),
	)


# What a `pw_government_fees` hook returns for a fee it has on file but not confirmed from its source
FEE_TO_CONFIRM = "to be confirmed"


def government_fees(service: Any, jurisdiction: str, variant: str | None) -> list[tuple[str, Decimal]]:
	"""The pass-through fees of one service in one jurisdiction: the service's own fee rows (Fixed), or
	the fee on file for the jurisdiction, asked of the apps that keep it (hook `pw_government_fees`)."""
	basis = service.government_fee_basis
	if not basis:
		return []
	if basis == "Fixed":
		return [
			(row.description, Decimal(str(row.amount)))
			for row in service.government_fees
			if (row.jurisdiction or "").upper() in ("", jurisdiction)
		]
	for method in reversed(frappe.get_hooks("pw_government_fees")):
		amount = frappe.get_attr(method)(basis, jurisdiction, variant)
		if amount == FEE_TO_CONFIRM:  # on file but not confirmed from its source: shown, not billed
			return [(_("{0} state fee to be confirmed: {1}").format(jurisdiction, _(basis)), Decimal(0))]
		if amount is not None:
			return (
				[(_("{0} state fee: {1}").format(jurisdiction, _(basis)), Decimal(str(amount)))]
				if amount
				else []
			)
	raise pricing.PricingError(
		_("No {0} is on file for {1}; staff will add it before this can be ordered.").format(
			_(basis), jurisdiction
		)
	)


def quote(selections: list[pricing.Selection]) -> pricing.Quote:
	services: dict[str, Any] = {}
	for sel in selections:
		if frappe.db.exists("Catalog Service", {"name": sel.service, "enabled": 1}):
			services[sel.service] = frappe.get_cached_doc("Catalog Service", sel.service)
	settings = frappe.get_cached_doc("Performance West Settings")
	return pricing.quote(
		selections,
		{slug: as_pricing(doc) for slug, doc in services.items()},
		fees=lambda slug, jurisdiction, variant=None: government_fees(services[slug], jurisdiction, variant),
		discount_percent=Decimal(str(settings.bundle_discount_percent or 0)),
		discount_min_services=settings.bundle_discount_min_services or 2,
	)
