"""/portal/profile: the company and carrier profile as we hold them, read-only (other apps add their
sections through `pw_portal_profile`)."""

from frappe import _

from performancewest_erpnext.pw_portal import dashboard
from performancewest_erpnext.pw_portal.pages import portal_context

no_cache = 1


def get_context(context):
	customer = portal_context(context, "/portal/profile", _("Profile"))
	context.sections = dashboard.profile_sections(customer)
	context.support_email = dashboard.support_email()
