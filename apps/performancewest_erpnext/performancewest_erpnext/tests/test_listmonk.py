"""Listmonk: subscribers synced idempotently on sign-up and e-mail change, on the lists of their roles;
bounces and unsubscribes read back mark the subscriber, which is then never put on a list again. Against
a local fake of Listmonk's API (the documented requests and answers)."""

import base64
import re
from types import SimpleNamespace

import frappe
from frappe.tests.utils import FrappeTestCase

from performancewest_erpnext.pw_business import listmonk
from performancewest_erpnext.pw_orders.customers import new_customer
from performancewest_erpnext.tests.fake_http import FakeServer

RUN = frappe.generate_hash(length=6).lower()
CUSTOMERS, AGENTS = 11, 12


class FakeListmonk:
	"""Listmonk's subscriber and bounce endpoints over an in-memory table."""

	def __init__(self) -> None:
		self.subscribers: dict[int, dict] = {}
		self.bounces: list[dict] = []

	def __call__(self, method, path, query, body, headers):
		if headers.get("Authorization") != "Basic " + base64.b64encode(b"api:secret-token").decode():
			return 403, {"message": "invalid API credentials"}
		if method == "GET" and path == "/api/subscribers" and "query" in query:
			email = re.search(r"subscribers\.email = '([^']+)'", query["query"][0]).group(1)
			found = [s for s in self.subscribers.values() if s["email"] == email]
			return 200, {"data": {"results": found, "total": len(found)}}
		if method == "GET" and path == "/api/subscribers":
			list_id = int(query["list_id"][0])
			found = [s for s in self.subscribers.values() if s["unsubscribed"].get(list_id)]
			return 200, {"data": {"results": found, "total": len(found)}}
		if method == "POST" and path == "/api/subscribers":
			if any(s["email"] == body["email"] for s in self.subscribers.values()):
				return 409, {"message": "E-mail already exists."}
			new_id = len(self.subscribers) + 1
			self.subscribers[new_id] = {"id": new_id, **body, "unsubscribed": {}}
			return 200, {"data": {"id": new_id, **body}}
		if method == "PUT" and path.startswith("/api/subscribers/"):
			sub_id = int(path.rsplit("/", 1)[1])
			self.subscribers[sub_id].update(body)
			return 200, {"data": self.subscribers[sub_id]}
		if method == "POST" and path == "/api/tx":
			if not any(s["email"] == body["subscriber_email"] for s in self.subscribers.values()):
				return 400, {"message": "subscriber not found"}
			return 200, {"data": True}
		if method == "GET" and path == "/api/bounces":
			return 200, {"data": {"results": self.bounces, "total": len(self.bounces)}}
		return 404, {"message": "not found"}


