"""After a filing (hook `pw_filing_completed`, called once per filing by its `record` step): the carrier
profile learns what the filing produced, the calendar entry is completed with the evidence and the next
period's entry made, the receipt joins the order's binder, and the customer is told. Each part is safe to
run again."""

import json
from typing import Any

import frappe
from frappe import _
from frappe.utils import escape_html, formatdate
from performancewest_erpnext.pw_orders import engine

from pw_compliance.calendar import entries
from pw_compliance.fulfilment.services import SERVICES

PROFILE = "Carrier Profile"


def filing_completed(filing: Any) -> None:
	if filing.doctype != "FCC Filing":  # a State Filing has its own (pw_compliance.formation.after)
		return
	learn(filing)
	complete_entry(filing)
	bind(filing)
	tell_customer(filing)


def learn(filing: Any) -> None:
	spec = SERVICES[filing.service]
	answers = json.loads(filing.intake or "{}")
	learned = spec.learn(answers, (filing.confirmation_number or "").strip())
	teach_profile(frappe.get_doc(PROFILE, filing.carrier_profile), learned, filing.name)


def teach_profile(profile: Any, values: dict[str, Any], source: str) -> None:
	"""The carrier profile takes the values a filing produced (those set and different), saved once with
	a comment naming the filing; shared by the FCC and the state filings."""
	changes = {k: v for k, v in values.items() if v and profile.get(k) != v}
	if changes:
		profile.update(changes)
		profile.save(ignore_permissions=True)
		profile.add_comment(
			"Info",
			_("Learned from {0}: {1}").format(
				source, ", ".join(f"{k} = {v}" for k, v in sorted(changes.items()))
			),
		)


def complete_entry(filing: Any) -> None:
	"""The matching calendar entry: moved to Filing if it was not yet, then completed with the evidence."""
	if not filing.compliance_entry and filing.service_order:
		# the profile may have learned the obligation from this filing (a BDC bought in a bundle): the
		# entry `learn` just made is this filing's, paid by its order, not one to invoice again
		from pw_compliance.fulfilment.filings import _link_entry

		_link_entry(filing, frappe.get_doc("Service Order", filing.service_order))
	if not filing.compliance_entry:
		return
	entry = frappe.get_doc(entries.ENTRY, filing.compliance_entry)
	if entry.status in ("Completed", "Closed"):
		return
	if entry.billable and not entry.paid_on:
		# invoiced by the calendar before the customer ordered the service: staff settle that invoice
		entry.add_comment(
			"Info",
			_("Filed through {0} ({1}, confirmation {2}); this entry's invoice {3} is still open.").format(
				filing.service_order, filing.name, filing.confirmation_number, entry.sales_invoice
			),
		)
		return
	if entry.status in ("Upcoming", "Due Soon", "Paid"):
		entries._set_status(entry.name, "Filing")
	entries.complete(entry.name, filing.confirmation_number, filing.receipt)


def _file_bytes(file_url: str) -> bytes | None:
	name = frappe.db.get_value("File", {"file_url": file_url}, "name")
	return frappe.get_doc("File", name).get_content() if name else None


def bind(filing: Any) -> None:
	"""The intake summary and the receipt (a PDF) as documents of the order, then the binder rebuilt."""
	from performancewest_erpnext.pw_documents import binder, storage
	from performancewest_erpnext.pw_documents.convert import store_pdf
	from performancewest_erpnext.pw_documents.core import pdfs

	if not filing.service_order:
		return
	from pw_compliance.fulfilment import summary

	summary.add_to_order(filing)  # the answers the documents were prepared from
	order = frappe.get_doc("Service Order", filing.service_order)
	content = _file_bytes(filing.receipt) if filing.receipt else None
	title = _("{0} receipt {1}").format(SERVICES[filing.service].title, filing.period)
	if content and pdfs.is_pdf(content):
		if not frappe.db.exists("Order Document", {"service_order": order.name, "title": title}):
			from performancewest_erpnext.pw_documents.templates import next_sequence

			doc = frappe.get_doc(
				{
					"doctype": "Order Document",
					"title": title,
					"customer": order.customer,
					"service_order": order.name,
					"kind": "Other",
					"sequence": next_sequence(order.name),
					"status": "Draft",
					"storage": storage.backend(),
					"description": _("Confirmation {0}").format(filing.confirmation_number),
				}
			).insert(ignore_permissions=True)
			store_pdf(doc, content, converter="receipt", filename=f"{frappe.scrub(title)}.pdf")
	elif filing.receipt:
		order.add_comment(
			"Info", _("The receipt of {0} is not a PDF; it stays on the filing.").format(filing.name)
		)
	if frappe.db.exists("Order Document", {"service_order": order.name, "kind": ("!=", "Binder")}):
		binder.build_binder(order.name)


def tell_customer(filing: Any) -> None:
	if not filing.service_order:
		return
	order = frappe.get_doc("Service Order", filing.service_order)
	if not order.contact_email:
		return
	title = SERVICES[filing.service].title
	engine.email_customer(
		order,
		_("Filed: {0} for {1}").format(title, filing.period),
		_("<p>We filed your {0} for {1} on {2}. Confirmation: {3}.</p>").format(
			escape_html(title),
			escape_html(filing.period),
			formatdate(filing.filed_on, "MMMM d, y"),
			escape_html(filing.confirmation_number),
		),
	)
