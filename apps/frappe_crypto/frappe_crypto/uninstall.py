import frappe

from frappe_crypto.install import ROLES


def before_uninstall() -> None:
	"""Remove the roles this app introduced, and their assignments."""
	names = [role["role_name"] for role in ROLES]
	frappe.db.delete("Has Role", {"role": ("in", names)})
	frappe.db.delete("Custom DocPerm", {"role": ("in", names)})
	frappe.delete_doc("Role", names, force=True, ignore_permissions=True)
