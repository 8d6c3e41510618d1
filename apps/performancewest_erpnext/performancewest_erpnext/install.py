import frappe
from frappe.desk.page.setup_wizard.setup_wizard import make_records

ROLES = [
	{"doctype": "Role", "role_name": "Carrier Customer", "desk_access": 0},
	{"doctype": "Role", "role_name": "Fulfilment Staff", "desk_access": 1},
	{"doctype": "Role", "role_name": "Fulfilment Manager", "desk_access": 1},
]


def after_install() -> None:
	"""Create the roles this app introduces (also run after every migrate: idempotent)."""
	make_records(ROLES)
	# a DocType granting a role permissions, synced before this hook, creates the role with desk access
	# (frappe's make_module_and_roles): portal roles must stay without it, or portal users become desk users
	for role in ROLES:
		if frappe.db.get_value("Role", role["role_name"], "desk_access") != role["desk_access"]:
			frappe.db.set_value("Role", role["role_name"], "desk_access", role["desk_access"])
	from performancewest_erpnext.setup.defaults import load_defaults

	load_defaults()  # once ERPNext is set up; missing records only


def hide_tracebacks() -> None:
	"""Error responses carry no traceback (Frappe shows one to anyone, guests included, while System
	Settings' "Show Full Error and Allow Reporting of Issues to the Developer" is on, as it is by
	default); staff read the exception in the Error Log. Run once: at install and by a patch."""
	frappe.db.set_single_value("System Settings", "allow_error_traceback", 0)
