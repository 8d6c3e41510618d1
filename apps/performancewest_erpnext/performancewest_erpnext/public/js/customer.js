// Customer (desk): staff invite someone to the customer's portal (pw_orders.invitations).

frappe.ui.form.on("Customer", {
	refresh(frm) {
		if (frm.is_new() || !frappe.model.can_write("Portal Invitation")) return;
		frm.add_custom_button(
			__("Invite to portal"),
			() => {
				frappe.prompt(
					{ fieldname: "email", fieldtype: "Data", options: "Email", label: __("E-mail"), reqd: 1 },
					({ email }) =>
						frappe
							.xcall("performancewest_erpnext.pw_orders.invitations.invite_to_customer", {
								customer: frm.doc.name,
								email,
							})
							.then(() => frappe.show_alert({ message: __("Invitation sent"), indicator: "green" })),
					__("Invite to the customer portal"),
					__("Send")
				);
			},
			__("Actions")
		);
	},
});
