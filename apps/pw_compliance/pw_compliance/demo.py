"""Demo data of pw_compliance (through performancewest_erpnext's `pw_demo_data` hook)."""

import frappe


def load() -> None:
	from performancewest_erpnext.setup.demo import DEMO_CUSTOMER

	from pw_compliance.calendar.entries import sweep

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

	from pw_compliance.pw_fcc.demo import load as load_fcc_data

	load_fcc_data()
