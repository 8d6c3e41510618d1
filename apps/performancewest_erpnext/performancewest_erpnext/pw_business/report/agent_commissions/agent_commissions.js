frappe.query_reports["Agent Commissions"] = {
	filters: [
		{ fieldname: "sales_partner", label: __("Agent"), fieldtype: "Link", options: "Sales Partner" },
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -1),
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
