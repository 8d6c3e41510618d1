// The web pages' one way to call a whitelisted method (web_include_js: on every web page, so the pages
// of the apps built on this one use it too; frappe_crypto and frappe_adyen do not depend on this app
// and keep their own few lines).
//
//   pw.call(method, args, { get }) → the method's `message`
//     POST with the CSRF header and `args` as JSON (a FormData or URLSearchParams is sent as it is);
//     `get`: a GET with `args` in the query string. A failure throws a pw.CallError: its message is
//     the server's message as plain text (parsed inertly: no script runs, nothing loads; else a generic
//     one), with the HTTP `status` and the `reply`: the method's `message` on a refused call (a 422 with
//     the errors by field, say), else null.

class CallError extends Error {
	constructor(message, status, reply) {
		super(message);
		this.name = "CallError";
		this.status = status;
		this.reply = reply ?? null;
	}
}

function text(html) {
	return new DOMParser().parseFromString(String(html ?? ""), "text/html").body.textContent;
}

// the first of Frappe's _server_messages (each a JSON object with `message`, or a plain string)
function serverMessage(data) {
	try {
		const first = JSON.parse(data._server_messages)[0];
		let message = first;
		try {
			message = JSON.parse(first).message ?? first;
		} catch (e) {
			// a plain string
		}
		return text(message);
	} catch (e) {
		return data && data._error_message ? text(data._error_message) : "";
	}
}

async function call(method, args = {}, { get = false } = {}) {
	const headers = { Accept: "application/json" };
	const init = { credentials: "same-origin", headers };
	let url = `/api/method/${method}`;
	if (get) {
		url += `?${new URLSearchParams(args)}`;
	} else {
		init.method = "POST";
		headers["X-Frappe-CSRF-Token"] = frappe.csrf_token || "";
		if (args instanceof FormData || args instanceof URLSearchParams) {
			init.body = args;
		} else {
			headers["Content-Type"] = "application/json";
			init.body = JSON.stringify(args);
		}
	}
	let response;
	try {
		response = await fetch(url, init);
	} catch (e) {
		throw new CallError(__("The server could not be reached; please check the connection and try again."), 0);
	}
	const data = await response.json().catch(() => ({}));
	if (!response.ok) {
		const generic =
			response.status === 429
				? __("Too many requests from your address; please try again later.")
				: __("Something went wrong; please try again.");
		throw new CallError(serverMessage(data) || generic, response.status, data.message);
	}
	return data.message;
}

window.pw = Object.assign(window.pw || {}, { call, CallError });
