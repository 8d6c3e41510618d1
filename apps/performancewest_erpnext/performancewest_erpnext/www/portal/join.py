"""/portal/join?token=...: accept an invitation to a customer's portal (`pw_orders.invitations`). Guests
log in first (with the invited address) and come back here."""

import frappe
from frappe import _

from performancewest_erpnext.pw_orders import invitations
from performancewest_erpnext.pw_portal.permissions import LoginRequired

no_cache = 1


def get_context(context):
	context.no_cache = 1
	context.no_breadcrumbs = True
	context.title = _("Invitation")
	token = frappe.form_dict.token
	if frappe.session.user == "Guest":
		from urllib.parse import urlencode

		request = frappe.local.request
		frappe.local.flags.redirect_location = "/login?" + urlencode({"redirect-to": request.full_path})
		raise LoginRequired
	context.token = token if isinstance(token, str) else ""
	context.error = None
	context.customer_name = None
	try:
		invitation = invitations.check(invitations.find(token), frappe.session.user)
	except (frappe.ValidationError, frappe.PermissionError, frappe.DoesNotExistError) as e:
		frappe.local.message_log = []  # shown on the page, not again as a pop-up
		context.error = str(e)
		return
	context.customer_name = frappe.db.get_value("Customer", invitation.customer, "customer_name")
	context.expires_on = frappe.utils.format_datetime(invitation.expires_on)
