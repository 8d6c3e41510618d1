"""/portal/crtc-selection/<order>: the customer of a CRTC order chooses its Vancouver mailbox location
and unit, its number by rate centre and its .ca domain; each choice is checked again on submission."""

import frappe
from frappe import _
from performancewest_erpnext.pw_portal.pages import portal_context

from frappe_ca_registry.crtc import selection

no_cache = 1


def get_context(context):
	customer = portal_context(context, "/portal/orders", _("Your mailbox, number and domain"))
	order = (frappe.form_dict.order or "").strip("/ ")
	if not order or frappe.db.get_value("Service Order", order, "customer") != customer:
		raise frappe.PageDoesNotExistError(_("No order {0} on your account.").format(order))
	reg = frappe.db.get_value(
		"CRTC Registration", {"service_order": order}, ["name", "selected_on", "domain", "did"], as_dict=True
	)
	if not reg:
		raise frappe.PageDoesNotExistError(_("Order {0} has no CRTC registration.").format(order))
	context.order = order
	context.chosen = reg if reg.selected_on else None
	context.locations = selection.locations()
	context.rate_centers = selection.rate_centers()


def dashboard_cards(customer: str) -> list[dict]:
	"""hooks `pw_portal_dashboard`: CRTC orders waiting for the customer's selection."""
	waiting = frappe.get_all(
		"CRTC Registration",
		filters={"customer": customer, "selected_on": ("is", "not set"), "status": "Awaiting Selection"},
		pluck="service_order",
	)
	if not waiting:
		return []
	return [
		{
			"title": _("Choose your mailbox, number and domain"),
			"order": 6,
			"items": [
				{
					"label": _("Order {0}").format(name),
					"detail": _("CRTC carrier registration"),
					"status": _("Make your choices"),
					"needs_you": True,
					"route": f"/portal/crtc-selection/{name}",
				}
				for name in waiting
			],
		}
	]
