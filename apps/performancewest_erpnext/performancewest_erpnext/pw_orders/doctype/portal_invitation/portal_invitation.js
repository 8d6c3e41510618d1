// Copyright (c) 2026, Performance West and contributors
// License: MIT. See LICENSE

frappe.ui.form.on("Portal Invitation", {
	refresh(frm) {
		if (frm.doc.status === "Sent" && frm.has_perm("write")) {
			frm.add_custom_button(__("Cancel invitation"), () =>
				frm.call("cancel_invitation").then(() => frm.reload_doc())
			);
		}
	},
});
