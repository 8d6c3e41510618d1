"""Client selection (step 3 of the seed's pipeline): the customer picks a Vancouver mailbox location and
unit (AMB Location, kept by staff: price, sold out), a Canadian number by rate centre (Flowroute's
inventory) and a .ca domain (Porkbun's availability and price). Each choice is checked again when it is
submitted; a taken one comes back as {field: message} and nothing is written."""

import re
from typing import Any

import frappe
from frappe import _
from frappe.utils import now_datetime

from frappe_ca_registry.integrations import flowroute, http, porkbun
from frappe_ca_registry.integrations.settings import settings

LOCATION = "AMB Location"
REGISTRATION = "CRTC Registration"
SELECTION_EVENT = "client_selection"
DOMAIN = re.compile(r"^(?!-)[a-z0-9-]{2,63}(?<!-)\.ca$")


def locations() -> list[dict]:
	rows = frappe.get_all(
		LOCATION,
		fields=["name", "location_name", "address", "monthly_price", "sold_out", "units"],
		order_by="sold_out asc, monthly_price asc, location_name asc",
	)
	for row in rows:
		row["unit_options"] = [u.strip() for u in (row.pop("units") or "").splitlines() if u.strip()]
	return rows


def rate_centers() -> list[str]:
	return [line.strip().upper() for line in (settings().rate_centers or "").splitlines() if line.strip()]


def numbers(rate_center: str) -> list[dict]:
	if rate_center.upper() not in rate_centers():
		frappe.throw(_("We do not offer numbers in {0}.").format(rate_center))
	try:
		found = flowroute.available(rate_center)
	except http.ApiError:
		frappe.throw(_("The number inventory cannot be read right now; try again in a few minutes."))
	return [{"number": n.number, "monthly_cost": n.monthly_cost, "setup_cost": n.setup_cost} for n in found]


def clean_domain(value: Any) -> str:
	domain = str(value or "").strip().lower().removeprefix("www.")
	if "." not in domain:
		domain += ".ca"
	return domain


def domain_quote(value: Any) -> dict:
	domain = clean_domain(value)
	if not DOMAIN.match(domain):
		return {"domain": domain, "available": False, "error": _("Enter a .ca name such as mycarrier.ca.")}
	try:
		quote = porkbun.check(domain)
	except http.ApiError:
		return {"domain": domain, "available": False, "error": _("Availability cannot be checked right now.")}
	return {"domain": domain, "available": quote.available, "price": quote.price, "renewal": quote.renewal}


def check(data: dict) -> tuple[dict, dict[str, str]]:
	"""The selection checked against the sources now: (clean values, {field: message})."""
	errors: dict[str, str] = {}
	clean: dict[str, Any] = {}
	location = frappe.db.get_value(LOCATION, data.get("mailbox_location") or "", ["name", "sold_out", "units",
		"location_name"], as_dict=True)  # fmt: skip
	if not location:
		errors["mailbox_location"] = _("Choose a mailbox location.")
	elif location.sold_out:
		errors["mailbox_location"] = _("{0} has just sold out; choose another location.").format(
			location.location_name
		)
	else:
		clean["mailbox_location"] = location.name
		units = [u.strip() for u in (location.units or "").splitlines() if u.strip()]
		unit = str(data.get("mailbox_unit") or "").strip()
		if units and unit not in units:
			errors["mailbox_unit"] = _("Choose one of the units offered at {0}.").format(
				location.location_name
			)
		clean["mailbox_unit"] = unit
	rate_center = str(data.get("rate_center") or "").strip().upper()
	number = re.sub(r"\D", "", str(data.get("did") or ""))
	if rate_center not in rate_centers():
		errors["rate_center"] = _("Choose a rate centre we offer.")
	elif not number:
		errors["did"] = _("Choose a phone number.")
	else:
		offered = {n["number"]: n for n in numbers(rate_center)}
		if number not in offered:
			errors["did"] = _("{0} is no longer available; choose another number.").format(number)
		else:
			clean.update(
				did=number, did_rate_center=rate_center, did_monthly_cost=offered[number]["monthly_cost"]
			)
	quote = domain_quote(data.get("domain"))
	if quote.get("error"):
		errors["domain"] = quote["error"]
	elif not quote["available"]:
		errors["domain"] = _("{0} is taken; try another name.").format(quote["domain"])
	else:
		clean.update(domain=quote["domain"], domain_price=quote["price"])
	return clean, errors


def submit(order_name: str, data: dict) -> dict[str, str]:
	"""The customer's selection: every choice checked again; written and the order resumed, or
	{field: message} with nothing written."""
	from performancewest_erpnext.pw_orders import engine

	reg_name = frappe.db.get_value(REGISTRATION, {"service_order": order_name})
	if not reg_name:
		frappe.throw(_("Order {0} has no CRTC registration.").format(order_name))
	reg = frappe.get_doc(REGISTRATION, reg_name)
	if reg.selected_on:
		frappe.throw(
			_("The selection of order {0} is already made.").format(order_name), title=_("Already chosen")
		)
	clean, errors = check(data if isinstance(data, dict) else {})
	if errors:
		return errors
	reg.update({**clean, "selected_on": now_datetime()})
	if reg.status == "Awaiting Selection":
		reg.status = "In Progress"
	reg.save(ignore_permissions=True)
	engine.notify(order_name, SELECTION_EVENT, {k: str(v) for k, v in clean.items()})
	return {}
