from frappe.desk.page.setup_wizard.setup_wizard import make_records

ROLES = [
	{"doctype": "Role", "role_name": "Compliance Manager", "desk_access": 1},
	{"doctype": "Role", "role_name": "Compliance Staff", "desk_access": 1},
]


def after_install() -> None:
	"""Roles and the jurisdiction seed data; also run after every migrate (idempotent).

	Seed rows are only created where missing: rows staff have edited are kept.
	"""
	from pw_compliance.jurisdictions.records import load_seed

	make_records(ROLES)
	load_seed(overwrite=False)
