import frappe

from frappe_crypto.install import ROLES


def before_uninstall() -> None:
	"""Remove the ledger's triggers, the gateway records and the roles this app introduced."""
	from frappe_crypto.ledger import ledger
	from frappe_crypto.shkeeper import gateway

	ledger.remove_guard()
	gateway.unregister()
	names = [role["role_name"] for role in ROLES]
	frappe.db.delete("Has Role", {"role": ("in", names)})
	frappe.db.delete("Custom DocPerm", {"role": ("in", names)})
	frappe.db.delete("ToDo", {"role": ("in", names), "status": "Open"})
	frappe.delete_doc("Role", names, force=True, ignore_permissions=True)
