# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class PWComplianceSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		compliance_assignee: DF.Link | None
		due_soon_days: DF.Int
		sweep_batch_size: DF.Int
	# end: auto-generated types

	pass
