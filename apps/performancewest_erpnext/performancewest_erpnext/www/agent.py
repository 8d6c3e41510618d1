"""/agent: an agent's (Sales Partner's) referral link, the orders it referred and its commissions. Only
the user set as the Sales Partner's Agent Portal User sees it, and only that agent's records."""

from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import get_url

from performancewest_erpnext.pw_business import commissions
from performancewest_erpnext.pw_portal.permissions import LoginRequired

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?" + urlencode({"redirect-to": "/agent"})
		raise LoginRequired
	partner = commissions.partner_of_user(frappe.session.user)
	if not partner:
		frappe.throw(_("Your account is not an agent's."), frappe.PermissionError)
	context.update(commissions.agent_view(partner))
	context.link = get_url(f"/order?agent={context.code}") if context.code else None
	context.holdback_days = commissions.holdback_days()
	context.title = _("Agent: {0}").format(partner)
	context.no_breadcrumbs = True
	context.show_sidebar = False