class TestListmonk(FrappeTestCase):
	def setUp(self):
		self.fake = FakeListmonk()
		self.server = FakeServer(self.fake).__enter__()
		self.addCleanup(self.server.__exit__)
		settings = frappe.get_single("Listmonk Settings")
		settings.update(
			{"enabled": 1, "url": self.server.url, "api_user": "api", "api_token": "secret-token"}
		)
		settings.set(
			"lists", [{"role": "Customer", "list_id": CUSTOMERS}, {"role": "Agent", "list_id": AGENTS}]
		)
		settings.save()

	def test_sign_up_and_email_change_sync_one_subscriber(self):
		email = f"lm-{RUN}@example.com"
		frappe.get_doc(  # a customer's contact (as a sign-up makes it): its sync job runs at once in tests
			{
				"doctype": "Contact",
				"first_name": "Lena",
				"last_name": "List",
				"email_ids": [{"email_id": email, "is_primary": 1}],
				"links": [{"link_doctype": "Customer", "link_name": new_customer(f"Listmonk {RUN}")}],
			}
		).insert(ignore_permissions=True)
		listmonk.sync(email, "Lena List")  # again: the same subscriber, updated
		self.assertEqual(len(self.fake.subscribers), 1)
		sub = self.fake.subscribers[1]
		self.assertEqual((sub["email"], sub["lists"], sub["status"]), (email, [CUSTOMERS], "enabled"))
		self.assertEqual(frappe.db.get_value("Listmonk Subscriber", email, "listmonk_id"), 1)
		self.assertTrue(frappe.db.exists("Integration Request", {"integration_request_service": "Listmonk"}))
		# the contact's e-mail changes: the same Listmonk subscriber gets the new address
		new = f"lm-new-{RUN}@example.com"
		contact = frappe.get_doc("Contact", {"email_id": email})
		contact.email_ids[0].email_id = new
		contact.save(ignore_permissions=True)
		self.assertEqual([s["email"] for s in self.fake.subscribers.values()], [new])
		self.assertEqual(frappe.db.get_value("Listmonk Subscriber", new, "listmonk_id"), 1)

	def test_bounces_and_unsubscribes_are_written_back_and_never_resubscribed(self):
		bounced, leaving = f"lm-b-{RUN}@example.com", f"lm-u-{RUN}@example.com"
		for email in (bounced, leaving):
			listmonk.sync(email, "X")
		self.fake.bounces = [{"id": 7, "type": "hard", "source": "pop3", "email": bounced}]
		self.fake.subscribers[2]["unsubscribed"][CUSTOMERS] = True
		self.assertEqual(listmonk.pull_feedback(), {"bounced": 1, "unsubscribed": 1})
		self.assertEqual(listmonk.pull_feedback(), {"bounced": 0, "unsubscribed": 0})  # read once
		self.assertEqual(frappe.db.get_value("Listmonk Subscriber", bounced, "status"), "Bounced")
		self.assertEqual(frappe.db.get_value("Listmonk Subscriber", leaving, "status"), "Unsubscribed")
		calls = len(self.server.requests)
		self.assertEqual(listmonk.sync(bounced, "X"), "Bounced")  # never put on a list again
		self.assertEqual(len(self.server.requests), calls)

	def test_listmonk_down_is_a_clear_error(self):
		frappe.db.set_single_value("Listmonk Settings", "url", "http://127.0.0.1:9")
		with self.assertRaises(listmonk.ListmonkError):
			listmonk.sync(f"lm-down-{RUN}@example.com")

	def test_a_carriers_contact_goes_on_the_fcc_carriers_list(self):
		if not frappe.db.exists("DocType", "Carrier Profile"):
			self.skipTest("pw_compliance adds the FCC Carrier role")
		settings = frappe.get_single("Listmonk Settings")
		settings.append("lists", {"role": "FCC Carrier", "list_id": 13})
		settings.save()
		customer = new_customer(f"Carrier {RUN}")
		frappe.get_doc({"doctype": "Carrier Profile", "customer": customer, "frn": "0087654321"}).insert(
			ignore_permissions=True
		)
		email = f"lm-carrier-{RUN}@example.com"
		frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "Cara",
				"email_ids": [{"email_id": email, "is_primary": 1}],
				"links": [{"link_doctype": "Customer", "link_name": customer}],
			}
		).insert(ignore_permissions=True)
		self.assertEqual(listmonk.roles_of(email), ["Customer", "FCC Carrier"])
		self.assertEqual(self.fake.subscribers[1]["lists"], [CUSTOMERS, 13])

	def test_transactional_templates_go_to_subscribers_not_to_a_bounced_address(self):
		settings = frappe.get_single("Listmonk Settings")
		settings.append("triggers", {"event": "Order Placed", "template_id": 5})
		settings.save()
		email = f"lm-tx-{RUN}@example.com"
		order = SimpleNamespace(
			name="PWO-TX-1",
			contact_email=email,
			grand_total=219,
			items=[SimpleNamespace(service="rmd-filing")],
		)
		listmonk.on_order_placed(order)  # the job runs at once in tests
		sent = [r for r in self.server.requests if r["path"] == "/api/tx"]
		self.assertEqual(len(sent), 1)
		self.assertEqual(
			(
				sent[0]["body"]["subscriber_email"],
				sent[0]["body"]["template_id"],
				sent[0]["body"]["data"]["order"],
			),
			(email, 5, "PWO-TX-1"),
		)
		frappe.db.set_value("Listmonk Subscriber", email, "status", "Bounced")
		self.assertFalse(listmonk.send_tx("Order Placed", email, {"order": "PWO-TX-2"}))
		self.assertEqual(len([r for r in self.server.requests if r["path"] == "/api/tx"]), 1)
