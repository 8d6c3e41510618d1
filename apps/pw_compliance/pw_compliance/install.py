from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from frappe.desk.page.setup_wizard.setup_wizard import make_records

CUSTOM_FIELDS = {
	"Sales Invoice": [
		{
			"fieldname": "pw_compliance_entry",
			"fieldtype": "Link",
			"label": "Compliance Entry",
			"options": "Compliance Entry",
			"insert_after": "customer",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
		},
		{
			"fieldname": "pw_cdr_study",
			"fieldtype": "Link",
			"label": "CDR Study",
			"options": "CDR Study",
			"insert_after": "pw_compliance_entry",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
		},
	]
}
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
	create_custom_fields(CUSTOM_FIELDS, update=True)
	load_seed(overwrite=False)
