frappe.ui.form.on("Payment Entry", {
	refresh(frm) {
		const online = ["Card", "ACH", "Klarna", "PayPal"].includes(frm.doc.mode_of_payment);
		if (frm.doc.docstatus !== 1 || frm.doc.payment_type !== "Receive" || !online) return;
		if (!frappe.user.has_role("Accounts Manager") && !frappe.user.has_role("System Manager")) return;
		const paypal = frm.doc.mode_of_payment === "PayPal";
		const gateway = paypal ? "PayPal Orders" : "Stripe Checkout";
		frappe.db.get_value("Payment Gateway Account", { payment_gateway: gateway }, "payment_account").then((r) => {
			// a payment booked by another gateway (a gateway app's, e.g. Adyen's) is refunded through that one
			if (!r.message || r.message.payment_account !== frm.doc.paid_to) return;
			frm.add_custom_button(__("Refund"), () =>
				frappe.prompt(
					[
						{ fieldname: "amount", fieldtype: "Currency", label: __("Amount (blank: what is left)") },
						{ fieldname: "reason", fieldtype: "Select", label: __("Reason"), default: "requested_by_customer",
							options: "requested_by_customer\nduplicate\nfraudulent" },
					],
					(values) => frappe.call({
						method: "performancewest_erpnext.pw_checkout.api.refund",
						args: { payment_entry: frm.doc.name, ...values },
						freeze: true,
					}).then((res) => frappe.set_route("Form", "Payment Entry", res.message)),
					__("Refund through {0}", [paypal ? "PayPal" : "Stripe"]),
				), __("Provider"));
		});
		if (paypal) {
			frm.add_custom_button(__("Add Tracking"), () =>
				frappe.prompt(
					[
						{ fieldname: "tracking_number", fieldtype: "Data", label: __("Tracking Number"), reqd: 1 },
						{ fieldname: "carrier", fieldtype: "Select", label: __("Carrier"), default: "USPS", options: "USPS\nUPS\nFEDEX\nDHL" },
					],
					(values) => frappe.call({
						method: "performancewest_erpnext.pw_checkout.api.add_paypal_tracking",
						args: { payment_entry: frm.doc.name, ...values },
					}).then(() => frm.reload_doc()),
					__("PayPal tracking"),
				), __("Provider"));
		}
	},
});
