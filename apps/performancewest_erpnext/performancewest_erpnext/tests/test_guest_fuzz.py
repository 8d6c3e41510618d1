"""Guests get a 4xx for bad input, never a 5xx or a traceback.

Every `allow_guest` method of the five apps (found by importing every module of the apps and reading
Frappe's whitelist registry, so a new one is fuzzed without touching this file) and every public page
(the apps' `www/` routes and `website_route_rules`) gets a few hundred generated requests against the
site served over HTTP: arguments missing, empty, huge, non-ASCII, of the wrong JSON type, injection
strings; bodies that are not JSON sent as JSON; query string, form and JSON transports; GET and POST;
signature headers with garbage. A 5xx, or a body carrying a traceback, fails the test with the method
and the input."""

import importlib
import inspect
import json
import pkgutil
import random
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frappe
import requests
from frappe.tests.utils import FrappeTestCase
from pw_test_support import routes as site_routes
from pw_test_support.served import ServedSite

APPS = ("performancewest_erpnext", "pw_compliance", "frappe_ca_registry", "frappe_crypto", "frappe_adyen")
PER_METHOD = 50
PER_PAGE = 4
SEED = 22
TRACEBACK_MARKS = ("Traceback (most recent call last)", 'File "/', "site-packages/")

STRINGS = [
	"",
	" ",
	"x" * 20_000,
	"é☃𝄞Ωü漢字",
	"\u202e\u200b",
	"\x00",
	"null",
	"undefined",
	"None",
	"[]",
	"{}",
	"[1,2",
	'{"a":',
	"' OR '1'='1",
	"1; DROP TABLE `tabUser`;--",
	"<script>alert(1)</script>",
	"{{ 7*7 }}",
	"{% for x in range(9) %}",
	"../../../../etc/passwd",
	"%00%ff",
	"%s%s%s%n",
	"${jndi:ldap://127.0.0.1/a}",
	"-1",
	"0",
	"1e309",
	"NaN",
	"9" * 400,
	"true",
	"a.b.c",
	"t=1,v1=abc",
	"ß" * 64,
	"0123456789",
]
# tried on every parameter: empty, non-ASCII of a signature's length and not, huge
SHARP = ["", "\u00e9" * 32, "\u00df" * 64, "\u00e9\u2603\U0001d11e", "x" * 20_000]
JSON_VALUES: list[Any] = [
	None,
	True,
	False,
	0,
	-1,
	1.5,
	10**30,
	[],
	["x"],
	[{"a": 1}],
	{},
	{"a": {"b": [1, None]}},
	{"service": None},
	[{"service": "x" * 5000}],
	["é☃"] * 50,
]
RAW_BODIES: list[bytes] = [
	b"{",
	b"[1,",
	b"not json",
	b"\xff\xfe\xfd",
	b'{"a": NaN}',
	b"[" * 5_000 + b"]" * 5_000,
	b'"just a string"',
	b"123",
	b"[1, 2, 3]",
	b"null",
	b'{"cmd": "frappe.ping"}',
	b"{" + b'"k": 1,' * 2_000 + b'"z": 2}',
]
SIGNATURE_HEADERS = (
	"Stripe-Signature",
	"X-Shkeeper-Signature",
	"X-Shkeeper-Timestamp",
	"X-Shkeeper-Api-Key",
	"PAYPAL-TRANSMISSION-SIG",
	"PAYPAL-AUTH-ALGO",
)
HEADER_VALUES: list[bytes] = [
	b"",
	"é☃".encode(),
	"ß".encode() * 64,
	b"0" * 64,
	b"t=1,v1=" + b"a" * 64,
	b"t=abc,v1=",
	b"x" * 8000,
	str(2**70).encode(),
	b"-1",
]


@dataclass
class Probe:
	"""One generated request (what is printed when it fails)."""

	target: str
	http_method: str
	path: str
	params: dict | None = None
	json_body: Any = None
	raw: bytes | None = None
	headers: dict[str, bytes] = field(default_factory=dict)

	def describe(self) -> str:
		def short(value: Any) -> str:
			text = repr(value)
			return text if len(text) < 120 else f"{text[:100]}... ({len(text)} chars)"

		parts = [f"{self.http_method} {self.path}"]
		if self.params:
			parts.append(f"params={short(self.params)}")
		if self.json_body is not None:
			parts.append(f"json={short(self.json_body)}")
		if self.raw is not None:
			parts.append(f"raw json body={short(self.raw)}")
		if self.headers:
			parts.append(f"headers={short(self.headers)}")
		return " ".join(parts)


