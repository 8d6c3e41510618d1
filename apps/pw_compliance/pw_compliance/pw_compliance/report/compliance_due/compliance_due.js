// Copyright (c) 2026, Performance West and contributors
// For license information, please see license.txt

frappe.query_reports["Compliance Due"] = {
	filters: [
		{ fieldname: "days", label: __("Due Within"), fieldtype: "Select", options: "30\n60\n90", default: "30" },
		{ fieldname: "customer", label: __("Carrier"), fieldtype: "Link", options: "Customer" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.status === "Overdue" && ["status", "due_date"].includes(column.fieldname)) {
			value = `<span class="text-danger font-weight-bold">${value}</span>`;
		}
		return value;
	},
};
