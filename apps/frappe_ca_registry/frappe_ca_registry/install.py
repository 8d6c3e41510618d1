from frappe.desk.page.setup_wizard.setup_wizard import make_records

ROLES = [
	{"doctype": "Role", "role_name": "CA Registry Staff", "desk_access": 1},
]


def after_install() -> None:
	"""Create the roles this app introduces (also run after every migrate: idempotent)."""
	make_records(ROLES)
