from frappe.desk.page.setup_wizard.setup_wizard import make_records

ROLES = [
	{"doctype": "Role", "role_name": "Carrier Customer", "desk_access": 0},
	{"doctype": "Role", "role_name": "Fulfilment Staff", "desk_access": 1},
	{"doctype": "Role", "role_name": "Fulfilment Manager", "desk_access": 1},
]


def after_install() -> None:
	"""Create the roles this app introduces (also run after every migrate: idempotent)."""
	make_records(ROLES)
	from performancewest_erpnext.setup.defaults import load_defaults

	load_defaults()  # once ERPNext is set up; missing records only
