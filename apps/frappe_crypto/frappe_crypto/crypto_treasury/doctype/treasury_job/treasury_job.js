// Copyright (c) 2026, Performance West and contributors
// For license information, please see license.txt

frappe.ui.form.on("Treasury Job", {
	refresh(frm) {
		if (frm.doc.status === "failed") {
			frm.add_custom_button(__("Retry now"), () =>
				frappe
					.call("frappe_crypto.treasury.jobs.retry_job", { name: frm.doc.name })
					.then(() => frm.reload_doc())
			);
		}
		if (frm.doc.todo) {
			frm.add_custom_button(__("Open staff task"), () => frappe.set_route("Form", "ToDo", frm.doc.todo));
		}
		frm.set_intro(
			frm.doc.needs_action ? __("This job waits for staff: see its open task.") : "",
			"orange"
		);
	},
});
