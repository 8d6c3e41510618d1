// Staff actions on a public compliance check: a Lead with the FRN, or the customer with its carrier
// profile (and so its compliance calendar) pre-filled from the synced FCC records.
frappe.ui.form.on("FCC Compliance Check Log", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (!frm.doc.lead && frappe.model.can_create("Lead")) {
			frm.add_custom_button(__("Lead from check"), () =>
				frappe.call("pw_compliance.pw_fcc.onboarding.lead_from_check", { log: frm.doc.name }).then((r) => {
					frm.reload_doc();
					frappe.set_route("Form", "Lead", r.message);
				})
			);
		}
		if (!frm.doc.customer && frappe.model.can_create("Carrier Profile")) {
			frm.add_custom_button(__("Customer and calendar"), () => customer_dialog(frm));
		}
	},
});

function customer_dialog(frm) {
	frappe.call("pw_compliance.pw_fcc.onboarding.preview", { frn: frm.doc.frn }).then(({ message: p }) => {
		const filled = Object.entries(p.values).filter(([, v]) => v !== null && v !== "").map(([k, v]) => `${k}: ${v}`).join(", ");
		const d = new frappe.ui.Dialog({
			title: __("Customer and calendar for FRN {0}", [frm.doc.frn]),
			fields: [
				{ fieldtype: "HTML", options: `<p class="small text-muted">${__("From the FCC records")}: ${frappe.utils.escape_html(filled)}</p>` },
				{ fieldname: "email", fieldtype: "Data", options: "Email", label: __("Portal user e-mail (optional)") },
				{ fieldname: "full_name", fieldtype: "Data", label: __("Contact name") },
				{ fieldname: "entity_type", fieldtype: "Select", label: __("Entity Type"), options: "\nllc\ncorporation\nnonprofit" },
				{ fieldname: "formation_jurisdiction", fieldtype: "Link", options: "Jurisdiction", label: __("Formed In") },
				{ fieldname: "formed_on", fieldtype: "Date", label: __("Formed On") },
				{ fieldname: "holds_numbering", fieldtype: "Check", label: __("Holds Numbering Resources (Form 502)") },
				{ fieldname: "broadband", fieldtype: "Select", label: __("BDC: provides broadband"), options: "\nyes\nno" },
				{ fieldname: "voice", fieldtype: "Select", label: __("BDC: provides voice"), options: "\nyes\nno" },
			],
			primary_action_label: __("Create"),
			primary_action(values) {
				const { email, full_name, ...answers } = values;
				answers.holds_numbering = values.holds_numbering ? "yes" : "no";
				frappe.call("pw_compliance.pw_fcc.onboarding.customer_from_check", {
					log: frm.doc.name, answers, email, full_name,
				}).then((r) => {
					d.hide();
					frappe.show_alert({ message: __("{0} deadlines calendared", [r.message.entries.length]), indicator: "green" });
					frappe.set_route("Form", "Carrier Profile", r.message.carrier_profile);
				});
			},
		});
		d.show();
	});
}
