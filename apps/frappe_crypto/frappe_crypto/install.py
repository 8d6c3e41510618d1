import frappe
from frappe.desk.page.setup_wizard.setup_wizard import make_records

ROLES = [
	{"doctype": "Role", "role_name": "Treasury Manager", "desk_access": 1},
]


def after_install() -> None:
	"""Roles, the crypto ledger's database guard and first row (also run after every migrate:
	idempotent)."""
	make_records(ROLES)
	from frappe_crypto.ledger import ledger

	ledger.install_guard()
	ledger.ensure_genesis()
	if frappe.db.get_single_value("SHKeeper Settings", "enabled"):
		from frappe_crypto.shkeeper import gateway

		gateway.register()


def before_migrate() -> None:
	"""Schema changes may rewrite the ledger's table: lift the guard; after_migrate puts it back."""
	if "frappe_crypto" in frappe.get_installed_apps():
		from frappe_crypto.ledger import ledger

		ledger.remove_guard()
