frappe.listview_settings["Compliance Entry"] = {
	add_fields: ["status", "due_date"],
	get_indicator(doc) {
		const colors = {
			Upcoming: "blue", "Due Soon": "orange", "Invoice Sent": "yellow", Paid: "cyan",
			Filing: "purple", Completed: "green", Overdue: "red", Closed: "gray",
		};
		return [__(doc.status), colors[doc.status], `status,=,${doc.status}`];
	},
};
