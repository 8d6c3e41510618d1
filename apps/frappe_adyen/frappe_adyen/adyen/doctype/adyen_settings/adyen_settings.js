// Copyright (c) 2026, Performance West and contributors
// For license information, please see license.txt

frappe.ui.form.on("Adyen Settings", {
	refresh(frm) {
		if (!frappe.user.has_role("System Manager")) return;
		frm.add_custom_button(__("Generate Webhook Credentials"), () =>
			frappe.confirm(
				__("New basic-auth credentials for Adyen's webhook; the old password stops working. Continue?"),
				() => frm.call("generate_webhook_credentials").then((r) => {
					const c = r.message;
					const d = new frappe.ui.Dialog({
						title: __("Adyen webhook"),
						fields: [
							{ fieldtype: "Data", label: __("URL"), default: c.url, read_only: 1 },
							{ fieldtype: "Data", label: __("Username"), default: c.username, read_only: 1 },
							{ fieldtype: "Data", label: __("Password (shown once)"), default: c.password, read_only: 1 },
						],
					});
					d.show();
					frm.reload_doc();
				}),
			));
	},
});
