"""Schema this module adds to ERPNext's DocTypes (applied after install and every migrate; idempotent,
removed at uninstall) and the support tickets' Service Level Agreement."""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

CUSTOM_FIELDS = {
	"Sales Partner": [
		{
			"fieldname": "pw_agent_user",
			"fieldtype": "Link",
			"options": "User",
			"label": "Agent Portal User",
			"insert_after": "referral_code",
			"unique": 1,
			"description": "The user who sees this agent's referrals and commissions on /agent.",
		}
	],
	"Issue": [
		{
			"fieldname": "pw_service_order",
			"fieldtype": "Link",
			"options": "Service Order",
			"label": "Service Order",
			"insert_after": "customer",
			"search_index": 1,
			"description": "The order the ticket is about (the portal's order page lists its tickets).",
		}
	],
}


def after_migrate() -> None:
	create_custom_fields(CUSTOM_FIELDS, update=True)
	from performancewest_erpnext.pw_business.tickets import setup_sla

	setup_sla()


def before_uninstall() -> None:
	"""Remove the custom fields this module added (their data goes with them)."""
	for doctype, fields in CUSTOM_FIELDS.items():
		for field in fields:
			frappe.db.delete("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]})
		frappe.clear_cache(doctype=doctype)
