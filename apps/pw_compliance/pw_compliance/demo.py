"""Demo data of pw_compliance (through performancewest_erpnext's `pw_demo_data` hook)."""

import frappe


def load() -> None:
	from performancewest_erpnext.setup.demo import DEMO_CUSTOMER

	from pw_compliance.calendar.entries import sweep

	demo = {
		"frn": "0012345678",
		"filer_499_id": "831234",
		"interconnected_voip": 1,
		"holds_numbering": 1,
		"bdc_voice": 1,
		"entity_type": "llc",
		"formation_jurisdiction": "WY",
		"formed_on": "2023-05-10",
	}
	if not frappe.db.exists("Carrier Profile", DEMO_CUSTOMER):
		frappe.get_doc({"doctype": "Carrier Profile", "customer": DEMO_CUSTOMER, **demo}).insert(
			ignore_permissions=True
		)
	else:  # made bare by a demo order's filing before this ran: the demo facts where still blank
		profile = frappe.get_doc("Carrier Profile", DEMO_CUSTOMER)
		blank = {k: v for k, v in demo.items() if not profile.get(k)}
		if blank:
			profile.update(blank)
			profile.save(ignore_permissions=True)
	sweep()

	from pw_compliance.pw_fcc.demo import load as load_fcc_data

	load_fcc_data()
	file_demo_cores(DEMO_CUSTOMER)

	from pw_compliance.calendar.demo_states import place

	place(DEMO_CUSTOMER)  # the calendar in every state, relative to today


def file_demo_cores(customer: str) -> None:
	"""The demo's CORES order (pw_orders.demo) waits for its intake: answer it, record the filing with a
	demo receipt and deliver, as customer and staff would. Once."""
	from performancewest_erpnext.pw_orders import engine, orders

	from pw_compliance.fulfilment import filings

	name = frappe.db.get_value(
		filings.FILING, {"carrier_profile": customer, "service": "cores-frn-registration"}, "name"
	)
	if not name:
		return
	filing = frappe.get_doc(filings.FILING, name)
	order = filing.service_order
	if filing.status == "Awaiting Intake":
		filings.submit_intake(
			order,
			{
				"ein": "841234567",
				"entity_type": "Limited liability company",
				"address": "30 N Gould St, Sheridan, WY 82801",
				"contact_name": "Dana Demo",
				"contact_email": "compliance@demo-carrier.example",
				"contact_phone": "+1 307 555 0100",
			},
			"Administrator",
		)
		engine.advance(order)
		filing.reload()
	if filing.status == "Ready to File":
		receipt = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "cores-registration-demo.pdf",
				"is_private": 1,
				"content": _demo_receipt(),
				"attached_to_doctype": filings.FILING,
				"attached_to_name": filing.name,
			}
		).insert(ignore_permissions=True)
		filing.confirmation_number = frappe.db.get_value("Carrier Profile", customer, "frn") or "0012345678"
		filing.receipt = receipt.file_url
		filing.save(ignore_permissions=True)
		engine.advance(order)
	if frappe.db.get_value("Service Order", order, "status") == "Review":
		orders.approve(order)


def _demo_receipt() -> bytes:
	import io

	from pypdf import PdfWriter

	writer = PdfWriter()
	writer.add_blank_page(width=612, height=792)
	out = io.BytesIO()
	writer.write(out)
	return out.getvalue()