def import_all_modules() -> list[str]:
	"""Import every module of the apps (tests and patches aside); the modules that failed."""
	failed = []
	for app in APPS:
		package = importlib.import_module(app)
		for info in pkgutil.walk_packages(package.__path__, f"{app}."):
			if ".tests" in info.name or ".patches" in info.name or info.name.endswith(".hooks"):
				continue
			try:
				importlib.import_module(info.name)
			except Exception as e:
				failed.append(f"{info.name}: {e!r}")
	return failed


def guest_methods() -> dict[str, tuple[list[str], list[str]]]:
	"""{dotted path: (parameter names, HTTP methods)} of the apps' `allow_guest` methods."""
	found = {}
	for fn in frappe.guest_methods:
		path = f"{fn.__module__}.{fn.__qualname__}"
		if path.split(".", 1)[0] not in APPS:
			continue
		params = [
			name
			for name, p in inspect.signature(fn).parameters.items()
			if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
		]
		found[path] = (params, list(frappe.allowed_http_methods_for_whitelisted_func.get(fn) or ["GET"]))
	return found


def public_routes() -> dict[str, list[str]]:
	"""{route: the form_dict keys its page reads, and `name` and `key`} for every page of the apps (a
	route rule's path parameters are fuzzed too, and its prefix is requested on its own)."""
	found: dict[str, list[str]] = {}
	for route, keys in site_routes.page_routes(APPS).items():
		found[route] = sorted(keys | {"name", "key"})
		if "{" in route:
			found.setdefault(route.split("{", 1)[0].rstrip("/"), found[route])
	return found


def value(rng: random.Random, as_json: bool) -> Any:
	if as_json and rng.random() < 0.5:
		return rng.choice(JSON_VALUES)
	return rng.choice(STRINGS)


def method_probes(path: str, params: list[str], allowed: list[str], rng: random.Random) -> list[Probe]:
	url = f"/api/method/{path}"
	webhook = not params
	probes = [Probe(path, m, url) for m in ("GET", "POST", "PUT")]
	probes += [Probe(path, "POST", url, raw=body) for body in RAW_BODIES]
	probes.append(Probe(path, "POST", url, json_body={}))
	for name in params:  # one parameter at a time, the others missing or plausible, every transport
		for i, v in enumerate(SHARP + rng.sample(STRINGS, 2) + rng.sample(JSON_VALUES, 3)):
			others = {o: "ACC-0001" for o in params if o != name} if i % 2 else {}
			http_method = rng.choice(allowed)
			if isinstance(v, str) and rng.random() < 0.4:
				probes.append(Probe(path, http_method, url, params={**others, name: v}))
			else:
				probes.append(Probe(path, "POST", url, json_body={**others, name: v}))
	while len(probes) < PER_METHOD:  # random mixes: some given, some missing, some unknown
		chosen = [p for p in params if rng.random() < 0.6]
		http_method = rng.choice(["GET", "POST", *allowed])
		transport = rng.choice(["query", "form", "json", "raw"])
		values = {p: value(rng, transport == "json") for p in chosen}
		if rng.random() < 0.2:
			values["unexpected_" + rng.choice("abc")] = rng.choice(STRINGS)
		probe = Probe(path, http_method, url)
		if transport == "raw" and http_method != "GET":
			probe.raw = rng.choice(RAW_BODIES)
		elif transport == "json" and http_method != "GET":
			probe.json_body = values
		else:
			probe.params = {k: v if isinstance(v, str) else json.dumps(v) for k, v in values.items()}
		if webhook or rng.random() < 0.1:
			probe.headers = {
				h: rng.choice(HEADER_VALUES) for h in rng.sample(SIGNATURE_HEADERS, rng.randint(1, 4))
			}
		probes.append(probe)
	return probes


def page_probes(route: str, keys: list[str], rng: random.Random) -> list[Probe]:
	probes = []
	for _i in range(PER_PAGE):
		fuzzed = rng.choice(["x", "é☃", "%3Cscript%3E", "..%2F..%2Fetc", "a" * 300])
		path = site_routes.PARAMETER.sub(fuzzed, route)
		chosen = {k: rng.choice(STRINGS) for k in keys if rng.random() < 0.5}
		http_method = rng.choice(["GET", "GET", "POST"])
		probe = Probe(route, http_method, path, params=chosen)
		if http_method == "POST" and rng.random() < 0.4:
			probe.params, probe.raw = None, rng.choice(RAW_BODIES)
		probes.append(probe)
	return probes


