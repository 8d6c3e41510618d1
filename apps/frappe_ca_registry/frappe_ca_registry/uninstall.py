import frappe

from frappe_ca_registry.install import ROLES, catalog_slugs


def before_uninstall() -> None:
	"""Remove the roles this app introduced, and their assignments; its catalog services are disabled
	(their Items stay: invoices refer to them)."""
	names = [role["role_name"] for role in ROLES]
	frappe.db.delete("Has Role", {"role": ("in", names)})
	frappe.db.delete("Custom DocPerm", {"role": ("in", names)})
	frappe.delete_doc("Role", names, force=True, ignore_permissions=True)
	frappe.db.set_value("Catalog Service", {"name": ("in", catalog_slugs())}, "enabled", 0)
