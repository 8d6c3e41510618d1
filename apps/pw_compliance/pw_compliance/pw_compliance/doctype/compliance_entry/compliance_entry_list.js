frappe.listview_settings["Compliance Entry"] = {
	add_fields: ["status", "due_date"],
	onload(listview) {
		if (!frappe.model.can_write("Compliance Entry")) return;
		listview.page.add_inner_button(__("Run Sweep Now"), () =>
			frappe
				.xcall("pw_compliance.pw_compliance.doctype.compliance_entry.compliance_entry.run_sweep")
				.then(() => frappe.show_alert({ message: __("Sweep started; refresh in a moment"), indicator: "green" }))
		);
	},
	get_indicator(doc) {
		const colors = {
			Upcoming: "blue", "Due Soon": "orange", "Invoice Sent": "yellow", Paid: "cyan",
			Filing: "purple", Completed: "green", Overdue: "red", Closed: "gray",
		};
		return [__(doc.status), colors[doc.status], `status,=,${doc.status}`];
	},
};
