"""The customer portal and its permission layer on a real site.

The cross-customer test logs two customers in over HTTP (Frappe's WSGI application driven by werkzeug's
test client, each request in its own thread with its own database connection, as Frappe's API tests do)
and walks every portal route and every DocType the portal exposes through REST and the whitelisted
methods: customer B gets none of customer A's records or values, and A gets its own.
"""

import io
import json
import random
import re
import threading
from contextlib import contextmanager
from unittest.mock import patch
from urllib.parse import quote, urlencode, urlsplit

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils.password import update_password
from werkzeug.test import Client

from performancewest_erpnext.pw_orders import orders
from performancewest_erpnext.pw_orders.customers import ensure_portal_customer
from performancewest_erpnext.pw_portal import api as portal_api
from performancewest_erpnext.pw_portal import dashboard, permissions
from performancewest_erpnext.pw_portal.pages import navigation

RUN = frappe.generate_hash(length=6).lower()
SERVICE = f"t-portal-{RUN}"
PASSWORD = f"Portal-Test-{RUN}-x9!"
APPS = ("performancewest_erpnext", "pw_compliance", "frappe_ca_registry", "frappe_crypto", "frappe_adyen")
CSRF = re.compile(r'frappe\.csrf_token = "([^"]+)"')
# the dashboard's queries with every app installed (one per card an app adds through `pw_portal_dashboard`),
# whatever the number of orders (README says so)
DASHBOARD_QUERIES = 18
# exposed DocTypes a portal user reads through `has_website_permission` only (no role permission)
WEBSITE_READ_ONLY = {"Sales Invoice", "Sales Order", "Issue"}


def make_service(slug: str, rate: float) -> None:
	if not frappe.db.exists("Catalog Service", slug):
		frappe.get_doc(
			{"doctype": "Catalog Service", "slug": slug, "service_name": f"Portal Test {RUN}", "rate": rate}
		).insert()


def pdf_bytes(text: str) -> bytes:
	from reportlab.pdfgen import canvas

	buffer = io.BytesIO()
	page = canvas.Canvas(buffer)
	page.drawString(72, 720, text)
	page.save()
	return buffer.getvalue()


def make_carrier_records(customer: str, frn: str) -> dict[str, str]:
	"""pw_compliance's records of a customer, when that app is installed (removed after the tests:
	the calendar's daily sweep works through every carrier's entries)."""
	if not frappe.db.exists("DocType", "Carrier Profile"):
		return {}
	frappe.get_doc(
		{
			"doctype": "Carrier Profile",
			"customer": customer,
			"frn": frn,
			"interconnected_voip": 1,  # calendared from the day it is made: entries exist whatever the date
		}
	).insert(ignore_permissions=True)
	return {
		"Carrier Profile": frappe.db.get_value("Carrier Profile", {"customer": customer}),
		"Compliance Entry": frappe.db.get_value("Compliance Entry", {"customer": customer}),
	}


def remove_carrier_records(customer: str) -> None:
	if frappe.db.exists("DocType", "Carrier Profile"):
		frappe.db.delete("Compliance Entry", {"customer": customer})
		frappe.db.delete("Carrier Profile", {"customer": customer})


def make_documents(order: object, signer: str) -> dict[str, str]:
	"""A ready binder and a letter waiting for the customer's signature (documents module)."""
	if not frappe.db.exists("DocType", "Order Document"):
		return {}
	from performancewest_erpnext.pw_documents import esign
	from performancewest_erpnext.pw_documents.convert import store_pdf

	names = {}
	for kind, title in (("Binder", f"Binder {order.customer}"), ("Letter", f"Letter {order.customer}")):
		doc = frappe.get_doc(
			{
				"doctype": "Order Document",
				"title": title,
				"customer": order.customer,
				"service_order": order.name,
				"kind": kind,
				"status": "Draft",
			}
		).insert(ignore_permissions=True)
		store_pdf(doc, pdf_bytes(title), converter="test")
		names[kind] = doc.name
	request = esign.request_signature(names["Letter"], "Ann Signer", signer, send=False)
	return {"Order Document": names["Binder"], "eSign Request": request.name, "letter": names["Letter"]}


