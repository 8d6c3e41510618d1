"""Business records the apps need once ERPNext is set up (a company, price lists, units exist):
the service catalog and the payment-method surcharges. Idempotent; staff edits are kept."""

import frappe


def load_defaults(wizard_args: dict | None = None) -> None:
	"""after_install, after_migrate, setup_wizard_complete (which passes the wizard's answers, unused),
	the demo and before_tests."""
	company = frappe.db.get_single_value("Performance West Settings", "company") or frappe.db.get_value(
		"Company", {}, "name"
	)
	if not company:
		return
	from performancewest_erpnext.pw_checkout.funds import load_cards
	from performancewest_erpnext.pw_checkout.surcharges import load_defaults as load_surcharges
	from performancewest_erpnext.pw_orders.catalog import load_catalog

	load_catalog()
	load_surcharges(company)
	load_cards()
