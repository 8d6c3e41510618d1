"""/portal/tickets/<name>: one ticket of the customer with its thread (the mails both ways) and a reply
form. Another customer's ticket does not exist here (404)."""

import html
import re

import frappe
from frappe import _
from frappe.utils import strip_html_tags

from performancewest_erpnext.pw_business import tickets
from performancewest_erpnext.pw_portal.pages import portal_context

no_cache = 1


def as_text(content: str | None) -> str:
	text = re.sub(r"<br\s*/?>|</p>|</div>|</li>", "\n", content or "", flags=re.IGNORECASE)
	return html.unescape(strip_html_tags(text)).strip()


def get_context(context):
	name = (frappe.form_dict.name or "").strip("/ ")
	portal_context(context, "/portal/tickets", _("Ticket"))
	try:
		issue = tickets.own_ticket(name)
	except frappe.DoesNotExistError:
		raise frappe.PageDoesNotExistError(_("No ticket {0} on your account.").format(name)) from None
	context.ticket = issue
	context.title = _("Ticket {0}").format(issue.name)
	context.thread = tickets.thread(issue.name)
	for message in context.thread:  # a mail's HTML shown as its text (line breaks kept), escaped
		message.text = as_text(message.content)
