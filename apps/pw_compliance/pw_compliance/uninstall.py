import shutil

import frappe

from pw_compliance.install import CUSTOM_FIELDS, ROLES


def before_uninstall() -> None:
	"""Remove the roles and custom fields this app introduced."""
	for doctype, fields in CUSTOM_FIELDS.items():
		for field in fields:
			frappe.delete_doc(
				"Custom Field", f"{doctype}-{field['fieldname']}", force=True, ignore_missing=True
			)
	names = [role["role_name"] for role in ROLES]
	frappe.db.delete("Has Role", {"role": ("in", names)})
	frappe.db.delete("Custom DocPerm", {"role": ("in", names)})
	frappe.delete_doc("Role", names, force=True, ignore_permissions=True)
	# the raw CDR files of traffic studies kept in the site's private folder (their records go with the app)
	for folder in ("cdr", "cdr-staging"):
		shutil.rmtree(frappe.get_site_path("private", folder), ignore_errors=True)
