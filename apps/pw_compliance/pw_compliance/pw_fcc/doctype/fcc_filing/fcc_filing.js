// Copyright (c) 2026, Performance West and contributors
// For license information, please see license.txt

frappe.ui.form.on("FCC Filing", {
	refresh(frm) {
		if (frm.doc.service_order) {
			frm.add_custom_button(__("Service Order"), () =>
				frappe.set_route("Form", "Service Order", frm.doc.service_order)
			);
		}
		if (frm.doc.intake_missing) {
			frm.dashboard.add_comment(
				__("Still missing from the intake: {0}", [frm.doc.intake_missing.split("\n").join(", ")]),
				"yellow",
				true
			);
		}
		if (frm.doc.status === "Ready to File") {
			frm.set_intro(
				__(
					"File it on the agency's site, then enter the confirmation number and attach the receipt: saving marks it filed and closes the filing task."
				),
				"blue"
			);
			if (frm.doc.filing_portal) {
				frm.add_custom_button(__("Open the filing site"), () =>
					window.open(frm.doc.filing_portal, "_blank", "noopener")
				);
			}
		}
	},
});
