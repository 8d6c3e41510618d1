"""Site-side set-up of the CDR study browser test (tests/browser/test_cdr_study.py), run with
`bench --site S execute pw_compliance.tests.cdr_browser.customer`: a customer with a portal login and a
study already run and paid for (its report to look at)."""

import io

import frappe
from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from frappe.utils import nowdate
from frappe.utils.password import update_password
from performancewest_erpnext.pw_orders.catalog import load_catalog
from performancewest_erpnext.pw_orders.customers import add_portal_user, new_customer

from pw_compliance.cdr import studies

PASSWORD = "Browser-CDR-2026"


ROWS = (
	"start,seconds,caller,dialed\n"
	"2026-01-05 10:00:00,60,+1 (212) 555-0100,718-555-0100\n"
	"2026-01-05 11:00:00,120,12125550100,2135550100\n"
	"2026-01-06 10:00:00,180,2125550100,+44 20 7123 4567\n"
	"2026-02-01 10:00:00,30,2125550100,8005550100\n"
)


def customer() -> dict:
	run = frappe.generate_hash(length=6).lower()
	email = f"cdr-{run}@example.com"
	name = new_customer(f"Browser CDR Carrier {run} LLC", email)
	add_portal_user(name, email, "Casey Traffic")
	update_password(email, PASSWORD)
	load_catalog()  # the report's price
	paid = paid_study(name)
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the browser reads it
	return {"email": email, "password": PASSWORD, "customer": name, "paid": paid}


def paid_study(customer: str) -> str:
	"""A study uploaded, mapped, run and paid for as the portal and checkout would (the job inline)."""
	doc = studies.create_study(customer, "Paid traffic study")
	data = ROWS.encode()
	studies.receive_chunk(doc, "cd" * 16, "paid.csv", 0, len(data), io.BytesIO(data))
	mapping = {"start_time": "start", "duration": "seconds", "calling": "caller", "called": "dialed"}
	studies.set_mapping(doc, mapping, ",", "seconds")
	doc.db_set({"status": "Queued"})
	studies.run_study(doc.name)
	invoice = studies.invoice_for(doc.name)
	payment = get_payment_entry("Sales Invoice", invoice)
	payment.update({"reference_no": doc.name, "reference_date": nowdate()})
	payment.insert(ignore_permissions=True)
	payment.submit()  # unlocks the study; its PDF is converted by the worker
	return doc.name
