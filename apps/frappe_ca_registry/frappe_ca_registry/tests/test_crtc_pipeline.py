"""A CRTC carrier registration from placement to Delivered on a site, every outside system answered by
local fakes (tests/fakes.py): the intake, a taken domain and a sold-out location refused at selection, a
BC name request rejected once, a worker dying right after the number was bought (bought once), staff
tasks that cannot close without their evidence, the letter signed through eSign, the binder, and the 17
Canadian calendar entries; the live switch off stops at a staff task saying what would be bought; the
client mailboxes read once per Message-ID."""

from unittest import mock
from urllib.parse import parse_qs, urlparse

import frappe
from frappe.tests.utils import FrappeTestCase
from performancewest_erpnext.pw_documents import esign
from performancewest_erpnext.pw_orders import engine, orders
from performancewest_erpnext.pw_orders.customers import ensure_portal_customer, new_customer
from performancewest_erpnext.pw_orders.demo import pay, verify
from performancewest_erpnext.pw_portal import dashboard
from pw_compliance.fulfilment import filings as intake_form
from pw_compliance.tests.test_fcc_filings import a_pdf, on_day
from pw_test_support.books import fiscal_year

from frappe_ca_registry.crtc import api, calendar_rules, handler, mail, provisioning, selection
from frappe_ca_registry.crtc.registration import EvidenceMissing
from frappe_ca_registry.integrations import flowroute, imap_mail
from frappe_ca_registry.tests import fakes
from frappe_ca_registry.www import crtc_selection

RUN = frappe.generate_hash(length=6).lower()
TODAY = "2027-01-05 10:00:00"
ANSWERS = {
	"proposed_names": "Rejected Name Ltd.\nMaple Carrier Ltd.",
	"directors": "Dana Director, 1 Main St, Vancouver BC",
	"officers": "Dana Director, President",
	"shareholders": "Dana Director, 100 common shares",
	"office": "Our Vancouver mailbox address",
	"services": "Resale of long distance and VoIP",
	"officer_name": "Dana Director",
	"officer_title": "President",
	"officer_email": f"dana-{RUN}@example.com",
	"contact_name": "Dana Director",
	"contact_email": f"dana-{RUN}@example.com",
	"contact_phone": "+1 604 555 0199",
}
SETTINGS = "CA Registry Settings"


def a_file(doctype: str, name: str, label: str) -> str:
	return (
		frappe.get_doc({"doctype": "File", "file_name": f"{label}-{RUN}.pdf", "is_private": 1, "content": a_pdf(),
			"attached_to_doctype": doctype, "attached_to_name": name}).insert(ignore_permissions=True).file_url
	)  # fmt: skip


