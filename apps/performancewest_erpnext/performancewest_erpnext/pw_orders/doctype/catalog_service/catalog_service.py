# Copyright (c) 2026, Performance West and contributors
# For license information, please see license.txt

import re

import frappe
from frappe import _
from frappe.model.document import Document

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class CatalogService(Document):
	def validate(self) -> None:
		if not SLUG.match(self.slug or ""):
			frappe.throw(_("Slug {0}: use lower-case letters, digits and hyphens.").format(self.slug))
		if (self.rate or 0) < 0:
			frappe.throw(_("Price cannot be negative."))
		codes = [v.variant_code for v in self.variants]
		if len(set(codes)) != len(codes):
			frappe.throw(_("Variant codes must be unique."))
		for member in self.bundle_items:
			if member.service == self.slug:
				frappe.throw(_("A bundle cannot contain itself."))
			if frappe.db.exists(
				"Catalog Service Bundle Item", {"parent": member.service, "parenttype": "Catalog Service"}
			):
				frappe.throw(
					_("{0} is a bundle itself; bundles hold single services.").format(member.service)
				)
		if self.per_jurisdiction:
			self.requires_jurisdiction = 1
		if self.government_fee_basis == "Fixed" and not self.government_fees:
			frappe.throw(_("Add the fixed government fees, or choose another fee basis."))
		self.aliases = ",".join(a.strip().lower() for a in (self.aliases or "").split(",") if a.strip())

	def on_update(self) -> None:
		from performancewest_erpnext.pw_orders.catalog import sync_item

		sync_item(self)
