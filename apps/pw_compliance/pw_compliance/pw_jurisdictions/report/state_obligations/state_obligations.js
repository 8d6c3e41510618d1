// Copyright (c) 2026, Performance West and contributors
// For license information, please see license.txt

frappe.query_reports["State Obligations"] = {
	filters: [
		{ fieldname: "jurisdiction", label: __("State"), fieldtype: "Link", options: "Jurisdiction" },
		{
			fieldname: "entity_type",
			label: __("Entity Type"),
			fieldtype: "Select",
			options: "\nllc\ncorporation\nnonprofit",
		},
		{
			fieldname: "confidence",
			label: __("Confidence"),
			fieldtype: "Select",
			options: "\nconfirmed\nunconfirmed",
		},
		{ fieldname: "stale_only", label: __("Not Checked in 12 Months"), fieldtype: "Check" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.stale && column.fieldname === "checked_on") {
			value = `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
