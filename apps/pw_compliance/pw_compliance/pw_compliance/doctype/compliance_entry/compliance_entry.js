// Copyright (c) 2026, Performance West and contributors
// For license information, please see license.txt

frappe.ui.form.on("Compliance Entry", {
	refresh(frm) {
		if (frm.is_new() || !["Filing", "Overdue"].includes(frm.doc.status)) return;
		if (frm.doc.fcc_filing) {
			// filed through its FCC Filing, which needs the confirmation number and the receipt
			frm.add_custom_button(__("Open FCC Filing"), () => frappe.set_route("Form", "FCC Filing", frm.doc.fcc_filing));
			return;
		}
		frm.add_custom_button(__("Record Filing"), () => {
			frappe.prompt(
				[{ fieldname: "confirmation_number", label: __("Confirmation Number"), fieldtype: "Data", reqd: 1 }],
				(values) => frm.call("record_filing", values).then(() => frm.reload_doc()),
				__("Record Filing")
			);
		});
	},
});
