// The stack's one address, as nginx is in production (docker/compose.yaml's frontend): /socket.io goes to
// Frappe's realtime server, everything else to the web server. Desk and portal pages open socket.io on the
// address that served them, so without this (or `bench start`'s DEV_SERVER, which also shows tracebacks)
// their realtime client gets 404s.
//   node scripts/web_proxy.js PORT WEB_PORT SOCKETIO_PORT [SITE]
// SITE (default: the bench's default_site) goes to the realtime server as X-Frappe-Site-Name, as nginx
// sends it.
const fs = require("node:fs");
const http = require("node:http");
const net = require("node:net");
const path = require("node:path");

const [port, webPort, socketioPort] = process.argv.slice(2, 5).map(Number);
if (!port || !webPort || !socketioPort) {
	console.error("usage: node scripts/web_proxy.js PORT WEB_PORT SOCKETIO_PORT [SITE]");
	process.exit(2);
}
const site = process.argv[5] || defaultSite();

function defaultSite() {
	// `bench use SITE` (the set-up's `bin/frappe use`) records it in common_site_config.json
	try {
		const conf = fs.readFileSync(path.join(__dirname, "..", "sites", "common_site_config.json"), "utf8");
		return JSON.parse(conf).default_site || "";
	} catch {
		return "";
	}
}

function upstreamPort(url) {
	return url === "/socket.io" || url.startsWith("/socket.io/") ? socketioPort : webPort;
}

function forwardedHeaders(req, to) {
	const headers = { ...req.headers };
	const forwardedFor = req.headers["x-forwarded-for"];
	headers["x-forwarded-for"] = (forwardedFor ? forwardedFor + ", " : "") + req.socket.remoteAddress;
	headers["x-forwarded-proto"] = "http";
	if (to === socketioPort) {
		// as bench's nginx configuration: the realtime server checks Origin against Host, and browsers
		// send no Origin on a same-origin GET (socket.io's polling)
		headers.origin = `http://${req.headers.host}`;
		if (site) headers["x-frappe-site-name"] = site;
	}
	return headers;
}

const server = http.createServer((req, res) => {
	const to = upstreamPort(req.url);
	const upstream = http.request(
		{ host: "127.0.0.1", port: to, method: req.method, path: req.url, headers: forwardedHeaders(req, to) },
		(answer) => {
			res.writeHead(answer.statusCode, answer.statusMessage, answer.headers);
			answer.pipe(res);
		}
	);
	upstream.on("error", () => {
		if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" });
		res.end("The web or realtime server is not answering yet.\n");
	});
	req.pipe(upstream);
});

// websockets (socket.io upgrades its polling connection): the handshake forwarded, then raw bytes
server.on("upgrade", (req, socket, head) => {
	const to = upstreamPort(req.url);
	const upstream = net.connect(to, "127.0.0.1", () => {
		const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
		for (const [name, value] of Object.entries(forwardedHeaders(req, to))) {
			for (const one of [].concat(value)) lines.push(`${name}: ${one}`);
		}
		upstream.write(lines.join("\r\n") + "\r\n\r\n");
		if (head && head.length) upstream.write(head);
		socket.pipe(upstream).pipe(socket);
	});
	upstream.on("error", () => socket.destroy());
	socket.on("error", () => upstream.destroy());
});

server.listen(port, () => {
	console.log(`Serving on :${port} (web :${webPort}, socket.io :${socketioPort}${site ? ", site " + site : ""})`);
});
