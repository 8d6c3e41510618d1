"""Calendar renewals fulfilled by the same handlers as portal orders: a paid billable Compliance Entry
whose service files an FCC filing gets that filing (the unique key of its carrier, obligation and
period) and a Service Order for its paid invoice, which the engine carries through the service's steps."""

import frappe
from frappe import _
from performancewest_erpnext.pw_orders import orders

from pw_compliance.fulfilment import filings
from pw_compliance.fulfilment.services import SERVICES

ENTRY = "Compliance Entry"
# a carrier profile's kinds → the CPNI category its documents are made for
KIND_CATEGORY = {
	"interconnected_voip": "ivoip",
	"non_interconnected_voip": "nivoip",
	"clec": "clec",
	"ixc": "ixc",
	"wireless_reseller": "wireless",
}


def fulfils(service_slug: str | None) -> bool:
	return bool(service_slug) and service_slug in SERVICES


def variant_for(entry: object) -> str | None:
	"""The variant of the carrier's earlier filing of this obligation, else one from its profile."""
	earlier = frappe.db.get_value(
		filings.FILING,
		{"carrier_profile": entry.carrier_profile, "obligation": SERVICES[entry.service_slug].obligation},
		"variant",
		order_by="creation desc",
	)
	if earlier or not SERVICES[entry.service_slug].categories:
		return earlier or None
	profile = frappe.get_doc("Carrier Profile", entry.carrier_profile)
	kinds = [code for field, code in KIND_CATEGORY.items() if profile.get(field)]
	return kinds[0] if len(kinds) == 1 else "other"


def start_renewal(entry_name: str) -> str:
	"""The entry's filing and its order, once (the filing's unique key; the entry row is locked)."""
	frappe.db.get_value(ENTRY, entry_name, "name", for_update=True)
	entry = frappe.get_doc(ENTRY, entry_name)
	if entry.fcc_filing:
		return entry.fcc_filing
	if not (entry.billable and entry.paid_on and entry.sales_invoice):
		frappe.throw(_("{0} is not a paid billable entry.").format(entry_name))
	variant = variant_for(entry)
	name = filings.new_filing(
		entry.service_slug, entry.carrier_profile, entry.period, entry.customer, variant
	)
	filing = frappe.get_doc(filings.FILING, name)
	filing.db_set("compliance_entry", entry.name)
	entry.db_set("fcc_filing", name)
	if entry.status in ("Paid", "Due Soon"):
		from pw_compliance.calendar.entries import _set_status

		_set_status(entry.name, "Filing")
	if not filing.service_order:
		orders.open_paid_order(
			entry.customer,
			entry.service_slug,
			variant,
			entry.sales_invoice,
			period=entry.period,
			filing=(filings.FILING, name),
			reference=_("Renewal {0} ({1} {2})").format(entry.name, entry.title, entry.period),
		)
	return name