class PortalSession:
	"""A user's HTTP session with the site: cookies kept, each request served in its own thread."""

	def __init__(self, user: str | None = None, password: str | None = None) -> None:
		from frappe.app import application

		self.client = Client(application, use_cookies=True)
		self.site = frappe.local.site
		self.csrf = None
		if user:
			response = self.post("/api/method/login", data={"usr": user, "pwd": password})
			assert response.status_code == 200, response.get_data(as_text=True)

	def open(self, method: str, path: str, **kwargs):
		headers = kwargs.pop("headers", {})
		if method != "GET" and self.csrf:
			headers["X-Frappe-CSRF-Token"] = self.csrf
		found = {}

		def run() -> None:
			with patch("frappe.app.get_site_name", return_value=self.site):
				found["response"] = self.client.open(path, method=method, headers=headers, **kwargs)

		thread = threading.Thread(target=run)
		thread.start()
		thread.join()
		response = found["response"]
		if token := CSRF.search(response.get_data().decode(errors="replace")):  # a PDF is bytes
			self.csrf = token.group(1)
		return response

	def get(self, path: str, params: dict | None = None):
		return self.open("GET", path + ("?" + urlencode(params) if params else ""))

	def post(self, path: str, data: dict | None = None):
		return self.open("POST", path, data=data or {})

	def method(self, dotted_path: str, http: str = "GET", /, **params):
		values = {k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in params.items()}
		if http == "GET":
			return self.get(f"/api/method/{dotted_path}", values)
		return self.post(f"/api/method/{dotted_path}", values)


@contextmanager
def count_queries():
	queries: list[str] = []
	original = frappe.db.__class__.sql

	def counted(db, *args, **kwargs):
		queries.append(str(args[0]))
		return original(db, *args, **kwargs)

	frappe.db.__class__.sql = counted
	try:
		yield queries
	finally:
		frappe.db.__class__.sql = original


