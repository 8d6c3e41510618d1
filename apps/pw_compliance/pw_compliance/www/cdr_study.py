"""The customer's CDR traffic studies in the portal: /portal/cdr (the list, a new study) and
/portal/cdr/<study> (upload, column mapping with a preview, progress, the free summary, and the full
report once its invoice is paid). The page's calls are pw_compliance.cdr.api."""

import frappe
from frappe import _
from performancewest_erpnext.pw_portal.dashboard import download_route, pay_route, short_date
from performancewest_erpnext.pw_portal.pages import portal_context

from pw_compliance.cdr import analysis, studies

no_cache = 1


def get_context(context):
	customer = portal_context(context, "/portal/cdr", _("CDR traffic studies"))
	name = frappe.form_dict.study
	context.classes = [(c, _(c.capitalize())) for c in analysis.CLASSES]
	context.fields = [
		("start_time", _("Start time"), True),
		("duration", _("Duration"), True),
		("calling", _("Calling number"), True),
		("called", _("Called number"), True),
		("jurisdiction", _("Jurisdiction (optional)"), False),
	]
	if not name:
		context.studies = [
			{**s, "date": short_date(s.creation)}
			for s in frappe.get_all(
				studies.STUDY,
				filters={"customer": customer},
				fields=["name", "title", "status", "creation", "interstate_percent", "international_percent"],
				order_by="creation desc",
			)
		]
		return
	if not frappe.db.exists(studies.STUDY, {"name": name, "customer": customer}):
		raise frappe.DoesNotExistError(_("Study not found."))
	doc = frappe.get_doc(studies.STUDY, name)
	context.study = doc
	context.title = doc.title
	context.stored = [row for row in doc.files if row.status == "Stored"]
	context.deleted = [row for row in doc.files if row.status == "Deleted"]
	if doc.status == "Completed":
		context.summary = studies.summary(doc)
		if doc.unlocked:
			context.report = studies.report(doc)
			context.reasons = analysis.REASONS
			context.form_499 = _(studies.FORM_499_USE)
			if doc.report_document:
				context.pdf = download_route(doc.report_document)
		else:
			context.price = studies.service_rate()
			context.pay = pay_route(doc.sales_invoice) if doc.sales_invoice else None
