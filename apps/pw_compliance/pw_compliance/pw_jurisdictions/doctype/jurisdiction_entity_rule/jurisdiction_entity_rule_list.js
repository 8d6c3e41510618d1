// Rows whose source was not checked in the last 12 months are flagged for a re-check
frappe.listview_settings["Jurisdiction Entity Rule"] = {
	add_fields: ["checked_on", "confidence"],
	get_indicator(doc) {
		const cutoff = frappe.datetime.add_months(frappe.datetime.get_today(), -12);
		if (!doc.checked_on || doc.checked_on < cutoff) {
			return [__("Re-check source"), "red", `checked_on,<,${cutoff}`];
		}
		if (doc.confidence === "unconfirmed") {
			return [__("Unconfirmed"), "orange", "confidence,=,unconfirmed"];
		}
		return [__("Checked"), "green", `checked_on,>=,${cutoff}`];
	},
};
