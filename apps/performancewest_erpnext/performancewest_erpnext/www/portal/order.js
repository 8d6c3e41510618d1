// The open order page follows its order: on a change (pw_portal/live.py, through Frappe's realtime) its
// status and steps are redrawn from the server's page, without a reload.
frappe.ready(() => {
	const card = document.querySelector("[data-pw-order]");
	if (!card) return;
	const order = card.dataset.pwOrder;
	const live = ["pw-status", "pw-steps"];
	frappe.realtime.on("pw_order_changed", async (data) => {
		if (!data || data.order !== order) return;
		const response = await fetch(window.location.pathname, { credentials: "same-origin" });
		if (!response.ok) return;
		const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
		for (const id of live) {
			const selector = `section[aria-labelledby="${id}"]`;
			const now = document.querySelector(selector);
			const then = fresh.querySelector(selector);
			if (now && then) now.replaceWith(document.adoptNode(then));
		}
	});
});
