# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class AdyenNotification(Document):
	"""A verified Adyen notification item, named `{pspReference}:{eventCode}`: the primary key stores
	each once, however often Adyen delivers it. Written by the webhook endpoint, processed by a job."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount_minor: DF.Int
		currency: DF.Data | None
		error: DF.Code | None
		event_code: DF.Data
		event_date: DF.Data | None
		item: DF.Code | None
		merchant_reference: DF.Data | None
		original_reference: DF.Data | None
		payment_entry: DF.Link | None
		payment_method: DF.Data | None
		psp_reference: DF.Data
		reason: DF.SmallText | None
		result: DF.SmallText | None
		status: DF.Literal["Queued", "Completed", "Failed"]
		success: DF.Check
		todo: DF.Link | None
	# end: auto-generated types

	pass
