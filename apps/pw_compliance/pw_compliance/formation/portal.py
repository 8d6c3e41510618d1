"""The customer portal's view of formation and foreign-qualification orders: each state's own status."""

import frappe
from frappe import _

STATUS_TEXT = {
	"Awaiting Intake": "We need your answers",
	"Ready to File": "Being filed",
	"Filed": "Filed, waiting for the state",
	"Approved": "Approved",
	"Rejected": "Rejected by the state; we are on it",
	"Cancelled": "Cancelled",
}


def state_rows(customer: str) -> list[dict]:
	return frappe.get_all(
		"State Filing",
		filters={"customer": customer, "status": ("!=", "Cancelled")},
		fields=["name", "kind", "jurisdiction", "status", "entity_name", "service_order", "approved_on"],
		order_by="service_order asc, jurisdiction asc",
	)


def dashboard_cards(customer: str) -> list[dict]:
	"""hooks `pw_portal_dashboard`: every state of the customer's formation and qualification orders."""
	rows = state_rows(customer)
	if not rows:
		return []
	return [
		{
			"title": _("State filings"),
			"order": 25,
			"items": [
				{
					"label": _("{0}: {1}").format(row.jurisdiction, _(row.kind)),
					"detail": _("Order {0}").format(row.service_order)
					+ (f" · {row.entity_name}" if row.entity_name else ""),
					"status": _(STATUS_TEXT.get(row.status, row.status)),
					"needs_you": row.status == "Awaiting Intake",
					"route": f"/portal/intake/{row.service_order}"
					if row.status == "Awaiting Intake"
					else f"/portal/orders/{row.service_order}",
				}
				for row in rows
			],
		}
	]
