# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class PWDocumentSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		conversion_retries: DF.Int
		conversion_timeout: DF.Int
		converter: DF.Literal["LibreOffice", "DocServer"]
		docserver_heartbeat_max_age: DF.Int
		docserver_poll_interval: DF.Int
		esign_consent_text: DF.SmallText | None
		esign_link_days: DF.Int
		link_expiry_seconds: DF.Int
		s3_access_key_id: DF.Data | None
		s3_bucket: DF.Data | None
		s3_endpoint_url: DF.Data | None
		s3_prefix: DF.Data | None
		s3_region: DF.Data | None
		s3_secret_access_key: DF.Password | None
		storage_backend: DF.Literal["Frappe Files", "S3"]

	# end: auto-generated types
	def validate(self) -> None:
		for field, minimum in (
			("conversion_timeout", 5),
			("docserver_heartbeat_max_age", 30),
			("link_expiry_seconds", 1),
			("esign_link_days", 1),
		):
			if self.get(field) and self.get(field) < minimum:
				frappe.throw(_("{0} must be at least {1}.").format(_(self.meta.get_label(field)), minimum))
		if self.conversion_retries and self.conversion_retries < 0:
			self.conversion_retries = 0
		if (self.storage_backend == "S3" or self.converter == "DocServer") and not self.s3_bucket:
			frappe.throw(_("The S3 bucket is needed for the S3 storage backend and for the DocServer."))
