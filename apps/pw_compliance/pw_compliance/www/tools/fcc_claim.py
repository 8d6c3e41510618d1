"""/tools/fcc-claim?token=...: the contact of an FRN's CORES record confirms (or declines) a sign-up's
claim of the FRN (`pw_fcc.claims`). Guest page; the buttons POST."""

import frappe
from frappe import _

from pw_compliance.pw_fcc import claims

no_cache = 1


def get_context(context):
	context.no_cache = 1
	context.no_breadcrumbs = True
	context.title = _("Confirm an FRN claim")
	token = frappe.form_dict.token
	context.token = token if isinstance(token, str) else ""
	context.error = None
	try:
		claim = claims.check_open(claims.find(token))
	except (frappe.ValidationError, frappe.DoesNotExistError) as e:
		frappe.local.message_log = []  # shown on the page, not again as a pop-up
		context.error = str(e)
		return
	context.frn = claim.frn
	context.legal_name = claim.legal_name
	context.customer_name = frappe.db.get_value("Customer", claim.customer, "customer_name")
	context.claimant = claim.user
