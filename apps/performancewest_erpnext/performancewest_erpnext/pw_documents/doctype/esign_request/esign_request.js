// Copyright (c) 2026, Performance West and contributors
// For license information, please see license.txt

frappe.ui.form.on("eSign Request", {
	refresh(frm) {
		if (["Sent", "Expired"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Send a New Link"), () =>
				frm.call("resend").then((r) => {
					frappe.show_alert({ message: r.message, indicator: "green" });
					frm.reload_doc();
				})
			);
		}
		if (frm.doc.status === "Sent") {
			frm.add_custom_button(__("Cancel Request"), () =>
				frappe.confirm(__("Cancel this signature request? Its link stops working."), () =>
					frm.call("cancel_request").then(() => frm.reload_doc())
				)
			);
		}
	},
});
