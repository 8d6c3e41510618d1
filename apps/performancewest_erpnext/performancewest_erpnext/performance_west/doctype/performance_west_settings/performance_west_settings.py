# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class PerformanceWestSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		bank_transfer_instructions: DF.SmallText | None
		bundle_discount_min_services: DF.Int
		bundle_discount_percent: DF.Percent
		company: DF.Link | None
		government_fee_item: DF.Link | None
		max_step_attempts: DF.Int
		portal_url: DF.Data
		retry_backoff_minutes: DF.Int
		staff_assignee: DF.Link | None
		support_email: DF.Data
	# end: auto-generated types

	pass


@frappe.whitelist()
def payment_setup() -> dict:
	"""What the desk tells staff about online payment: the methods customers can pay with now and, when
	there are none, the settings to fill."""
	from performancewest_erpnext.pw_checkout.checkout import available_methods, gateways

	frappe.has_permission("Performance West Settings", "read", throw=True)
	settings = sorted(
		{
			frappe.db.get_value("Payment Gateway", gateway, "gateway_settings") or f"{gateway} Settings"
			for gateway in set(gateways().values())
		}
	)
	return {
		"methods": available_methods(),
		"settings": [s for s in settings if frappe.db.exists("DocType", s)],
	}
