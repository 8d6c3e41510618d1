"""Tier 3: a served test site and Debian's chromium driven by Playwright."""

import json
import os
import socket
import subprocess
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results"
SITE = os.environ.get("TEST_SITE", "pw-test.localhost")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def frappe_cli(*args: str) -> subprocess.CompletedProcess:
	"""A site command on the served test site (`bench --site SITE ...`)."""
	return subprocess.run(
		[str(ROOT / "bin/frappe"), "--site", SITE, *args], check=True, capture_output=True, text=True
	)


class RecordedAPI(BaseHTTPRequestHandler):
	"""Base of the local servers that stand in for a provider's API with recorded answers."""

	def _send(self, body: dict, status: int = 200) -> None:
		data = json.dumps(body).encode()
		self.send_response(status)
		self.send_header("Content-Type", "application/json")
		self.send_header("Content-Length", str(len(data)))
		self.end_headers()
		self.wfile.write(data)

	def log_message(self, *args):
		pass


def serve(handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
	"""A local HTTP server with `handler` on a free port, in a daemon thread."""
	server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
	threading.Thread(target=server.serve_forever, daemon=True).start()
	return server


@pytest.fixture(scope="session")
def base_url():
	port, web_port, socketio_port = free_port(), free_port(), free_port()
	log = open(RESULTS / "browser-server.log", "w")
	server = subprocess.Popen(
		[str(ROOT / "bin/frappe"), "--site", SITE, "serve", "--port", str(web_port), "--noreload"],
		stdout=log,
		stderr=subprocess.STDOUT,
	)
	# realtime behind the pages' own address, as in the Procfile: socket.io server and proxy
	realtime = subprocess.Popen(
		["node", str(ROOT / "apps/frappe/socketio.js")],
		env={**os.environ, "FRAPPE_SOCKETIO_PORT": str(socketio_port)},
		stdout=log,
		stderr=subprocess.STDOUT,
	)
	proxy = subprocess.Popen(
		["node", str(ROOT / "scripts/web_proxy.js"), str(port), str(web_port), str(socketio_port), SITE],
		stdout=log,
		stderr=subprocess.STDOUT,
	)
	# background jobs (webhook processing, order steps) need a worker, as in the Procfile
	worker = subprocess.Popen(
		[str(ROOT / "bin/frappe"), "worker", "--queue", "short,default,long"],
		stdout=log,
		stderr=subprocess.STDOUT,
	)
	url = f"http://127.0.0.1:{port}"
	try:
		for _ in range(120):
			try:
				urllib.request.urlopen(f"{url}/api/method/ping", timeout=2)
				break
			except OSError:
				time.sleep(0.5)
		else:
			raise RuntimeError(f"{SITE} did not start; see {log.name}")
		yield url
	finally:
		for process in (server, worker, realtime, proxy):
			process.terminate()
		for process in (server, worker, realtime, proxy):
			try:
				process.wait(20)
			except subprocess.TimeoutExpired:
				process.kill()
				process.wait()


@pytest.fixture(scope="session")
def browser():
	with sync_playwright() as p:
		browser = p.chromium.launch(
			executable_path=CHROMIUM,
			headless=True,
			args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
		)
		yield browser
		browser.close()


@pytest.fixture
def page(browser, base_url):
	context = browser.new_context(base_url=base_url, viewport={"width": 1366, "height": 900})
	page = context.new_page()
	# Frappe's realtime client logs this when socket.io cannot be reached (a 404 without the proxy)
	socketio_errors: list[str] = []
	page.on("console", lambda m: "Error connecting to socket.io" in m.text and socketio_errors.append(m.text))
	yield page
	context.close()
	assert not socketio_errors, f"socket.io unreachable: {socketio_errors}"


def login(page, user: str, password: str) -> None:
	page.goto("/login")
	page.fill("#login_email", user)
	page.fill("#login_password", password)
	page.click(".btn-login")
	page.wait_for_url(lambda url: "/login" not in url, timeout=30000)


def screenshot(page, name: str) -> None:
	page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=False)
