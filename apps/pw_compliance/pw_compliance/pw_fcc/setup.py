"""Set-up of the FCC data sync and check (after install and every migrate; idempotent)."""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

CUSTOM_FIELDS = {
	"Lead": [
		{
			"fieldname": "pw_frn",
			"fieldtype": "Data",
			"label": "FRN",
			"length": 10,
			"insert_after": "company_name",
			"search_index": 1,
			"in_standard_filter": 1,
			"description": "FCC Registration Number, from the public FCC compliance check",
		}
	]
}


def after_migrate() -> None:
	from pw_compliance.pw_fcc.onboarding import LEAD_SOURCE
	from pw_compliance.pw_fcc.sync import ensure_sources

	create_custom_fields(CUSTOM_FIELDS, update=True)
	ensure_sources()
	if not frappe.db.exists("Lead Source", LEAD_SOURCE):
		frappe.get_doc({"doctype": "Lead Source", "source_name": LEAD_SOURCE}).insert(ignore_permissions=True)


def before_uninstall() -> None:
	for doctype, fields in CUSTOM_FIELDS.items():
		for field in fields:
			frappe.delete_doc(
				"Custom Field", f"{doctype}-{field['fieldname']}", force=True, ignore_missing=True
			)
