"""Demo data of pw_compliance (through performancewest_erpnext's `pw_demo_data` hook)."""

import frappe

# The seed platform's list prices of the billable FCC services, until the catalog owns them
SERVICE_PRICES = {
	"fcc-499a": 499,
	"fcc-499a-499q": 599,
	"cpni-certification": 149,
	"rmd-filing": 219,
	"bdc-filing": 299,
}


def ensure_service_items() -> None:
	for slug, price in SERVICE_PRICES.items():
		if not frappe.db.exists("Item", slug):
			frappe.get_doc(
				{
					"doctype": "Item",
					"item_code": slug,
					"item_group": "Services",
					"stock_uom": "Nos",
					"is_stock_item": 0,
				}
			).insert(ignore_permissions=True)
		if not frappe.db.exists("Item Price", {"item_code": slug, "price_list": "Standard Selling"}):
			frappe.get_doc(
				{
					"doctype": "Item Price",
					"item_code": slug,
					"price_list": "Standard Selling",
					"price_list_rate": price,
				}
			).insert(ignore_permissions=True)


def load() -> None:
	from performancewest_erpnext.setup.demo import DEMO_CUSTOMER

	from pw_compliance.calendar.entries import sweep

	ensure_service_items()
	if not frappe.db.exists("Carrier Profile", DEMO_CUSTOMER):
		frappe.get_doc(
			{
				"doctype": "Carrier Profile",
				"customer": DEMO_CUSTOMER,
				"frn": "0012345678",
				"filer_499_id": "831234",
				"interconnected_voip": 1,
				"holds_numbering": 1,
				"bdc_voice": 1,
				"entity_type": "llc",
				"formation_jurisdiction": "WY",
				"formed_on": "2023-05-10",
			}
		).insert(ignore_permissions=True)
	sweep()
