// Issue and Communication (desk): "Draft reply" asks the local model (pw_business.drafting) for a draft
// and opens the e-mail composer with it; nothing is sent until the user sends it. Service Order: "Draft
// narrative" saves a Draft Order Narrative and opens it to edit and approve.
function pw_draft_reply(frm) {
	frappe
		.xcall("performancewest_erpnext.pw_business.drafting.draft_reply", {
			doctype: frm.doctype,
			name: frm.doc.name,
		})
		.then((draft) => {
			const issue = frm.doctype === "Issue";
			const ref = issue ? frm : null;
			new frappe.views.CommunicationComposer({
				doc: issue ? frm.doc : { doctype: frm.doc.reference_doctype, name: frm.doc.reference_name },
				frm: ref,
				subject: __("Re: {0}", [frm.doc.subject || ""]),
				recipients: issue ? frm.doc.raised_by : frm.doc.sender,
				message: frappe.utils.escape_html(draft).replace(/\n/g, "<br>"),
				is_a_reply: true,
			});
		});
}

["Issue", "Communication"].forEach((doctype) => {
	frappe.ui.form.on(doctype, {
		refresh(frm) {
			if (frm.is_new()) return;
			frm.add_custom_button(__("Draft reply"), () => pw_draft_reply(frm), __("AI"));
		},
	});
});

frappe.ui.form.on("Service Order", {
	refresh(frm) {
		if (frm.is_new() || !frappe.model.can_create("Order Narrative")) return;
		frm.add_custom_button(
			__("Draft narrative"),
			() =>
				frappe
					.xcall("performancewest_erpnext.pw_business.drafting.draft_narrative", { order: frm.doc.name })
					.then((name) => frappe.set_route("Form", "Order Narrative", name)),
			__("AI")
		);
	},
});
