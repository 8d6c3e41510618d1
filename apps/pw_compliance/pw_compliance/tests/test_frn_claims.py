"""The FCC check's sign-up cannot take over a carrier: it makes a Customer of its own (whatever company
name it gives), an FRN or 499 Filer ID already linked to a customer cannot be claimed, and a claim on an
unlinked FRN makes the Carrier Profile (and its calendar) only once the contact e-mail of the FRN's CORES
record, or staff, confirm it."""

import json
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from pw_test_support.clock import frozen

from pw_compliance.pw_fcc import api, claims, demo

SUMMIT, BAYOU = "0027184460", "0031542276"  # demo FRNs: Summit has a CORES record with an e-mail
SUMMIT_FILER = "834512"
CORES_EMAIL = "regulatory@example.com"
RUN = frappe.generate_hash(length=6).lower()


def signup(key: str, company: str | None = None) -> dict:
	return {
		"company_name": company or f"Claimant {key} {RUN}",
		"full_name": "Cy Claimant",
		"email": f"claim-{key}-{RUN}@example.com",
	}


def portal_users(customer: str) -> set[str]:
	return set(frappe.get_all("Portal User", {"parent": customer, "parenttype": "Customer"}, pluck="user"))


class TestFRNClaims(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		demo.load()
		frappe.db.commit()

	def setUp(self):
		frappe.set_user("Administrator")
		# each test starts with the demo FRNs free (this module's own profiles roll back with each test)
		for frn in (SUMMIT, BAYOU):
			frappe.db.delete("Compliance Entry", {"carrier_profile": ("in", self._profiles(frn))})
			frappe.db.delete("Carrier Profile", {"frn": frn})
		frappe.db.delete("Carrier Profile", {"filer_499_id": SUMMIT_FILER})

	def _profiles(self, frn: str) -> list[str]:
		return frappe.get_all("Carrier Profile", {"frn": frn}, pluck="name") or [""]

	def sign_up(self, frn: str, data: dict, answers: dict | None = None) -> dict:
		frappe.set_user("Guest")
		try:
			with patch.object(claims, "send_confirmation") as sent:
				done = api.sign_up(
					frn, data, answers or {"entity_type": "llc", "voice": True, "broadband": False}
				)
		finally:
			frappe.set_user("Administrator")
		done["token"] = sent.call_args.args[1] if sent.called else None
		return done

	def test_a_guest_cannot_claim_an_frn_without_the_cores_contact(self):
		done = self.sign_up(SUMMIT, signup("summit"))
		self.assertFalse(frappe.db.exists("Carrier Profile", {"frn": SUMMIT}))  # nothing yet
		self.assertFalse(frappe.db.exists("Compliance Entry", {"customer": done["customer"]}))
		claim = frappe.get_doc("FRN Claim", done["claim"])
		self.assertEqual((claim.status, claim.confirm_email), ("Awaiting Confirmation", CORES_EMAIL))
		self.assertEqual(done["confirm_to"], "r•••@example.com")
		self.assertNotIn(done["token"], json.dumps(claim.as_dict(), default=str))

		# the claim is confirmed through the link sent to the CORES contact (a guest), once
		frappe.set_user("Guest")
		try:
			self.assertRaises(frappe.DoesNotExistError, claims.confirm, done["token"][:-1] + "x")
			confirmed = claims.confirm(done["token"])
			self.assertRaises(frappe.ValidationError, claims.confirm, done["token"])
		finally:
			frappe.set_user("Administrator")
		profile = frappe.get_doc("Carrier Profile", confirmed["carrier_profile"])
		self.assertEqual(
			(profile.customer, profile.frn, profile.filer_499_id), (done["customer"], SUMMIT, SUMMIT_FILER)
		)
		self.assertTrue(frappe.db.exists("Compliance Entry", {"carrier_profile": profile.name}))
		self.assertEqual(frappe.db.get_value("FRN Claim", done["claim"], "status"), "Confirmed")

	def test_a_pending_claim_locks_nobody_out_and_the_first_confirmed_wins(self):
		mallory = self.sign_up(SUMMIT, signup("mallory"))
		carrier = self.sign_up(SUMMIT, signup("carrier"))
		frappe.set_user("Guest")
		try:
			claims.confirm(carrier["token"])
			self.assertRaises(frappe.ValidationError, claims.confirm, mallory["token"])
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(
			frappe.db.get_value("Carrier Profile", {"frn": SUMMIT}, "customer"), carrier["customer"]
		)
		self.assertEqual(frappe.db.get_value("FRN Claim", mallory["claim"], "status"), "Rejected")

	def test_an_frn_or_filer_id_already_linked_cannot_be_claimed(self):
		first = self.sign_up(SUMMIT, signup("first"))
		frappe.set_user("Guest")
		try:
			claims.confirm(first["token"])
		finally:
			frappe.set_user("Administrator")
		counts = {dt: frappe.db.count(dt) for dt in ("Customer", "User", "Contact", "FRN Claim")}
		with self.assertRaises(claims.AlreadyLinkedError):
			self.sign_up(SUMMIT, signup("late"))
		# the same 499 Filer ID under another FRN (a profile staff keyed in)
		frappe.db.set_value("Carrier Profile", {"frn": SUMMIT}, "frn", "0099999999")
		with self.assertRaises(claims.AlreadyLinkedError):
			self.sign_up(SUMMIT, signup("filer"))
		self.assertEqual(counts, {dt: frappe.db.count(dt) for dt in counts})  # nothing half-written
		self.assertEqual(claims.AlreadyLinkedError.http_status_code, 409)

	def test_sign_up_under_an_existing_customers_name_joins_nothing(self):
		owner = signup("owner")
		existing = self.sign_up(BAYOU, owner)["customer"]
		done = self.sign_up(SUMMIT, signup("copycat", company=owner["company_name"].upper()))
		self.assertNotEqual(done["customer"], existing)
		self.assertEqual(portal_users(existing), {owner["email"]})

	def test_without_a_cores_e_mail_staff_confirm(self):
		done = self.sign_up(BAYOU, signup("bayou"))
		self.assertIsNone(done["token"])
		self.assertEqual(done["status"], "Staff Review")
		self.assertTrue(
			frappe.db.exists("ToDo", {"reference_type": "FRN Claim", "reference_name": done["claim"]})
		)
		self.assertFalse(frappe.db.exists("Carrier Profile", {"frn": BAYOU}))
		claim = frappe.get_doc("FRN Claim", done["claim"])
		frappe.set_user(signup("bayou")["email"])  # the claimant cannot confirm its own claim
		try:
			self.assertRaises(frappe.PermissionError, claim.confirm_claim)
		finally:
			frappe.set_user("Administrator")
		profile = claim.confirm_claim()
		self.assertEqual(frappe.db.get_value("Carrier Profile", profile, "customer"), done["customer"])
		self.assertTrue(frappe.db.exists("Compliance Entry", {"carrier_profile": profile}))

	def test_a_confirmation_link_expires(self):
		done = self.sign_up(SUMMIT, signup("late"))
		expires = frappe.db.get_value("FRN Claim", done["claim"], "expires_on")
		with frozen(frappe.utils.add_days(expires, 1), tick=False):
			frappe.set_user("Guest")
			try:
				self.assertRaises(frappe.ValidationError, claims.confirm, done["token"])
			finally:
				frappe.set_user("Administrator")
		self.assertFalse(frappe.db.exists("Carrier Profile", {"frn": SUMMIT}))
		self.assertEqual(frappe.db.get_value("FRN Claim", done["claim"], "status"), "Awaiting Confirmation")

	def test_the_confirmation_page_escapes_and_declines(self):
		from frappe.utils import set_request
		from frappe.website.serve import get_response

		done = self.sign_up(SUMMIT, signup("page"))
		# a value that reached the database unsanitised (set_value skips Frappe's HTML filter)
		frappe.db.set_value(
			"Customer", done["customer"], "customer_name", "Claimant <script>x()</script> LLC"
		)
		set_request(method="GET", path="/tools/fcc-claim", query_string=f"token={done['token']}")
		frappe.set_user("Guest")  # (clears form_dict)
		frappe.local.form_dict = frappe._dict(token=done["token"])
		try:
			html = get_response("tools/fcc-claim").get_data(as_text=True)
			frappe.local.request = None  # rate limits apply to requests only
			self.assertIn("Claimant &lt;script&gt;x()&lt;/script&gt; LLC", html)
			self.assertNotIn("<script>x()", html)
			self.assertIn(SUMMIT, html)
			claims.decline(done["token"])
		finally:
			frappe.set_user("Administrator")
			frappe.local.request = None
		self.assertEqual(frappe.db.get_value("FRN Claim", done["claim"], "status"), "Rejected")
		self.assertTrue(frappe.db.exists("ToDo", {"reference_name": done["claim"], "priority": "High"}))
