// Copyright (c) 2026, Performance West and contributors
// For license information, please see license.txt

frappe.ui.form.on("Performance West Settings", {
	refresh(frm) {
		frappe
			.call(
				"performancewest_erpnext.performance_west.doctype.performance_west_settings.performance_west_settings.payment_setup"
			)
			.then(({ message }) => {
				if (!message || message.methods.length) return;
				const links = message.settings
					.map((s) => `<a href="/app/${frappe.router.slug(s)}">${frappe.utils.escape_html(__(s))}</a>`)
					.join(", ");
				frm.dashboard.set_headline_alert(
					__(
						"No online payment method is switched on: customers see the order total and the bank transfer instructions below. To take payments, fill and enable one of: {0}.",
						[links]
					),
					"orange"
				);
			});
	},
});
