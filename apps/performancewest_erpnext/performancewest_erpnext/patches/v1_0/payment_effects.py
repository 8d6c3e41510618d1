"""A Payment Effect for each gateway payment and refund booked before they existed, so the unique key
also covers them. One booked twice (possible before) keeps the first and goes to staff: cancelling a
submitted entry is a person's decision."""

import frappe


def execute() -> None:
	from performancewest_erpnext.pw_checkout import effects
	from performancewest_erpnext.pw_checkout.refunds import GATEWAY_OF_METHOD

	rows = frappe.get_all(
		"Payment Entry",
		filters={
			"docstatus": 1,
			"party_type": "Customer",
			"mode_of_payment": ("in", list(GATEWAY_OF_METHOD)),
			"reference_no": ("is", "set"),
		},
		fields=["name", "payment_type", "mode_of_payment", "reference_no"],
		order_by="creation asc",
	)
	for row in rows:
		kind = "Payment" if row.payment_type == "Receive" else "Refund"
		gateway = GATEWAY_OF_METHOD[row.mode_of_payment]
		if effect := effects.claim(kind, gateway, row.reference_no):
			effects.record(effect, frappe._dict(doctype="Payment Entry", name=row.name))
			continue
		if effects.booked(kind, gateway, row.reference_no) == row.name:
			continue
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"description": frappe._(
					"{0} {1} of {2} is booked more than once: {3} and {4}. Cancel the extra entry."
				).format(
					kind, row.reference_no, gateway, effects.booked(kind, gateway, row.reference_no), row.name
				),
				"reference_type": "Payment Entry",
				"reference_name": row.name,
				"role": "Accounts Manager",
				"priority": "High",
			}
		).insert(ignore_permissions=True)
