frappe.ui.form.on("Payment Entry", {
	refresh(frm) {
		if (frm.doc.docstatus !== 1 || frm.doc.payment_type !== "Receive" || !frm.doc.reference_no) return;
		if (!frappe.user.has_role("Accounts Manager") && !frappe.user.has_role("System Manager")) return;
		frappe.db.get_value("Payment Gateway Account", { payment_gateway: "Adyen" }, "payment_account").then((r) => {
			if (!r.message || r.message.payment_account !== frm.doc.paid_to) return;
			frm.add_custom_button(__("Refund through Adyen"), () =>
				frappe.prompt(
					[{ fieldname: "amount", fieldtype: "Currency", label: __("Amount (blank: what is left)") }],
					(values) => frappe.call({
						method: "frappe_adyen.adyen.refunds.refund",
						args: { payment_entry: frm.doc.name, ...values },
						freeze: true,
					}).then((res) => frappe.set_route("Form", "Payment Entry", res.message)),
					__("Refund through Adyen"),
				), __("Provider"));
		});
	},
});