class TestCrtcPipeline(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		fiscal_year(2027)  # the order is invoiced and paid on the frozen day
		cls.server, cls.fake = fakes.start()
		base = f"http://127.0.0.1:{cls.server.server_address[1]}"
		conf = frappe.get_single(SETTINGS)
		cls.saved = conf.as_dict()
		conf.update({
			"live": 1, "porkbun_api_url": f"{base}/porkbun", "porkbun_api_key": "pk1_test",
			"porkbun_secret_key": "sk1_test", "hosting_ip": "203.0.113.15", "mail_host": "mail.example.net",
			"flowroute_api_url": f"{base}/flowroute", "flowroute_access_key": "fr_access",
			"flowroute_secret_key": "fr_secret", "flowroute_route_id": "77", "rate_centers": "VANCOUVER",
			"hestia_url": f"{base}/hestia", "hestia_user": "carriers", "hestia_access_key": "hk_id",
			"hestia_secret_key": "hk_secret", "mailboxes": "info\nadmin\nregulatory", "read_mailboxes": "info",
			"bc_registries_url": f"{base}/bc", "bc_registries_api_key": "bc_key", "bc_registries_account_id": "2001",
		})  # fmt: skip
		conf.save(ignore_permissions=True)
		for code, name, sold_out in (
			(f"VAN-A-{RUN}", "Vancouver Downtown", 0),
			(f"VAN-B-{RUN}", "Vancouver West", 1),
		):
			frappe.get_doc({"doctype": "AMB Location", "location_code": code, "location_name": name,
				"address": "1055 W Georgia St, Vancouver BC V6E 3P3", "monthly_price": 19.99, "sold_out": sold_out,
				"units": "Unit 101\nUnit 102"}).insert(ignore_permissions=True)  # fmt: skip
		frappe.db.commit()  # nosemgrep

	@classmethod
	def tearDownClass(cls):
		cls.server.shutdown()
		frappe.db.delete("AMB Location", {"location_code": ("like", f"%{RUN}")})
		conf = frappe.get_single(SETTINGS)
		conf.live = 0
		conf.save(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep
		super().tearDownClass()

	def customer(self, label: str) -> str:
		name = new_customer(f"{label} {RUN}", f"{label.lower().replace(' ', '-')}-{RUN}@example.com")
		verify(name)
		frappe.db.commit()  # nosemgrep
		return name

	def row(self, order: str, step: str):
		return next(r for r in frappe.get_doc("Service Order", order).steps if r.step == step)

	def close(self, order: str, step: str, evidence: dict) -> None:
		"""Refused without the evidence, closed with it."""
		todo = frappe.get_doc("ToDo", self.row(order, step).todo)
		todo.status = "Closed"
		self.assertRaises(EvidenceMissing, todo.save, ignore_permissions=True)
		reg = handler.for_order(order)
		reg.update(evidence)
		reg.save(ignore_permissions=True)
		todo.reload()
		todo.status = "Closed"
		todo.save(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep
		engine.advance(order)

	def test_crtc_order_from_placement_to_delivered(self):
		with on_day(self, TODAY):
			user = f"maple-{RUN}@example.com"
			customer = ensure_portal_customer(f"Maple Carrier {RUN}", user, "Dana Director")
			verify(customer)
			frappe.db.commit()  # nosemgrep
			order = orders.place_order([{"service": "crtc-carrier-registration"}], customer, "PayPal")
			self.assertEqual(len(order.steps), 22)
			pay(order.name)
			order.reload()
			self.assertEqual((order.status, order.waiting_on), ("Waiting", "Customer"))
			reg = handler.for_order(order.name)
			self.assertEqual(reg.status, "Awaiting Intake")

			# the intake is pw_compliance's form: a bad answer comes back beside its field, nothing written
			declaration, _known = intake_form.form_for(order.name)
			self.assertIn("proposed_names", declaration.keys)
			self.assertEqual(
				list(intake_form.submit_intake(order.name, {**ANSWERS, "officer_email": "x"})),
				["officer_email"],
			)
			self.assertEqual(intake_form.submit_intake(order.name, ANSWERS), {})
			frappe.db.commit()  # nosemgrep
			engine.advance(order.name)
			order.reload()
			self.assertEqual(order.status, "Client Selection")

			# every step in words on the customer's order page
			shown = dashboard.orders(customer, name=order.name)[0]
			steps = {s["title"]: s["words"] for s in shown["tracks"][0]["steps"]}
			self.assertEqual(steps["You choose your Vancouver mailbox, phone number and .ca domain"],
				"Waiting for your choices")  # fmt: skip
			self.assertEqual(steps["CRTC registration letter prepared"], "Not started yet")
			self.assertTrue(steps["Payment confirmed"].startswith("Done on"))

			# selection on the portal page: a taken domain and a sold-out location are refused, nothing written
			choice = {"mailbox_location": f"VAN-A-{RUN}", "mailbox_unit": "Unit 101", "rate_center": "VANCOUVER",
				"did": "16045550100", "domain": "taken-carrier.ca"}  # fmt: skip
			with self.set_user(user):
				card = crtc_selection.dashboard_cards(customer)[0]
				self.assertEqual(card["items"][0]["route"], f"/portal/crtc-selection/{order.name}")
				context = frappe._dict()
				frappe.form_dict.order = order.name
				crtc_selection.get_context(context)
				self.assertEqual([(loc.name, loc.sold_out) for loc in context.locations if RUN in loc.name],
					[(f"VAN-A-{RUN}", 0), (f"VAN-B-{RUN}", 1)])  # fmt: skip
				self.assertEqual([n["number"] for n in api.numbers(order.name, "VANCOUVER")],
					["16045550100", "16045550101"])  # fmt: skip
				self.assertEqual(api.domain(order.name, "maplecarrier")["price"], 12.5)
				result = api.submit(order.name, {**choice, "mailbox_location": f"VAN-B-{RUN}"})
				self.assertEqual(frappe.local.response.pop("http_status_code", None), 422)
				self.assertEqual(set(result["errors"]), {"mailbox_location", "domain"})
				self.assertIn("taken", result["errors"]["domain"])
				self.assertIn("sold out", result["errors"]["mailbox_location"])
				gone = api.submit(order.name, {**choice, "did": "16045559999", "domain": "maplecarrier"})
				self.assertEqual(frappe.local.response.pop("http_status_code", None), 422)
				self.assertEqual(
					gone["errors"], {"did": "16045559999 is no longer available; choose another number."}
				)
				self.assertFalse(frappe.db.get_value("CRTC Registration", reg.name, "selected_on"))
				self.assertEqual(api.submit(order.name, {**choice, "domain": "maplecarrier"}), {"ok": True})
				frappe.form_dict.order = None
			frappe.db.commit()  # nosemgrep
			engine.advance(order.name)

			# BC name request: the first name is rejected, the second submitted and approved at the next poll
			reg.reload()
			self.assertEqual(reg.domain, "maplecarrier.ca")
			log = frappe.parse_json(reg.name_requests)
			self.assertEqual([(r["name"], r["state"]) for r in log],
				[("Rejected Name Ltd.", "REJECTED"), ("Maple Carrier Ltd.", "DRAFT")])  # fmt: skip
			self.assertEqual(self.row(order.name, "bc_name_approved").status, "Waiting")
			self.assertEqual(handler.poll_name_requests(), 1)
			reg.reload()
			self.assertEqual(reg.approved_name, "Maple Carrier Ltd.")

			# staff incorporate; the task holds every value and closes only with the evidence
			todo = frappe.get_doc("ToDo", self.row(order.name, "bc_incorporation").todo)
			for expected in (
				"Maple Carrier Ltd.",
				"Dana Director, 100 common shares",
				"Unit 101 - 1055 W Georgia",
			):
				self.assertIn(expected, todo.description)
			reg.reload()
			real_purchase = flowroute.purchase
			died = []

			def purchase_then_die(number, reference=None):
				result = real_purchase(number, reference=reference)
				if not died:
					died.append(number)
					raise RuntimeError("worker died after the purchase")
				return result

			with mock.patch.object(flowroute, "purchase", purchase_then_die):
				self.close(order.name, "bc_incorporation", {"incorporation_number": "bc1234567",
					"incorporated_on": "2027-01-05", "certificate_of_incorporation": a_file("CRTC Registration",
					reg.name, "certificate"), "articles": a_file("CRTC Registration", reg.name, "articles")})  # fmt: skip
				self.assertEqual(self.row(order.name, "domain_registration").status, "Pending")
				engine.retry(order.name, step="domain_registration")
			self.assertEqual(self.fake.purchases["did:16045550100"], 1)  # found, not bought again
			self.assertEqual(self.fake.purchases["domain:maplecarrier.ca"], 1)
			self.assertEqual(
				frappe.db.get_value("CA Provisioning", f"{reg.name}::DID::16045550100", "status"), "Done"
			)
			self.assertEqual(
				frappe.db.count("CA Provisioning", {"registration": reg.name, "status": "Done"}), 9
			)
			# one logged purchase call, the keys masked in every log
			purchases = frappe.get_all("Integration Request", filters={"integration_request_service": "Flowroute",
				"request_description": "purchase 16045550100", "reference_docname": reg.name}, fields=["status", "url"])  # fmt: skip
			self.assertEqual(len(purchases), 1)
			self.assertTrue(purchases[0].url.endswith("/flowroute/numbers/16045550100"))
			logged = frappe.get_all("Integration Request", filters={"integration_request_service": "Porkbun",
				"reference_docname": reg.name}, pluck="data")  # fmt: skip
			self.assertTrue(logged and all("sk1_test" not in d and "***" in d for d in logged))

			# the CRTC letter, signed by the officer through eSign
			reg.reload()
			self.assertTrue(reg.crtc_letter and reg.esign_request)
			token = parse_qs(urlparse(esign.link_for(reg.esign_request)).query)["token"][0]
			with self.set_user("Guest"):
				esign.sign(token, True, "Typed", typed_name="Dana Director", ip="203.0.113.9")
			frappe.db.commit()  # nosemgrep
			engine.advance(order.name)

			self.close(
				order.name, "crtc_submission", {"tracking_number": "RN123456789CA", "mailed_on": "2027-01-05"}
			)
			self.close(order.name, "mailbox_signup", {"amb_account": "AMB-55501"})
			self.assertTrue(
				frappe.db.exists("Order Document", {"service_order": order.name, "kind": "Binder"})
			)
			self.close(
				order.name,
				"bits_registration",
				{"gckey_user": "maplecarrier01", "bits_confirmation": "BITS-2027-77"},
			)
			self.close(order.name, "ccts_membership", {"ccts_member_number": "CCTS-9001"})
			order.reload()
			self.assertEqual(order.status, "Review")
			orders.approve(order.name)
			self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "Delivered")

			codes = {
				c.split(":")[0]
				for c in frappe.get_all("Compliance Entry", {"carrier_profile": customer}, pluck="obligation")
			}
			self.assertEqual(codes, {rule.code for rule in calendar_rules.RULES})
			self.assertEqual(len(codes), 17)

	def test_live_switch_off_stops_at_a_staff_task(self):
		frappe.db.set_single_value(SETTINGS, "live", 0)
		try:
			reg = frappe.get_doc({"doctype": "CRTC Registration", "customer": self.customer("Offline Carrier"),
				"domain": "offline.ca", "did": "16045550101", "domain_price": 12.5, "did_monthly_cost": 1.25,
				"approved_name": "Offline Ltd."}).insert(ignore_permissions=True)  # fmt: skip
			counts = provisioning.provision(reg)
			self.assertEqual(counts["done"], 0)
			todo = frappe.get_value("ToDo", {"reference_name": reg.name, "status": "Open"}, "description")
			for expected in ("would be bought", "Domain: offline.ca at 12.5 USD", "DID: 16045550101"):
				self.assertIn(expected, todo)
			self.assertEqual(self.fake.purchases["did:16045550101"], 0)
			self.assertFalse(provisioning.all_done(reg.name))
		finally:
			frappe.db.set_single_value(SETTINGS, "live", 1)
			frappe.db.commit()  # nosemgrep

	def test_client_mail_is_recorded_once_per_message_id(self):
		customer = self.customer("Mail Carrier")
		reg = frappe.get_doc({"doctype": "CRTC Registration", "customer": customer}).insert(
			ignore_permissions=True
		)
		row = frappe.get_doc({"doctype": "CA Provisioning", "purchase_key": f"mail-{RUN}", "kind": "Mailbox",
			"item": f"info@mail-{RUN}.ca", "status": "Done", "registration": reg.name, "secret": "pw"}).insert(
			ignore_permissions=True)  # fmt: skip
		raw = (
			b"Message-ID: <gst-%s@cra-arc.gc.ca>\r\nFrom: Canada Revenue Agency <notice@cra-arc.gc.ca>\r\n"
			b"Subject: Your GST/HST account\r\nDate: Tue, 05 Jan 2027 10:00:00 +0000\r\n\r\nPlease file.\r\n"
		) % RUN.encode()
		other = raw.replace(b"gst-", b"news-").replace(b"cra-arc.gc.ca>", b"vendor.example>", 1)
		other = other.replace(b"notice@cra-arc.gc.ca", b"sales@vendor.example").replace(
			b"GST/HST account", b"Offer"
		)
		calls = []

		def fetch(host, port, user, password, since, use_ssl):
			calls.append((user, password))
			return [imap_mail.parse(raw), imap_mail.parse(other)] if user == row.item else []

		self.assertEqual(mail.process(fetch), 2)
		self.assertEqual(mail.process(fetch), 0)  # the same messages again: nothing new
		self.assertIn((row.item, "pw"), calls)
		rows = frappe.get_all(
			"CA Mail Message", {"customer": customer}, ["government", "todo", "communication"]
		)
		self.assertEqual(sorted(r.government for r in rows), [0, 1])
		self.assertTrue(all(r.communication for r in rows))
		self.assertEqual(len([r for r in rows if r.todo]), 1)
