frappe.views.calendar["Compliance Entry"] = {
	field_map: { start: "due_date", end: "due_date", id: "name", title: "title", allDay: "allDay" },
	filters: ["customer", "status"],
	get_events_method: "frappe.desk.calendar.get_events",
};
