"""/portal/profile: the company and carrier profile as we hold them, read-only (other apps add their
sections through `pw_portal_profile`)."""

import frappe
from frappe import _

from performancewest_erpnext.pw_portal import dashboard
from performancewest_erpnext.pw_portal.pages import portal_context

no_cache = 1


def get_context(context):
	customer = portal_context(context, "/portal/profile", _("Profile"))
	context.sections = dashboard.profile_sections(customer)
	context.support_email = dashboard.support_email()
	context.people = frappe.get_all(
		"Portal User", {"parent": customer, "parenttype": "Customer"}, pluck="user", order_by="idx"
	)
	context.invitations = frappe.get_all(
		"Portal Invitation",
		{"customer": customer, "status": "Sent", "expires_on": (">", frappe.utils.now_datetime())},
		["email", "expires_on"],
		order_by="creation",
	)
