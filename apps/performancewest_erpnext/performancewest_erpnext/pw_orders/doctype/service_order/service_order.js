frappe.ui.form.on("Service Order", {
	refresh(frm) {
		const call = (method, args, message) =>
			frappe.call({ method: `performancewest_erpnext.pw_orders.api.${method}`, args: { order: frm.doc.name, ...args } })
				.then(() => { frappe.show_alert(message); frm.reload_doc(); });
		if (frm.doc.hold_reason) {
			frm.dashboard.set_headline_alert(frappe.utils.escape_html(frm.doc.hold_reason), "orange");
		}
		if (frm.doc.status === "Review") {
			frm.add_custom_button(__("Approve and Deliver"), () => call("approve", {}, __("Delivered"))).addClass("btn-primary");
		}
		if (frm.doc.status === "Funds Pending") {
			frm.add_custom_button(__("Funds Cleared"), () => call("mark_funds_cleared", {}, __("Funds cleared")));
		}
		if (["In Progress", "Waiting", "Client Selection"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Resume"), () => call("resume", {}, __("Resumed")), __("Fulfilment"));
			frm.add_custom_button(__("Retry Failed Steps"), () => call("retry", {}, __("Retrying")), __("Fulfilment"));
		}
		if (frm.doc.status === "Waiting" && frm.doc.waiting_on === "Identity" && frm.doc.identity_verification) {
			frm.add_custom_button(__("Identity Verification"), () =>
				frappe.set_route("Form", "Identity Verification", frm.doc.identity_verification));
		}
		if (frm.doc.status === "Awaiting Payment") {
			frm.add_custom_button(__("Cancel Order"), () =>
				frappe.prompt({ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
					({ reason }) => call("cancel", { reason }, __("Cancelled"))));
		}
	},
});
