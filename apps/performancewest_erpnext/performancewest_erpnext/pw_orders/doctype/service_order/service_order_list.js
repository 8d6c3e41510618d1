frappe.listview_settings["Service Order"] = {
	add_fields: ["status", "waiting_on", "expected_delivery"],
	get_indicator(doc) {
		const colors = {
			"Awaiting Payment": "yellow", "Funds Pending": "orange", "Client Selection": "cyan",
			"In Progress": "blue", Waiting: "orange", Review: "purple", Delivered: "green",
			Cancelled: "gray", Refunded: "gray",
		};
		if (doc.status === "Waiting" && doc.waiting_on === "Staff") {
			return [__("Needs Staff"), "red", "status,=,Waiting|waiting_on,=,Staff"];
		}
		const label = doc.status === "Waiting" && doc.waiting_on ? `${__("Waiting")}: ${__(doc.waiting_on)}` : __(doc.status);
		return [label, colors[doc.status], `status,=,${doc.status}`];
	},
};
