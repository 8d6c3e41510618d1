frappe.ui.form.on("Identity Verification", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.status !== "Verified") {
			frm.add_custom_button(__("Mark Verified"), () =>
				frappe.prompt({ fieldname: "notes", fieldtype: "Small Text", label: __("What was checked") },
					({ notes }) => frm.call("verify", { notes }).then(() => frm.reload_doc()))).addClass("btn-primary");
		}
	},
});
