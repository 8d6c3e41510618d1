import json
from pathlib import Path

import frappe
from frappe.desk.page.setup_wizard.setup_wizard import make_records

ROLES = [
	{"doctype": "Role", "role_name": "CA Registry Staff", "desk_access": 1},
]
# The catalog services this app adds to performancewest_erpnext's catalog (the Canadian renewals)
CATALOG_FILE = Path(__file__).parent / "data" / "catalog.json"


def after_install() -> None:
	"""Create the roles this app introduces and its catalog services (also run after every migrate:
	idempotent)."""
	make_records(ROLES)
	load_catalog()


def catalog_slugs() -> list[str]:
	return [row["slug"] for row in json.loads(CATALOG_FILE.read_text())["services"]]


def load_catalog(wizard_args: dict | None = None) -> int:
	"""Insert the services missing from the catalog (staff edits are never overwritten); their Item and
	Standard Selling price follow through the Catalog Service controller. Needs ERPNext's price list, so it
	also runs when the setup wizard completes."""
	from performancewest_erpnext.pw_orders.catalog import PRICE_LIST

	if not frappe.db.exists("Price List", PRICE_LIST):
		return 0
	added = 0
	for row in json.loads(CATALOG_FILE.read_text())["services"]:
		if not frappe.db.exists("Catalog Service", row["slug"]):
			frappe.get_doc({"doctype": "Catalog Service", **row}).insert(ignore_permissions=True)
			added += 1
	return added
