"""/portal/intake: "What we need from you", the facts the customer's FCC filings need, one form per order
(a bundle's filings merged), rendered from the services' intake declarations; /portal/intake/<order>
shows the form, /portal/intake the orders waiting for answers."""

import frappe
from frappe import _
from performancewest_erpnext.pw_portal.pages import portal_context

from pw_compliance.fulfilment import filings

no_cache = 1


def _orders_waiting(customer: str) -> list[dict]:
	names = {
		name
		for doctype in filings.intake_doctypes()
		for name in frappe.get_all(
			doctype,
			filters={"customer": customer, "status": "Awaiting Intake", "service_order": ("is", "set")},
			pluck="service_order",
			distinct=True,
		)
	}
	return [
		{
			"name": name,
			"services": ", ".join(
				dict.fromkeys(filings.spec_of(f).title for f in filings.open_filings(name))
			),
		}
		for name in sorted(names)
	]


def get_context(context):
	customer = portal_context(context, "/portal/intake", _("What we need from you"))
	order = (frappe.form_dict.order or "").strip("/ ")
	context.order = None
	if not order:
		context.waiting = _orders_waiting(customer)
		return
	if frappe.db.get_value("Service Order", order, "customer") != customer:
		raise frappe.PageDoesNotExistError(_("No order {0} on your account.").format(order))
	context.order = order
	context.title = _("What we need from you: order {0}").format(order)
	waiting = filings.open_filings(order)
	context.services = list(dict.fromkeys(filings.spec_of(f).title for f in waiting))
	declaration, known = filings.form_for(order)
	context.fields = [
		{
			"key": fact.key,
			"label": _(fact.label),
			"help": _(fact.help) if fact.help else "",
			"type": fact.type,
			"required": fact.required,
			"options": [(o, _(o)) for o in fact.options],
			"value": known.get(fact.key, ""),
			"min": fact.min_value,
			"max": fact.max_value,
			"accept": ",".join(fact.extensions),
		}
		for fact in declaration.facts
	]


def dashboard_cards(customer: str) -> list[dict]:
	"""hooks `pw_portal_dashboard`: the orders waiting for the customer's answers, first."""
	waiting = _orders_waiting(customer)
	if not waiting:
		return []
	return [
		{
			"title": _("What we need from you"),
			"order": 5,
			"items": [
				{
					"label": _("Order {0}").format(o["name"]),
					"detail": o["services"],
					"status": _("Answer a few questions"),
					"needs_you": True,
					"route": f"/portal/intake/{o['name']}",
				}
				for o in waiting
			],
			"link": {"route": "/portal/intake", "label": _("What we need from you")},
		}
	]
