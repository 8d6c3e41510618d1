// Copyright (c) 2026, Performance West and contributors
// For license information, please see license.txt

frappe.ui.form.on("Adyen Notification", {
	refresh(frm) {
		if (frm.doc.status !== "Failed") return;
		frm.add_custom_button(__("Process Again"), () =>
			frappe.call({
				method: "frappe_adyen.adyen.webhooks.retry",
				args: { name: frm.doc.name },
				freeze: true,
			}).then(() => frm.reload_doc()));
	},
});