def findings(probe: Probe, response: requests.Response) -> str | None:
	text = response.text
	if response.status_code >= 500:
		return f"{response.status_code} for {probe.describe()}: {text[:300]!r}"
	if any(mark in text for mark in TRACEBACK_MARKS):
		return f"traceback in the body ({response.status_code}) for {probe.describe()}: {text[:300]!r}"
	try:
		body = response.json()
	except ValueError:
		return None
	if isinstance(body, dict) and ({"exc", "exception", "_exc_source"} & set(body)):
		return f"exception details ({response.status_code}) for {probe.describe()}: {text[:300]!r}"
	return None


def report(probes: list[Probe], failures: list[tuple[str, str]]) -> tuple[bool, str]:
	"""(any failure, the failures by method or page: how many, and the first few in full)"""
	by_target: dict[str, list[str]] = {}
	for target, message in failures:
		by_target.setdefault(target, []).append(message)
	lines = [f"{len(failures)} of {len(probes)} requests failed"]
	for target, messages in sorted(by_target.items()):
		lines.append(f"{target}: {len(messages)}")
		lines += [f"    {m}" for m in messages[:3]]
	return bool(failures), "\n".join(lines)


class TestGuestFuzz(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.import_failures = import_all_modules()
		cls.served = ServedSite(workers=0)
		cls.served.start()
		cls.addClassCleanup(cls.served.stop)
		cls.addClassCleanup(frappe.cache.delete_keys, "rl:")

	def send(self, session: requests.Session, probe: Probe, index: int) -> str | None:
		headers: dict[str, Any] = {
			"X-Forwarded-For": f"10.{index >> 16 & 255}.{index >> 8 & 255}.{index & 255}"
		}
		if index % 10 == 0:  # as a browser asks: Frappe answers errors with an HTML page then
			headers["Accept"] = "text/html,application/xhtml+xml"
		headers.update(probe.headers)
		sent: dict[str, Any] = {}
		if probe.raw is not None:
			sent["data"], headers["Content-Type"] = probe.raw, "application/json"
		elif probe.json_body is not None:
			sent["json"] = probe.json_body
		elif probe.http_method == "GET":
			sent["params"] = probe.params
		else:
			sent["data"] = probe.params  # a form post
		found = None
		for _attempt in range(2):  # a 5xx must repeat: a lock wait on the busy test machine is no input fault
			try:
				response = session.request(
					probe.http_method,
					self.served.url + probe.path,
					headers=headers,
					timeout=60,
					allow_redirects=False,
					**sent,
				)
			except requests.RequestException as e:
				return f"no answer ({e!r}) for {probe.describe()}"
			found = findings(probe, response)
			if not found or response.status_code < 500:
				return found
		return found

	def run_probes(self, probes: list[Probe]) -> list[tuple[str, str]]:
		base = random.Random(SEED).randrange(1, 10**6)
		sessions = [requests.Session() for _i in range(4)]
		with ThreadPoolExecutor(4) as pool:
			results = pool.map(
				lambda item: self.send(sessions[item[0] % 4], item[1], base + item[0]), enumerate(probes)
			)
			return [(probe.target, r) for probe, r in zip(probes, results, strict=True) if r]

	def test_every_module_imports(self):
		self.assertEqual(self.import_failures, [])

	def test_guest_methods_answer_bad_input_with_4xx(self):
		methods = guest_methods()
		# the registry is read, not a list kept here: these are only a sample of what must be found
		self.assertIn("performancewest_erpnext.pw_checkout.webhooks.stripe", methods)
		self.assertIn("frappe_crypto.shkeeper.paypage.coins", methods)
		self.assertIn("pw_compliance.pw_fcc.api.check", methods)
		rng = random.Random(SEED)
		probes = [
			p
			for path, (params, allowed) in sorted(methods.items())
			for p in method_probes(path, params, allowed, rng)
		]
		self.assertFalse(*report(probes, self.run_probes(probes)))

	def test_public_pages_answer_bad_input_with_4xx(self):
		routes = public_routes()
		self.assertIn("/checkout", routes)
		self.assertIn("/crypto-pay", routes)
		rng = random.Random(SEED)
		probes = [p for route, keys in sorted(routes.items()) for p in page_probes(route, keys, rng)]
		self.assertFalse(*report(probes, self.run_probes(probes)))


class TestGuestDoor(FrappeTestCase):
	"""The pieces the fuzz relies on, each shown on its own."""

	def test_tracebacks_are_hidden_from_error_responses(self):
		from frappe.utils.response import is_traceback_allowed

		from performancewest_erpnext.patches.v1_0 import hide_error_tracebacks

		frappe.db.set_single_value("System Settings", "allow_error_traceback", 1)
		frappe.local.system_settings = None
		self.assertTrue(is_traceback_allowed())
		hide_error_tracebacks.execute()  # what existing sites get; a new site gets it at install
		frappe.local.system_settings = None
		self.assertFalse(is_traceback_allowed())
		self.assertIn(
			"performancewest_erpnext.install.hide_tracebacks",
			frappe.get_hooks("after_install", app_name="performancewest_erpnext"),
		)

	def test_a_body_that_is_not_json_leaves_no_arguments_and_is_refused_on_the_api(self):
		import frappe.app
		from werkzeug.test import EnvironBuilder
		from werkzeug.wrappers import Request

		from performancewest_erpnext import request_guard

		for body in (b"{", b"[" * 5000, b"123", b'"text"'):
			request = Request(
				EnvironBuilder(
					path="/api/method/x", method="POST", data=body, content_type="application/json"
				).get_environ()
			)
			frappe.local.request, frappe.local.flags = request, frappe._dict()
			try:
				frappe.app.make_form_dict(request)
				self.assertEqual(frappe.local.form_dict, {})
				self.assertRaises(request_guard.BadRequestError, request_guard.refuse_unparsed_body)
				self.assertEqual(request_guard.BadRequestError.http_status_code, 400)
			finally:
				frappe.local.request = None
				frappe.local.form_dict = frappe._dict()

	def test_secrets_are_compared_as_bytes_of_the_expected_length(self):
		from frappe_crypto.shkeeper import gateway

		from performancewest_erpnext.pw_documents import storage
		from performancewest_erpnext.request_guard import same_secret

		self.assertTrue(same_secret("abc", "abc"))
		for given in ("abd", "ab", "abcd", "äbc", "\u00e9" * 3, None, ["abc"], 123, ""):
			self.assertFalse(same_secret("abc", given))
		good = gateway.link_signature("ACC-PRQ-X")
		self.assertTrue(gateway.check_link("ACC-PRQ-X", good))
		self.assertFalse(gateway.check_link("ACC-PRQ-X", "\u00e9" * len(good)))
		self.assertFalse(gateway.check_link(["ACC-PRQ-X"], good))
		name = frappe.db.get_value("Order Document", {"file_key": ("is", "set")})
		if name:
			self.assertRaises(
				frappe.PermissionError, storage.check_signed_link, name, "9999999999", "\u00e9" * 64
			)

	def test_a_checkout_key_that_is_not_ascii_is_refused(self):
		from performancewest_erpnext.pw_checkout import checkout

		order = frappe.db.get_value(
			"Service Order", {"checkout_key": ("is", "set")}, ["name", "checkout_key"]
		)
		self.assertTrue(order, "the demo data has orders")
		name, key = order
		frappe.set_user("Guest")
		try:
			self.assertEqual(checkout.order_for_checkout(name, key).name, name)
			self.assertRaises(frappe.PermissionError, checkout.order_for_checkout, name, "\u00e9" * len(key))
		finally:
			frappe.set_user("Administrator")

	def test_a_stripe_signature_that_is_not_ascii_is_refused(self):
		from unittest.mock import patch

		from performancewest_erpnext.pw_checkout import stripe_gateway

		with patch("frappe.get_cached_doc") as settings:
			settings.return_value.get_password.return_value = "whsec_test"
			self.assertRaises(ValueError, stripe_gateway.construct_event, b"{}", "t=1,v1=" + "\u00e9" * 64)

	def test_webhooks_are_rate_limited_before_anything_is_read(self):
		from werkzeug.test import EnvironBuilder
		from werkzeug.wrappers import Request

		from performancewest_erpnext.pw_checkout import webhooks

		frappe.local.request_ip = "198.51.100.22"
		frappe.form_dict.cmd = "performancewest_erpnext.pw_checkout.webhooks.stripe"
		frappe.cache.delete_keys("rl:")
		self.addCleanup(frappe.cache.delete_keys, "rl:")
		answers = []
		try:
			for _i in range(webhooks.RATE_LIMIT + 1):
				frappe.local.request = Request(EnvironBuilder(method="POST", data=b"{}").get_environ())
				frappe.local.response = frappe._dict()
				try:
					webhooks.stripe()
					answers.append(frappe.local.response.get("http_status_code"))
				except frappe.RateLimitExceededError:
					answers.append(429)
		finally:
			frappe.local.request = None
			frappe.form_dict.pop("cmd", None)
		self.assertEqual(answers, [400] * webhooks.RATE_LIMIT + [429])
