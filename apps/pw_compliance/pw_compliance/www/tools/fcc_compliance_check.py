"""The public FCC compliance check: /tools/fcc-compliance-check (guest). The page is static; its script
calls pw_compliance.pw_fcc.api.check and renders the areas, the BDC questionnaire and the order link."""

import frappe
from frappe import _

no_cache = 1
sitemap = 1


def get_context(context):
	context.title = _("FCC Compliance Check")
	context.no_breadcrumbs = True
	context.frn = (frappe.form_dict.frn or "").strip()[:10]
	settings = frappe.get_cached_doc("Performance West Settings")
	context.discount_percent = int(settings.bundle_discount_percent or 0)
	context.discount_min = settings.bundle_discount_min_services or 2
	context.services = {
		s.name: s.service_name for s in frappe.get_all("Catalog Service", fields=["name", "service_name"])
	}
	context.jurisdictions = frappe.get_all(
		"Jurisdiction", {"country": "US"}, ["code", "jurisdiction_name"], order_by="jurisdiction_name"
	)
	context.guest = frappe.session.user == "Guest"
	context.metatags = {
		"description": _(
			"Type your FRN and see where you stand with the FCC: CORES, RMD, CPNI, Form 499 and BDC."
		)
	}
