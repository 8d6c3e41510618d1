// Copyright (c) 2026, Performance West and contributors
// License: MIT. See LICENSE

frappe.ui.form.on("FRN Claim", {
	refresh(frm) {
		const open = ["Awaiting Confirmation", "Staff Review"].includes(frm.doc.status);
		if (!open || !frm.has_perm("write")) return;
		frm.add_custom_button(__("Confirm claim"), () =>
			frappe.confirm(
				__("Confirm that {0} holds FRN {1}? Its carrier profile and calendar are made.", [
					frappe.utils.escape_html(frm.doc.customer),
					frappe.utils.escape_html(frm.doc.frn),
				]),
				() => frm.call("confirm_claim").then(() => frm.reload_doc())
			)
		);
		frm.add_custom_button(__("Reject claim"), () =>
			frm.call("reject_claim").then(() => frm.reload_doc())
		);
	},
});
