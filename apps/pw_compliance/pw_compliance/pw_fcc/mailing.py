"""Listmonk roles of an e-mail (performancewest_erpnext's `pw_mailing_roles` hook): "FCC Carrier" or
"Canadian Carrier" when a customer the address belongs to has a US or Canadian carrier profile, and
"Prospect" when the address signed up from the FCC check and its FRN claim is not confirmed yet."""

import frappe


def roles(email: str) -> list[str]:
	found = []
	contacts = frappe.get_all("Contact Email", {"email_id": email, "parenttype": "Contact"}, pluck="parent")
	customers = set(
		frappe.get_all(
			"Dynamic Link",
			{"parenttype": "Contact", "parent": ("in", contacts or [""]), "link_doctype": "Customer"},
			pluck="link_name",
		)
	)
	customers.update(frappe.get_all("Portal User", {"user": email, "parenttype": "Customer"}, pluck="parent"))
	countries = set(
		frappe.get_all("Carrier Profile", {"customer": ("in", list(customers) or [""])}, pluck="country")
	)
	if countries - {"CA"}:
		found.append("FCC Carrier")
	if "CA" in countries:
		found.append("Canadian Carrier")
	if frappe.db.exists(
		"FRN Claim", {"user": email, "status": ("in", ("Awaiting Confirmation", "Staff Review"))}
	):
		found.append("Prospect")
	return found
