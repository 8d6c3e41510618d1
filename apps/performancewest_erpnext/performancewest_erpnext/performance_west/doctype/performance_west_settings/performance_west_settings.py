# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class PerformanceWestSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

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
