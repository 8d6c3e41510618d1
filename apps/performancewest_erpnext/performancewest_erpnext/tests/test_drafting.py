"""Drafting with Ollama: the official client against a local fake of Ollama's /api/chat; the prompt
holds only what the user may read; a clear message when the model is down or drafting is off."""

import frappe
from frappe.tests.utils import FrappeTestCase

from performancewest_erpnext.pw_business import drafting
from performancewest_erpnext.tests.fake_http import FakeServer

RUN = frappe.generate_hash(length=6).lower()


def ollama_chat(method, path, query, body, headers):
	if method == "POST" and path == "/api/chat":
		return 200, {
			"model": body["model"],
			"created_at": "2026-10-05T10:00:00Z",
			"message": {"role": "assistant", "content": "Dear Pat,\nYour RMD filing is in progress."},
			"done": True,
			"done_reason": "stop",
		}
	return 404, {"error": "not found"}


class TestDrafting(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.issue = frappe.get_doc(
			{
				"doctype": "Issue",
				"subject": f"RMD status {RUN}",
				"raised_by": f"pat-{RUN}@example.com",
				"description": "Where is my RMD filing?",
			}
		).insert(ignore_permissions=True)
		cls.other = frappe.get_doc(
			{"doctype": "Issue", "subject": f"Someone else {RUN}", "raised_by": f"else-{RUN}@example.com"}
		).insert(ignore_permissions=True)

	def configure(self, url: str, enabled: int = 1) -> None:
		settings = frappe.get_single("Ollama Settings")
		settings.update({"enabled": enabled, "url": url, "model": "qwen2.5:7b", "timeout": 5})
		settings.save()

	def test_a_draft_comes_back_for_editing_built_from_the_readable_record(self):
		queued = frappe.db.count("Email Queue")
		with FakeServer(ollama_chat) as server:
			self.configure(server.url)
			draft = drafting.draft_reply("Issue", self.issue.name)
		self.assertEqual(draft, "Dear Pat,\nYour RMD filing is in progress.")
		sent = server.requests[0]["body"]
		self.assertEqual((sent["model"], sent["stream"]), ("qwen2.5:7b", False))
		prompt = sent["messages"][-1]["content"]
		self.assertIn(f"RMD status {RUN}", prompt)
		self.assertIn("Where is my RMD filing?", prompt)
		self.assertNotIn(f"Someone else {RUN}", prompt)
		# nothing was sent to the customer
		self.assertEqual(frappe.db.count("Email Queue"), queued)

	def test_a_user_who_cannot_read_the_issue_gets_no_draft(self):
		with FakeServer(ollama_chat) as server:
			self.configure(server.url)
			frappe.set_user("Guest")
			try:
				self.assertRaises(frappe.PermissionError, drafting.draft_reply, "Issue", self.issue.name)
			finally:
				frappe.set_user("Administrator")
		self.assertEqual(server.requests, [])

	def test_a_clear_message_when_the_model_is_down_or_drafting_off(self):
		self.configure("http://127.0.0.1:9")
		with self.assertRaises(frappe.ValidationError) as down:
			drafting.draft_reply("Issue", self.issue.name)
		self.assertIn("did not answer", str(down.exception))
		self.configure("http://127.0.0.1:9", enabled=0)
		with self.assertRaises(frappe.ValidationError) as off:
			drafting.draft_reply("Issue", self.issue.name)
		self.assertIn("switched off", str(off.exception))

	def test_a_narrative_is_drafted_for_approval_before_it_fills_a_document(self):
		from performancewest_erpnext.pw_documents import templates
		from performancewest_erpnext.pw_orders import orders
		from performancewest_erpnext.pw_orders.customers import new_customer

		order = orders.place_order([{"service": "rmd-filing"}], new_customer(f"Narrative {RUN}"), "Card")
		self.assertIn("text", templates.known_fields()["narrative"])  # a template may opt in
		with FakeServer(ollama_chat) as server:
			self.configure(server.url)
			name = drafting.draft_narrative(order.name)
		prompt = server.requests[0]["body"]["messages"][-1]["content"]
		self.assertIn(f"Narrative {RUN}", prompt)
		narrative = frappe.get_doc("Order Narrative", name)
		self.assertEqual((narrative.status, narrative.model), ("Draft", "qwen2.5:7b"))
		# a draft fills nothing: the document waits for a person's approval
		self.assertRaises(frappe.ValidationError, templates.values_for, order, ["narrative.text"])
		narrative.text = "Performance West files the Robocall Mitigation Database certification."
		narrative.status = "Approved"
		narrative.save()
		self.assertEqual(
			templates.values_for(frappe.get_doc("Service Order", order.name), ["narrative.text"]),
			{"narrative.text": narrative.text},
		)
		self.assertEqual(narrative.approved_by, "Administrator")
