// Copyright (c) 2026, Performance West and contributors
// For license information, please see license.txt

frappe.ui.form.on("Compliance Entry", {
	refresh(frm) {
		if (["Filing", "Overdue"].includes(frm.doc.status) && !frm.is_new()) {
			frm.add_custom_button(__("Record Filing"), () => {
				frappe.prompt(
					[{ fieldname: "confirmation_number", label: __("Confirmation Number"), fieldtype: "Data", reqd: 1 }],
					(values) => frm.call("record_filing", values).then(() => frm.reload_doc()),
					__("Record Filing")
				);
			});
		}
	},
});
