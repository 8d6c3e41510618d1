// Copyright (c) 2026, Performance West and contributors
// For license information, please see license.txt

frappe.query_reports["Crypto Ledger"] = {
	filters: [
		{ fieldname: "coin", label: __("Coin"), fieldtype: "Data" },
		{
			fieldname: "account",
			label: __("Account"),
			fieldtype: "Select",
			options: "\nHot Wallet\nReserved\nCold Storage\nRelay Bank\nFiling Card\nCustomer\nOff-ramp\nSHKeeper Fees\nNetwork Fees",
		},
		{ fieldname: "entry_type", label: __("Movement"), fieldtype: "Data" },
		{ fieldname: "treasury_job", label: __("Treasury Job"), fieldtype: "Link", options: "Treasury Job" },
		{ fieldname: "from_date", label: __("From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To"), fieldtype: "Date" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "chain" && data && data.chain !== __("ok")) {
			value = `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
