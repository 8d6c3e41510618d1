"""No page of our apps echoes a script: every public and portal route (found from the apps' www/ folders
and their `website_route_rules`, so a new page is covered without touching this test) is requested over
HTTP from the served site, as a guest and as a logged-in portal customer, with a script payload in each
query parameter its page reads (and in generic ones), and in the route's path parameters; the payload must
never come back raw. The customer's name holds the payload too (a value from the database), as it would
after a guest signed up with it."""

import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import frappe
import requests
from frappe.tests.utils import FrappeTestCase
from frappe.utils.password import update_password
from pw_test_support import routes as site_routes
from pw_test_support.served import ServedSite

from performancewest_erpnext.pw_orders import orders
from performancewest_erpnext.pw_orders.customers import ensure_portal_customer

APPS = ("performancewest_erpnext", "pw_compliance", "frappe_ca_registry", "frappe_crypto", "frappe_adyen")
RUN = frappe.generate_hash(length=6).lower()
PASSWORD = f"Xss-Test-{RUN}-x9!"
SERVICE = f"t-xss-{RUN}"
# an attribute break-out, a tag, a script, and an entity-encoded script (which Frappe's `striptags`,
# used for the page <title>, turns back into a live tag)
PAYLOAD = "\"'><img src=x onerror=pwxss(1)><script>pwxss(2)</script>&lt;script&gt;pwxss(3)&lt;/script&gt;"
RAW = ("\"'><", "<img src=x onerror=pwxss(1)>", "<script>pwxss(2)", "<script>pwxss(3)")
# parameters any page might read besides those its controller names
GENERIC = ("name", "key", "order", "invoice", "token", "frn", "q", "cancelled", "redirect-to")


def installed_apps() -> list[str]:
	return [app for app in APPS if app in frappe.get_installed_apps()]


def page_routes() -> dict[str, set[str]]:
	return site_routes.page_routes(APPS)


def path_variants(route: str, real: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
	"""(path, the path parameters' values): the payload in each path parameter, and real values."""
	names = re.findall(r"{(\w+)}", route)
	if not names:
		return [(route, {})]
	variants = []
	for payload_in in [*names, None]:
		values = {n: PAYLOAD if n == payload_in else real.get(n, "x") for n in names}
		variants.append((re.sub(r"{(\w+)}", lambda m: quote(values[m.group(1)], safe=""), route), values))
	return variants


class TestNoReflectedScript(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if not frappe.db.exists("Catalog Service", SERVICE):
			frappe.get_doc(
				{"doctype": "Catalog Service", "slug": SERVICE, "service_name": f"XSS {RUN}", "rate": 75}
			).insert()
		cls.email = f"xss-{RUN}@example.com"
		customer = ensure_portal_customer(f"XSS Carrier {RUN}", cls.email, "Xena Xss")
		update_password(cls.email, PASSWORD)
		order = orders.place_order([{"service": SERVICE}], customer, "Card")
		# a value that reached the database unsanitised (set_value skips Frappe's HTML filter)
		frappe.db.set_value("Customer", customer, "customer_name", f"XSS Carrier {PAYLOAD}")
		cls.addClassCleanup(cls.restore_name, customer)
		key = parse_qs(urlsplit(orders_checkout_url(order)).query).get("key", [""])[0]
		cls.real = {
			"name": order.name,
			"order": order.name,
			"invoice": order.sales_invoice,
			"key": key,
			"frn": "0027184460",
			"services": SERVICE,
		}
		frappe.db.commit()  # nosemgrep: the served site reads committed data only
		cls.served = ServedSite(workers=0)
		cls.served.start()
		cls.addClassCleanup(cls.served.stop)

	@staticmethod
	def restore_name(customer: str) -> None:
		frappe.db.set_value("Customer", customer, "customer_name", f"XSS Carrier {RUN}")
		frappe.db.commit()  # nosemgrep: undo the committed payload

	def sessions(self) -> dict[str, requests.Session]:
		guest = requests.Session()
		customer = requests.Session()
		login = customer.post(
			f"{self.served.url}/api/method/login", data={"usr": self.email, "pwd": PASSWORD}, timeout=60
		)
		self.assertEqual(login.status_code, 200, login.text[:300])
		return {"guest": guest, "customer": customer}

	def test_routes_are_found(self):
		routes = page_routes()
		for expected in (
			"/checkout/success",
			"/tools/fcc-compliance-check",
			"/portal",
			"/portal/orders/{name}",
		):
			if expected.startswith("/tools") and "pw_compliance" not in installed_apps():
				continue
			self.assertIn(expected, routes)
		self.assertIn("order", routes["/checkout/success"])

	def test_no_route_echoes_a_script(self):
		calls: list[tuple[str, str]] = []  # (who, path and query)
		for who in ("guest", "customer"):
			for route, keys in sorted(page_routes().items()):
				for path, _values in path_variants(route, self.real):
					# the payload in every parameter at once, then in each of the page's own parameters with
					# real values in the others (so the page gets past its first check)
					queries = [{k: PAYLOAD for k in sorted(set(keys) | set(GENERIC))}]
					for param in sorted(keys):
						query = {k: self.real[k] for k in keys if k in self.real and k != param}
						queries.append({**query, param: PAYLOAD})
					calls += [(who, f"{path}?{urlencode(query)}") for query in queries]
		sessions = self.sessions()

		def fetch(call: tuple[str, str]) -> str | None:
			who, target = call
			response = sessions[who].get(self.served.url + target, allow_redirects=False, timeout=120)
			body = response.text
			for raw in RAW:
				if (at := body.find(raw)) >= 0:
					return f"{who} GET {target[:160]} ({response.status_code}): …{body[max(at - 120, 0) : at + 60]}…"
			return None

		with ThreadPoolExecutor(max_workers=3) as pool:
			failures = [f for f in pool.map(fetch, calls) if f]
		self.assertGreater(len(calls), 40)
		self.assertFalse(
			failures, f"{len(failures)} responses echo the payload raw:\n" + "\n".join(failures[:30])
		)


def orders_checkout_url(order) -> str:
	from performancewest_erpnext.pw_checkout.checkout import checkout_url

	return checkout_url(order)
