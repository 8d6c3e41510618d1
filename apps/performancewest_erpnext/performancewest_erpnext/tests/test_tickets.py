"""Support tickets: raw mail to the support account processed by Frappe's InboundMail (no network)
becomes an Issue of the sender's customer with its thread, its SLA from the priority, visible to that
customer on the portal and not to another customer (over HTTP); a staff reply goes out by mail."""

from datetime import datetime, timezone
from urllib.parse import quote
from zoneinfo import ZoneInfo

import frappe
from frappe.email.receive import InboundMail
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime, get_system_timezone

from performancewest_erpnext.pw_orders.customers import ensure_portal_customer
from performancewest_erpnext.tests.test_commissions import frozen, get

RUN = frappe.generate_hash(length=6).lower()
SUPPORT = f"support-{RUN}@example.com"


def raw_mail(sender: str, subject: str, body: str, message_id: str, in_reply_to: str | None = None) -> str:
	headers = [
		f"From: Pat Sender <{sender}>",
		f"To: {SUPPORT}",
		f"Subject: {subject}",
		f"Message-ID: <{message_id}>",
		"Date: Mon, 05 Oct 2026 10:00:00 +0000",
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=utf-8",
	]
	if in_reply_to:
		headers.append(f"In-Reply-To: <{in_reply_to}>")
	return "\r\n".join(headers) + "\r\n\r\n" + body + "\r\n"


class TestSupportTickets(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = {key: f"ticket-{key}-{RUN}@example.com" for key in ("a", "b")}
		cls.customers = {
			key: ensure_portal_customer(f"Ticket {key.upper()} {RUN}", email, f"Tess {key.upper()}")
			for key, email in cls.users.items()
		}
		cls.account = frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": f"Support {RUN}",
				"email_id": SUPPORT,
				"enable_incoming": 0,  # nothing is pulled from a server: the test hands the mail over
				"append_to": "Issue",
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the portal is read over HTTP by another connection
		cls.addClassCleanup(frappe.delete_doc, "Email Account", cls.account.name, force=True)

	def receive(self, raw: str):
		return InboundMail(raw, self.account).process()

	def test_a_mail_becomes_a_ticket_of_its_customer_only(self):
		# a Monday 10:00 on the site's clock (its System Settings time zone), inside support hours
		local = datetime(2026, 10, 5, 10, 0, tzinfo=ZoneInfo(get_system_timezone()))
		with frozen(local.astimezone(timezone.utc).replace(tzinfo=None), tick=False):
			first = self.receive(
				raw_mail(self.users["a"], "Our RMD filing", f"Where is it? {RUN}", f"m1-{RUN}@example.com")
			)
		issue = frappe.get_doc("Issue", first.reference_name)
		self.assertEqual(first.reference_doctype, "Issue")
		self.assertEqual((issue.customer, issue.raised_by), (self.customers["a"], self.users["a"]))
		# the SLA from the priority (Medium: first response within 8 support hours, 9:00-17:00)
		self.assertEqual((issue.priority, issue.service_level_agreement), ("Medium", "SLA-Issue-PW Support"))
		self.assertEqual(get_datetime(issue.response_by), get_datetime("2026-10-06 10:00:00"))
		# the customer's answer by mail joins the thread
		again = self.receive(
			raw_mail(
				self.users["a"],
				"Re: Our RMD filing",
				f"Any news? {RUN}",
				f"m2-{RUN}@example.com",
				f"m1-{RUN}@example.com",
			)
		)
		self.assertEqual(again.reference_name, issue.name)
		# a staff reply goes out by mail to the sender
		from frappe.core.doctype.communication.email import make

		make(
			doctype="Issue",
			name=issue.name,
			subject=f"Re: {issue.subject}",
			content=f"It is filed. {RUN}",
			recipients=self.users["a"],
			sender=SUPPORT,
			send_email=True,
		)
		queued = frappe.get_all("Email Queue", {"reference_doctype": "Issue", "reference_name": issue.name})
		self.assertEqual(len(queued), 1)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- read over HTTP by another connection
		self.addCleanup(frappe.db.commit)  # nosemgrep
		self.addCleanup(
			frappe.db.delete, "Communication", {"reference_doctype": "Issue", "reference_name": issue.name}
		)
		self.addCleanup(frappe.delete_doc, "Issue", issue.name, force=True)
		self.addCleanup(
			frappe.db.delete, "Email Queue", {"reference_doctype": "Issue", "reference_name": issue.name}
		)

		path = f"/portal/tickets/{quote(issue.name)}"
		page = get(path, self.users["a"])
		html = page.get_data(as_text=True)
		self.assertEqual(page.status_code, 200, html[:300])
		for text in (f"Where is it? {RUN}", f"Any news? {RUN}", f"It is filed. {RUN}"):
			self.assertIn(text, html)
		self.assertIn(issue.name, get("/portal/tickets", self.users["a"]).get_data(as_text=True))
		# customer B: no such ticket, in the portal or through Frappe's doors
		self.assertEqual(get(path, self.users["b"]).status_code, 404)
		for route in ("/portal/tickets", f"/api/resource/Issue/{quote(issue.name)}"):
			response = get(route, self.users["b"])
			self.assertLess(response.status_code, 500, route)
			body = response.get_data(as_text=True)
			self.assertFalse(issue.name in body or f"Where is it? {RUN}" in body, route)

	def test_a_customer_opens_and_answers_its_ticket_on_the_portal(self):
		from performancewest_erpnext.pw_business import tickets

		frappe.set_user(self.users["b"])
		try:
			name = tickets.new_ticket("Portal question", "Line one\n<script>x</script>")
			tickets.reply(name, "More detail")
			self.assertRaises(frappe.ValidationError, tickets.reply, name, "   ")
		finally:
			frappe.set_user("Administrator")
		issue = frappe.get_doc("Issue", name)
		self.assertEqual((issue.customer, issue.via_customer_portal), (self.customers["b"], 1))
		contents = [m.content for m in tickets.thread(name)]
		self.assertEqual(len(contents), 2)
		self.assertIn("&lt;script&gt;", contents[0])
		frappe.set_user(self.users["a"])
		try:
			self.assertRaises(frappe.DoesNotExistError, tickets.reply, name, "not mine")
		finally:
			frappe.set_user("Administrator")
