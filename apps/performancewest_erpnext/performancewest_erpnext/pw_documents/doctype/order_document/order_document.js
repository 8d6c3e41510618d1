// Copyright (c) 2026, Performance West and contributors
// For license information, please see license.txt

frappe.ui.form.on("Order Document", {
	refresh(frm) {
		if (frm.doc.file_key && !frm.is_new()) {
			frm.add_custom_button(__("Open PDF"), () => {
				window.open(
					"/api/method/performancewest_erpnext.pw_documents.api.download?name=" +
						encodeURIComponent(frm.doc.name)
				);
			});
		}
		if (frm.doc.status === "Failed" && frm.doc.source_key) {
			frm.add_custom_button(__("Convert Again"), () =>
				frappe
					.xcall("performancewest_erpnext.pw_documents.api.reconvert", { name: frm.doc.name })
					.then(() => frm.reload_doc())
			);
		}
	},
});