class TestPortal(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_service(SERVICE, 120)
		cls.users = {}
		cls.customers = {}
		cls.records = {}
		for key in ("a", "b"):
			email = f"portal-{key}-{RUN}@example.com"
			customer = ensure_portal_customer(
				f"Portal {key.upper()} {RUN} Telecom", email, f"Pat {key.upper()}"
			)
			cls.addClassCleanup(cls.remove_committed, customer)
			update_password(email, PASSWORD)
			order = orders.place_order([{"service": SERVICE}], customer, "Card")
			identity = (
				frappe.get_doc(
					{"doctype": "Identity Verification", "customer": customer, "provider": "Manual"}
				)
				.insert(ignore_permissions=True)
				.name
			)
			records = {
				"Service Order": order.name,
				"Sales Invoice": order.sales_invoice,
				"Sales Order": order.sales_order,
				"Identity Verification": identity,
				"Issue": frappe.get_doc(
					{
						"doctype": "Issue",
						"subject": f"Ticket {key} {RUN}",
						"raised_by": email,
						"customer": customer,
					}
				)
				.insert(ignore_permissions=True)
				.name,
				**make_carrier_records(customer, f"{random.randrange(10**10):010d}"),
				**make_documents(order, email),
			}
			cls.users[key], cls.customers[key], cls.records[key] = email, customer, records
		cls.staff = f"portal-staff-{RUN}@example.com"
		cls.compliance_staff = f"portal-compliance-{RUN}@example.com"
		for email, role in ((cls.staff, "Fulfilment Staff"), (cls.compliance_staff, "Compliance Staff")):
			if frappe.db.exists("Role", role):
				frappe.get_doc(
					{"doctype": "User", "email": email, "first_name": role, "send_welcome_email": 0}
				).insert(ignore_permissions=True).add_roles(role)
		frappe.db.commit()  # nosemgrep: the HTTP requests run on their own connections
		cls.sign_link = None
		if "eSign Request" in cls.records["a"]:
			from performancewest_erpnext.pw_documents import esign

			cls.sign_link = esign.link_for(cls.records["a"]["eSign Request"])  # commits

	@staticmethod
	def remove_committed(customer: str) -> None:
		frappe.set_user("Administrator")
		remove_carrier_records(customer)
		frappe.db.commit()  # nosemgrep: undo what setUpClass committed for the HTTP requests

	def setUp(self):
		frappe.set_user("Administrator")
		frappe.local.request_cache.clear()

	def exposed(self) -> dict[str, str]:
		return {dt: f for dt, f in permissions.portal_doctypes().items() if frappe.db.exists("DocType", dt)}

	def secrets(self, key: str = "a", but: str | None = None) -> list[str]:
		"""What must never reach the other customer: names and values of this customer's records
		(except the one a request names itself)."""
		values = [self.customers[key], self.users[key]]
		values += [name for name in self.records[key].values() if name and name != but]
		if frn := frappe.db.get_value("Carrier Profile", {"customer": self.customers[key]}, "frn"):
			values.append(frn)
		return [value for value in values if value != but]

	def assertNothingOf(self, response, what: str, key: str = "a", but: str | None = None):
		body = response.get_data().decode(errors="replace")
		self.assertLess(response.status_code, 500, f"{what}: {response.status_code} {body[:500]}")
		for secret in self.secrets(key, but):
			if (at := body.find(secret)) >= 0:
				self.fail(
					f"{what} ({response.status_code}) shows {secret}: …{body[max(at - 200, 0) : at + 100]}…"
				)

	# ---------- the permission layer, in process ----------

	def test_every_exposed_doctype_has_records_in_this_test(self):
		"""The cross-customer test covers each DocType an app declares in `pw_portal_doctypes`."""
		missing = set(self.exposed()) - set(self.records["a"])
		self.assertFalse(missing, f"make a record of customer A for {missing} in setUpClass")

	def test_a_customer_reads_only_its_own_records(self):
		for doctype, field in self.exposed().items():
			theirs = self.records["b"][doctype]
			mine = self.records["a"][doctype]
			frappe.set_user(self.users["a"])
			frappe.local.request_cache.clear()
			try:
				doc_theirs = frappe.get_doc(doctype, theirs)
				self.assertFalse(frappe.has_permission(doctype, "read", doc_theirs), doctype)
				self.assertFalse(frappe.has_permission(doctype, "write", frappe.get_doc(doctype, mine)))
				# what A may see of its own, for every exposed DocType: through the website permission
				# always, and through role permissions where the portal role has them (a known set)
				self.assertTrue(permissions.has_website_permission(frappe.get_doc(doctype, mine)), doctype)
				desk_read = frappe.has_permission(doctype, "read")
				self.assertEqual(desk_read, doctype not in WEBSITE_READ_ONLY, doctype)
				if desk_read:
					self.assertTrue(
						frappe.has_permission(doctype, "read", frappe.get_doc(doctype, mine)), doctype
					)
					seen = frappe.get_list(doctype, fields=["name", field], limit_page_length=0)
					self.assertIn(mine, {r.name for r in seen}, doctype)
					self.assertEqual({r[field] for r in seen}, {self.customers["a"]}, doctype)
				self.assertFalse(permissions.has_website_permission(doc_theirs, "read"))
			finally:
				frappe.set_user("Administrator")

	def test_child_rows_of_another_customers_order_are_not_listed(self):
		frappe.set_user(self.users["a"])
		try:
			rows = frappe.get_list(
				"Service Order Step",
				parent_doctype="Service Order",
				fields=["parent"],
				limit_page_length=0,
			)
		finally:
			frappe.set_user("Administrator")
		self.assertIn(self.records["a"]["Service Order"], {r.parent for r in rows})
		self.assertNotIn(self.records["b"]["Service Order"], {r.parent for r in rows})
		all_parents = {r.parent for r in frappe.get_all("Service Order Step", fields=["parent"])}
		self.assertGreater(len(all_parents), 1)

	def test_staff_see_what_their_role_allows(self):
		frappe.set_user(self.staff)
		try:
			seen = set(frappe.get_list("Service Order", pluck="name", limit_page_length=0))
			self.assertTrue({self.records["a"]["Service Order"], self.records["b"]["Service Order"]} <= seen)
			self.assertTrue(
				frappe.has_permission("Service Order", "write", self.records["a"]["Service Order"])
			)
			self.assertIsNone(permissions.query_conditions(self.staff, "Service Order"))
			# Frappe's count methods, replaced by ones that count what the user may read
			mine = json.dumps({"customer": self.customers["a"]})
			self.assertEqual(
				portal_api.get_count("Service Order", mine),
				frappe.db.count("Service Order", {"customer": self.customers["a"]}),
			)
			self.assertEqual(
				portal_api.get_count("Service Order"), frappe.db.count("Service Order", cache=False)
			)
			self.assertTrue(portal_api.get_group_by_count("Service Order", mine, "status"))
		finally:
			frappe.set_user("Administrator")
		frappe.set_user(self.users["b"])
		try:
			self.assertEqual(portal_api.get_count("Service Order", {"customer": self.customers["a"]}), 0)
			self.assertEqual(
				portal_api.get_count("Service Order"),
				frappe.db.count("Service Order", {"customer": self.customers["b"]}),
			)
			self.assertEqual(portal_api.get_group_by_count("Service Order", "{}", "assigned_to"), [])
		finally:
			frappe.set_user("Administrator")
		if not frappe.db.exists("User", self.compliance_staff):
			self.skipTest("pw_compliance is not installed: no Compliance Staff role")
		frappe.set_user(self.compliance_staff)
		try:
			self.assertRaises(frappe.PermissionError, frappe.get_list, "Service Order")
			if "Carrier Profile" in self.records["a"]:
				profiles = set(frappe.get_list("Carrier Profile", pluck="name", limit_page_length=0))
				self.assertTrue(
					{self.records["a"]["Carrier Profile"], self.records["b"]["Carrier Profile"]} <= profiles
				)
		finally:
			frappe.set_user("Administrator")

	def test_a_guest_is_sent_to_log_in_and_back(self):
		from performancewest_erpnext.www.portal import index

		frappe.set_user("Guest")
		try:
			with self.assertRaises(permissions.LoginRequired) as caught:
				index.get_context(frappe._dict())
		finally:
			frappe.set_user("Administrator")
		self.assertIsInstance(caught.exception, frappe.PermissionError)
		self.assertEqual(caught.exception.http_status_code, 302)
		self.assertTrue(frappe.flags.redirect_location.startswith("/login?redirect-to="))

	def test_the_portal_is_a_carrier_customers_home(self):
		from frappe.apps import get_apps
		from frappe.website.utils import get_home_page

		frappe.set_user(self.users["a"])
		try:
			frappe.cache.hdel("home_page", self.users["a"])
			self.assertEqual(get_home_page(), "portal")
			# no desk app of ours for a portal user (so logging in does not land on /app)
			self.assertFalse({"performancewest_erpnext", "pw_compliance"} & {a["name"] for a in get_apps()})
		finally:
			frappe.set_user("Administrator")
		self.assertIn("performancewest_erpnext", {a["name"] for a in get_apps()})

	# ---------- what the pages show ----------

	def test_dashboard_and_order_in_words(self):
		data = dashboard.dashboard(self.customers["a"], self.users["a"])
		order = data["orders"][0]
		self.assertEqual(order["name"], self.records["a"]["Service Order"])
		self.assertEqual(order["words"], "Waiting for your payment")
		self.assertEqual((order["done_steps"], order["total_steps"]), (0, 2))
		self.assertEqual(order["tracks"][0]["steps"][0]["words"], "Starts once the invoice is paid")
		self.assertEqual([i["name"] for i in data["unpaid"]], [self.records["a"]["Sales Invoice"]])
		self.assertEqual(data["unpaid"][0]["pay"], f"/checkout?invoice={self.records['a']['Sales Invoice']}")
		self.assertFalse(data["identity"]["verified"])
		self.assertEqual(data["identity"]["route"], "/verify_identity")
		if "Order Document" in self.records["a"]:
			self.assertEqual(
				{d["name"] for d in data["documents"]},
				{self.records["a"]["Order Document"], self.records["a"]["letter"]},
			)
			self.assertEqual([s["name"] for s in data["signatures"]], [self.records["a"]["eSign Request"]])
			# the signature is asked of its signer only
			self.assertEqual(dashboard.signatures(self.customers["a"], self.users["b"]), [])
		if "Compliance Entry" in self.records["a"]:
			self.assertIn("Next deadlines", [c["title"] for c in data["cards"]])
		nav = [entry["route"] for entry in navigation()]
		self.assertEqual(nav[:4], ["/portal", "/portal/orders", "/portal/documents", "/portal/invoices"])

	def test_pages_read_a_bounded_number_of_queries(self):
		customer, user = self.customers["a"], self.users["a"]
		frappe.set_user(user)
		try:
			dashboard.dashboard(customer, user)  # warm the caches
			with count_queries() as one_order:
				dashboard.dashboard(customer, user)
			frappe.set_user("Administrator")
			for _i in range(2):
				orders.place_order([{"service": SERVICE}], customer, "Card")
			frappe.set_user(user)
			dashboard.dashboard(customer, user)  # placing orders cleared caches: warm them again
			with count_queries() as three_orders:
				found = dashboard.dashboard(customer, user)
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(found["order_count"], 3)
		self.assertEqual(len(three_orders), len(one_order), "\n".join(three_orders))
		self.assertEqual(len(three_orders), DASHBOARD_QUERIES, "\n".join(three_orders))

	# ---------- over HTTP ----------

	def test_customer_b_gets_nothing_of_customer_a_over_http(self):
		a_session = PortalSession(self.users["a"], PASSWORD)
		b_session = PortalSession(self.users["b"], PASSWORD)
		guest = PortalSession()
		a_records = self.records["a"]
		order, invoice = a_records["Service Order"], a_records["Sales Invoice"]

		# every portal route: the shell, the pages other apps plug in, ERPNext's portal menu, our pages
		routes = {entry["route"] for entry in navigation()}
		routes |= {
			item.get("route") for item in frappe.get_hooks("standard_portal_menu_items") if item.get("route")
		}
		routes |= set(frappe.get_all("Portal Menu Item", {"enabled": 1}, pluck="route"))
		routes |= {
			"/me",
			"/compliance_calendar",
			"/verify_identity",
			f"/portal/orders/{order}",
			f"/portal/order?name={quote(order)}",
			f"/checkout?invoice={quote(invoice)}",
			f"/checkout?order={quote(order)}",
			f"/invoices/{quote(invoice)}",
			f"/orders/{quote(a_records['Sales Order'])}",
		}
		for doctype, name in a_records.items():
			if doctype in self.exposed():
				routes.add(f"/printview?doctype={quote(doctype)}&name={quote(name)}")
				routes.add("/" + quote(doctype))  # Frappe's generic web list of a DocType
		for route in sorted(r for r in routes if r):
			response = b_session.get(route)
			self.assertNothingOf(response, f"B on {route}", but=self._named(route))
			if route.startswith(("/portal", "/printview", "/checkout")):
				self.assertNothingOf(guest.get(route), f"a guest on {route}", but=self._named(route))
		if (
			self.sign_link
		):  # A's signing link opened by B, logged in: refused (to a guest it is a bearer link)
			link = urlsplit(self.sign_link)
			response = b_session.get(f"{link.path}?{link.query}")
			self.assertEqual(response.status_code, 403)
			self.assertNothingOf(response, "B on A's signing link")
		self.assertIn(guest.get("/portal").status_code, (301, 302))
		self.assertIn("/login?redirect-to=", guest.get("/portal").headers["Location"])
		self.assertEqual(b_session.get(f"/portal/orders/{order}").status_code, 404)

		# every exposed DocType through REST and Frappe's whitelisted read methods
		for doctype, field in self.exposed().items():
			name = a_records[doctype]
			calls = [
				("REST list", b_session.get(f"/api/resource/{quote(doctype)}", {"fields": '["*"]', "limit_page_length": 0})),
				("REST v2 list", b_session.get(f"/api/v2/document/{quote(doctype)}", {"fields": '["*"]'})),
				("REST v2 count", b_session.get(f"/api/v2/doctype/{quote(doctype)}/count", {"filters": json.dumps({field: self.customers["a"]})})),
				("get_list", b_session.method("frappe.client.get_list", doctype=doctype, fields=["*"], filters={field: self.customers["a"]})),
				("get_count", b_session.method("frappe.client.get_count", doctype=doctype, filters={field: self.customers["a"]})),
				("reportview.get", b_session.method("frappe.desk.reportview.get", doctype=doctype, fields=["name", field])),
				("reportview.get_count", b_session.method("frappe.desk.reportview.get_count", doctype=doctype, filters={field: self.customers["a"]})),
				("group_by_count", b_session.method("frappe.desk.listview.get_group_by_count", doctype=doctype, current_filters={field: self.customers["a"]}, field="assigned_to")),
				("search_link", b_session.method("frappe.desk.search.search_link", doctype=doctype, txt="")),
				("web list", b_session.method("frappe.www.list.get_list_data", doctype=doctype)),
			]  # fmt: skip
			for what, response in calls:
				self.assertNothingOf(response, f"B: {what} of {doctype}")
				if response.status_code == 200 and what.endswith("count"):
					self.assertIn(response.json.get("message", response.json.get("data")), (0, []), what)
			by_name = [
				("REST get", b_session.get(f"/api/resource/{quote(doctype)}/{quote(name)}")),
				("REST v2 get", b_session.get(f"/api/v2/document/{quote(doctype)}/{quote(name)}")),
				("client.get", b_session.method("frappe.client.get", doctype=doctype, name=name)),
				("get_value", b_session.method("frappe.client.get_value", doctype=doctype, fieldname=field, filters={"name": name})),
				("validate_link", b_session.method("frappe.client.validate_link", doctype=doctype, docname=name, fields=[field])),
				("getdoc", b_session.method("frappe.desk.form.load.getdoc", doctype=doctype, name=name)),
				("docinfo", b_session.method("frappe.desk.form.load.get_docinfo", doctype=doctype, name=name)),
				("pdf", b_session.method("frappe.utils.print_format.download_pdf", doctype=doctype, name=name)),
			]  # fmt: skip
			for what, response in by_name:
				self.assertNothingOf(response, f"B: {what} {doctype} {name}", but=name)
				if what in ("REST get", "client.get", "getdoc", "pdf"):
					self.assertIn(response.status_code, (403, 404), f"B: {what} {doctype}")

			# A reads its own through the same doors
			mine = a_session.get(f"/api/resource/{quote(doctype)}/{quote(name)}")
			if self._customers_read(doctype):
				self.assertEqual(mine.status_code, 200, f"A: REST get {doctype}")
				self.assertEqual(mine.json["data"][field], self.customers["a"])
				listed = a_session.get(f"/api/resource/{quote(doctype)}", {"limit_page_length": 0})
				self.assertIn(name, {r["name"] for r in listed.json["data"]})
				if doctype == "Service Order":  # staff-only step fields (errors, task links) stay hidden
					steps = mine.json["data"]["steps"]
					self.assertTrue(steps)
					for internal in ("last_error", "todo", "idempotency_key"):
						self.assertFalse(any(internal in step for step in steps), internal)

		# child rows through REST: only the customer's own orders' steps
		steps = b_session.get(
			"/api/resource/Service Order Step",
			{"parent": "Service Order", "fields": '["parent", "title"]', "limit_page_length": 0},
		)
		self.assertNothingOf(steps, "B: REST list of Service Order Step")
		self.assertIn(self.records["b"]["Service Order"], {r["parent"] for r in steps.json["data"]})
		# ... and a row of A's read on its own by its name (Frappe checks only the parent DocType there)
		step = frappe.db.get_value("Service Order Step", {"parent": a_records["Service Order"]}, "name")
		for what, response in (
			("REST v1", b_session.get(f"/api/resource/Service Order Step/{step}")),
			("REST v2", b_session.get(f"/api/v2/document/Service Order Step/{step}")),
			("client.get", b_session.method("frappe.client.get", doctype="Service Order Step", name=step)),
			(
				"getdoc",
				b_session.method("frappe.desk.form.load.getdoc", doctype="Service Order Step", name=step),
			),
		):
			self.assertEqual(response.status_code, 403, f"B: {what} of A's Service Order Step")
			self.assertNothingOf(response, f"B: {what} of A's Service Order Step")

		# our apps' whitelisted methods that take a name: (what, the name it asks for, response)
		identity = a_records["Identity Verification"]
		posts = [
			("checkout start", order, b_session.method("performancewest_erpnext.pw_checkout.api.start", "POST", method="Card", order=order)),
			("checkout start", invoice, b_session.method("performancewest_erpnext.pw_checkout.api.start", "POST", method="Card", invoice=invoice)),
			("client selection", order, b_session.method("performancewest_erpnext.pw_orders.api.submit_client_selection", "POST", order=order, data={"x": 1})),
			("approve", order, b_session.method("performancewest_erpnext.pw_orders.api.approve", "POST", order=order)),
			("cancel", order, b_session.method("performancewest_erpnext.pw_orders.api.cancel", "POST", order=order, reason="x")),
			("retry", order, b_session.method("performancewest_erpnext.pw_orders.api.retry", "POST", order=order)),
			("resume", order, b_session.method("performancewest_erpnext.pw_orders.api.resume", "POST", order=order)),
			("verify identity", identity, b_session.post(f"/api/resource/Identity Verification/{quote(identity)}", {"run_method": "verify"})),
		]  # fmt: skip
		if "Order Document" in a_records:
			document, request = a_records["Order Document"], a_records["eSign Request"]
			token = urlsplit(self.sign_link).query.split("token=")[1]
			posts += [
				("download", document, b_session.method("performancewest_erpnext.pw_documents.api.download", name=document)),
				("sign from the portal", request, b_session.method("performancewest_erpnext.pw_portal.api.sign", "POST", request=request)),
				("resend", request, b_session.post(f"/api/resource/eSign Request/{quote(request)}", {"run_method": "resend"})),
				("esign pdf", None, b_session.method("performancewest_erpnext.pw_documents.api.esign_pdf", token=token)),
			]  # fmt: skip
		for what, name, response in posts:
			self.assertNothingOf(response, f"B: {what} {name}", but=name)
			self.assertIn(
				response.status_code, (403, 404, 417), f"B: {what} {response.get_data(as_text=True)[:300]}"
			)
		self.assertEqual(frappe.db.get_value("Service Order", order, "status"), "Awaiting Payment")

		# ... while A gets its own
		page = a_session.get(f"/portal/orders/{order}")
		self.assertEqual(page.status_code, 200)
		self.assertIn(order, page.get_data(as_text=True))
		self.assertIn(invoice, a_session.get("/portal/invoices").get_data(as_text=True))
		if "Order Document" in a_records:
			download = a_session.method(
				"performancewest_erpnext.pw_documents.api.download", name=a_records["Order Document"]
			)
			self.assertEqual(download.status_code, 302)
			signing = a_session.method(
				"performancewest_erpnext.pw_portal.api.sign", "POST", request=a_records["eSign Request"]
			)
			self.assertEqual(signing.status_code, 302)
			self.assertIn("/esign?token=", signing.headers["Location"])

	def test_child_rows_are_refused_through_print_view_and_pdf(self):
		"""A row of a child table read alone by its name, through the print view and the PDF doors:
		refused for portal users (Frappe checks only the parent DocType there), A's own rows included;
		the documents themselves still print for their customer."""
		a_session = PortalSession(self.users["a"], PASSWORD)
		b_session = PortalSession(self.users["b"], PASSWORD)
		order = self.records["a"]["Service Order"]
		step = frappe.db.get_value("Service Order Step", {"parent": order}, "name")
		doctype = "Service Order Step"
		for who, session in (("B", b_session), ("A", a_session)):
			doors = [
				("printview", session.get("/printview", {"doctype": doctype, "name": step})),
				("printview pdf", session.get("/printview", {"doctype": doctype, "name": step, "format": "Standard", "pdf": 1})),
				("download_pdf", session.method("frappe.utils.print_format.download_pdf", doctype=doctype, name=step)),
				("download_pdf POST", session.method("frappe.utils.print_format.download_pdf", "POST", doctype=doctype, name=step)),
				("get_html_and_style", session.method("frappe.www.printview.get_html_and_style", "POST", doc=doctype, name=step)),
				("raw commands", session.method("frappe.www.printview.get_rendered_raw_commands", "POST", doc=doctype, name=step)),
				("multi pdf", session.method("frappe.utils.print_format.download_multi_pdf", "POST", doctype={doctype: [step]}, name="x")),
				("multi pdf list", session.method("frappe.utils.print_format.download_multi_pdf", "POST", doctype=doctype, name=[step])),
				("docinfo", session.method("frappe.desk.form.load.get_docinfo", doctype=doctype, name=step)),
			]  # fmt: skip
			for what, response in doors:
				self.assertEqual(response.status_code, 403, f"{who}: {what} of A's {doctype} row")
				if who == "B":
					self.assertNothingOf(response, f"B: {what} of A's {doctype} row")
		# the order itself still prints for A (through has_website_permission), not for B
		own = a_session.get("/printview", {"doctype": "Service Order", "name": order})
		self.assertEqual(own.status_code, 200)
		self.assertIn(order, own.get_data(as_text=True))
		theirs = b_session.get("/printview", {"doctype": "Service Order", "name": order})
		self.assertIn(theirs.status_code, (403, 404))
		self.assertNothingOf(theirs, "B: print view of A's order", but=order)

	def test_state_changing_methods_accept_post_only(self):
		"""Every whitelisted method of our apps accepts POST only, but the reads listed here; a GET of
		a state-changing method is refused (403) before it runs."""
		import importlib
		import pkgutil

		reads = {
			"frappe_adyen.adyen.paypage.status",
			"frappe_crypto.shkeeper.paypage.coins",
			"frappe_crypto.shkeeper.paypage.status",
			"performancewest_erpnext.performance_west.doctype.performance_west_settings."
			"performance_west_settings.payment_setup",
			"performancewest_erpnext.pw_documents.api.download",
			"performancewest_erpnext.pw_documents.api.esign_pdf",
			"performancewest_erpnext.pw_documents.api.fetch",
			"performancewest_erpnext.pw_orders.api.quote",
			"performancewest_erpnext.pw_portal.api.get_count",
			"performancewest_erpnext.pw_portal.api.get_group_by_count",
			"pw_compliance.pw_fcc.onboarding.preview",
			"pw_compliance.cdr.api.status",  # a study's progress, polled by its page
			"frappe_ca_registry.crtc.api.numbers",  # numbers on offer in a rate centre
			"frappe_ca_registry.crtc.api.domain",  # a .ca name's availability and price
		}
		apps = [a for a in APPS if a in frappe.get_installed_apps()]
		for app in apps:
			package = importlib.import_module(app)
			for module in pkgutil.walk_packages(package.__path__, app + "."):
				if not any(part in module.name for part in (".tests", ".patches", ".demo")):
					importlib.import_module(module.name)
		found = {
			f"{fn.__module__}.{fn.__qualname__}": frappe.allowed_http_methods_for_whitelisted_func.get(fn)
			for fn in frappe.whitelisted
			if getattr(fn, "__module__", "").split(".")[0] in apps
		}
		self.assertIn("performancewest_erpnext.pw_portal.api.sign", found)
		loose = {
			name: methods for name, methods in found.items() if name not in reads and methods != ["POST"]
		}
		self.assertFalse(loose, "whitelisted methods that change state must be POST only")

		b_session = PortalSession(self.users["b"], PASSWORD)
		a_session = PortalSession(self.users["a"], PASSWORD)
		for session in (a_session, b_session):
			for path, params in (
				("performancewest_erpnext.pw_portal.api.sign", {"request": self.records["a"].get("eSign Request", "x")}),
				("performancewest_erpnext.pw_orders.api.cancel", {"order": self.records["a"]["Service Order"], "reason": "x"}),
				("performancewest_erpnext.pw_orders.invitations.invite_colleague", {"email": f"get-{RUN}@example.com"}),
			):  # fmt: skip
				response = session.method(path, "GET", **params)
				self.assertEqual(
					response.status_code, 403, f"GET {path}: {response.get_data(as_text=True)[:300]}"
				)
		self.assertEqual(
			frappe.db.get_value("Service Order", self.records["a"]["Service Order"], "status"),
			"Awaiting Payment",
		)
		self.assertFalse(frappe.db.exists("Portal Invitation", {"email": f"get-{RUN}@example.com"}))
		if "eSign Request" not in self.records["a"]:
			return
		# the portal's "Sign now" is a form posting the request and the session's CSRF token
		html = a_session.get("/portal/documents").get_data(as_text=True)
		form = re.search(
			r'<form class="d-inline pw-sign-form" method="post" action="([^"]+)">\s*'
			r'<input type="hidden" name="request" value="([^"]+)">\s*'
			r'<input type="hidden" name="csrf_token" value="([^"]+)">',
			html,
		)
		self.assertTrue(form, "no sign form on /portal/documents")
		action, request, token = form.groups()
		self.assertEqual(
			(action, request),
			("/api/method/performancewest_erpnext.pw_portal.api.sign", self.records["a"]["eSign Request"]),
		)
		a_session.csrf = None  # only the form's fields, as a browser submits them
		response = a_session.open("POST", action, data={"request": request, "csrf_token": token})
		self.assertEqual(response.status_code, 302, response.get_data(as_text=True)[:300])
		self.assertIn("/esign?token=", response.headers["Location"])

	def _named(self, route: str) -> str | None:
		"""The record of A a route asks for by name (its name may be echoed back)."""
		return next((name for name in self.records["a"].values() if name and quote(name) in route), None)

	def _customers_read(self, doctype: str) -> bool:
		return any(p.role == "Carrier Customer" and p.read for p in frappe.get_meta(doctype).permissions)
