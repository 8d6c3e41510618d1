// The CDR study page (/portal/cdr): files go up in 8 MB chunks (each appended on the server, never held
// whole), the mapping is chosen from the first rows, and progress follows the job through Frappe's
// realtime, with a status poll as a fallback. Text from files is set with textContent only.
frappe.ready(() => {
	const CHUNK = 8 * 1024 * 1024;
	const api = (method) => `pw_compliance.cdr.api.${method}`;
	const errorBox = document.getElementById("pw-cdr-error");

	// the study's whitelisted methods, through the portal's pw.call (a FormData body for a chunk)
	const call = (method, args) => pw.call(api(method), args);
	function showError(message) {
		if (!errorBox) return;
		errorBox.textContent = message || "";  // pw.call's messages are plain text
		errorBox.classList.toggle("d-none", !message);
	}

	const form = document.getElementById("pw-cdr-new");
	if (form) {
		form.addEventListener("submit", async (event) => {
			event.preventDefault();
			const made = await call("create", { title: form.title.value });
			window.location.href = made.route;
		});
	}
	const root = document.getElementById("pw-cdr");
	if (!root) return;
	const study = root.dataset.study;

	// ---- upload ----
	const input = document.getElementById("pw-cdr-file");
	const bar = document.querySelector("#pw-cdr-upload .progress-bar");
	const barText = document.getElementById("pw-cdr-upload-text");
	function randomId() {
		const bytes = new Uint8Array(16);
		crypto.getRandomValues(bytes);
		return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
	}
	async function upload(file) {
		const id = randomId();
		let offset = 0;
		while (offset < file.size || (offset === 0 && file.size === 0)) {
			const body = new FormData();
			for (const [k, v] of Object.entries({ study, upload_id: id, file_name: file.name, offset, total: file.size })) body.append(k, v);
			body.append("chunk", file.slice(offset, offset + CHUNK), file.name);
			const answer = await call("upload_chunk", body);
			offset = answer.received;
			const percent = file.size ? Math.floor((100 * offset) / file.size) : 100;
			bar.style.width = `${percent}%`;
			barText.textContent = `${file.name}: ${percent}%`;
			if (answer.complete) return;
		}
	}
	if (input) {
		input.addEventListener("change", async () => {
			showError("");
			document.getElementById("pw-cdr-upload").classList.remove("d-none");
			try {
				for (const file of input.files) await upload(file);
				window.location.reload();
			} catch (e) {
				showError(e.message);
			}
		});
	}

	// ---- mapping ----
	const mapping = document.getElementById("pw-cdr-mapping");
	const delimiter = document.getElementById("pw-cdr-delimiter");
	async function loadPreview(delim) {
		const p = await call("preview", { study, delimiter: delim || "" });
		delimiter.value = p.delimiter;
		for (const select of mapping.querySelectorAll("select[data-field]")) {
			select.replaceChildren();
			const none = document.createElement("option");
			none.value = "";
			none.textContent = "—";
			select.append(none);
			for (const column of p.columns) {
				const option = document.createElement("option");
				option.value = column;
				option.textContent = column;
				select.append(option);
			}
			select.value = p.guess[select.dataset.field] || "";
		}
		const table = document.getElementById("pw-cdr-preview");
		table.replaceChildren();
		const head = table.createTHead().insertRow();
		for (const column of p.columns) {
			const th = document.createElement("th");
			th.textContent = column;
			head.append(th);
		}
		const body = table.createTBody();
		for (const row of p.rows) {
			const tr = body.insertRow();
			for (const value of row) tr.insertCell().textContent = value;
		}
	}
	if (mapping && !mapping.classList.contains("d-none")) {
		loadPreview().catch((e) => showError(e.message));
		delimiter.addEventListener("change", () => loadPreview(delimiter.value).catch((e) => showError(e.message)));
		document.getElementById("pw-cdr-run").addEventListener("click", async () => {
			showError("");
			const chosen = {};
			for (const select of mapping.querySelectorAll("select[data-field]")) chosen[select.dataset.field] = select.value;
			try {
				await call("map_and_run", {
					study, mapping: chosen, delimiter: delimiter.value,
					duration_unit: document.getElementById("pw-cdr-unit").value,
				});
				mapping.classList.add("d-none");
				follow();
			} catch (e) {
				showError(e.message);
			}
		});
	}

	// ---- progress ----
	const progress = document.getElementById("pw-cdr-progress");
	function draw(data) {
		if (!data || data.study && data.study !== study) return;
		const bar = progress.querySelector(".progress-bar");
		const value = Math.round(data.progress || 0);
		bar.style.width = `${value}%`;
		bar.setAttribute("aria-valuenow", value);
		bar.textContent = `${value}%`;
		if (data.status === "Completed" || data.status === "Failed") window.location.reload();
	}
	function follow() {
		progress.classList.remove("d-none");
		frappe.realtime.on("pw_cdr_study_progress", draw);
		const poll = async () => {
			try {
				draw(await call("status", { study }));
			} catch (e) {
				showError(e.message);
			}
			setTimeout(poll, 2000);
		};
		setTimeout(poll, 1000);
	}
	if (["Queued", "Running"].includes(root.dataset.status)) follow();

	// ---- paywall ----
	const unlock = document.getElementById("pw-cdr-unlock");
	if (unlock) {
		unlock.addEventListener("click", async () => {
			try {
				const answer = await call("unlock", { study });
				window.location.href = answer.pay || window.location.pathname;
			} catch (e) {
				showError(e.message);
			}
		});
	}
});
