"""Who may join a customer: a guest's sign-up always makes a Customer of its own (a carrier's legal name is
public, so matching by name would hand anyone the account); a colleague joins only by an invitation from
one of the customer's portal users or from staff, accepted once, before it expires, by the invited
e-mail's user after logging in."""

from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime
from pw_test_support.clock import frozen

from performancewest_erpnext.pw_orders import api, invitations
from performancewest_erpnext.pw_orders.customers import customer_of, ensure_portal_customer

RUN = frappe.generate_hash(length=6).lower()
SERVICE = f"t-signup-{RUN}"
INVITATION = "Portal Invitation"


def portal_users(customer: str) -> set[str]:
	return set(frappe.get_all("Portal User", {"parent": customer, "parenttype": "Customer"}, pluck="user"))


def website_user(email: str) -> None:
	frappe.get_doc(
		{"doctype": "User", "email": email, "first_name": "Colleague", "send_welcome_email": 0}
	).insert(ignore_permissions=True)


class TestSignUpSecurity(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if not frappe.db.exists("Catalog Service", SERVICE):
			frappe.get_doc(
				{"doctype": "Catalog Service", "slug": SERVICE, "service_name": f"Signup {RUN}", "rate": 50}
			).insert()
		cls.owner = f"owner-{RUN}@example.com"
		cls.legal_name = f"Prairie Telecom {RUN} LLC"
		cls.customer = ensure_portal_customer(cls.legal_name, cls.owner, "Olive Owner")

	def setUp(self):
		frappe.set_user("Administrator")

	def guest_order(self, company: str, email: str) -> dict:
		frappe.set_user("Guest")
		try:
			return api.place_order(
				[{"service": SERVICE}],
				"Card",
				{"company_name": company, "full_name": "Mal Lory", "email": email},
			)
		finally:
			frappe.set_user("Administrator")

	# ---------- sign-up ----------

	def test_a_guest_ordering_under_a_taken_name_gets_a_customer_of_its_own(self):
		mallory = f"mallory-{RUN}@evil.test"
		placed = self.guest_order(self.legal_name.lower(), mallory)
		theirs = frappe.db.get_value("Service Order", placed["order"], "customer")
		self.assertNotEqual(theirs, self.customer)
		self.assertEqual(portal_users(self.customer), {self.owner})
		self.assertEqual(portal_users(theirs), {mallory})
		self.assertEqual(customer_of(mallory), theirs)
		self.assertEqual(frappe.db.get_value("Customer", theirs, "customer_name"), self.legal_name.lower())
		self.assertNotIn(mallory, {c.email_id for c in self._contacts(self.customer)})

	def test_a_name_with_markup_is_refused_before_anything_is_written(self):
		users = frappe.db.count("User")
		with self.assertRaises(frappe.ValidationError):
			self.guest_order("Evil <b>Telecom</b>", f"markup-{RUN}@example.com")
		self.assertEqual(frappe.db.count("User"), users)

	def test_the_same_name_twice_makes_two_customers(self):
		first = self.guest_order(f"Twin Carrier {RUN}", f"twin-1-{RUN}@example.com")
		second = self.guest_order(f"TWIN CARRIER {RUN}", f"twin-2-{RUN}@example.com")
		customers = {frappe.db.get_value("Service Order", o["order"], "customer") for o in (first, second)}
		self.assertEqual(len(customers), 2)

	def _contacts(self, customer: str) -> list:
		names = frappe.get_all(
			"Dynamic Link",
			{"link_doctype": "Customer", "link_name": customer, "parenttype": "Contact"},
			pluck="parent",
		)
		return [frappe.get_doc("Contact", n) for n in names]

	# ---------- invitations ----------

	def test_a_portal_user_invites_a_colleague_who_joins_once(self):
		colleague = f"colleague-{RUN}@example.com"
		with patch.object(invitations, "send_invitation") as sent:
			frappe.set_user(self.owner)
			try:
				name = invitations.invite_colleague(colleague.upper())
			finally:
				frappe.set_user("Administrator")
		token = sent.call_args.args[1]
		invitation = frappe.get_doc(INVITATION, name)
		self.assertEqual((invitation.customer, invitation.email), (self.customer, colleague))
		self.assertEqual(invitation.invited_by, self.owner)
		self.assertNotIn(token, str(invitation.as_dict()))  # only its hash is kept
		self.assertTrue(frappe.db.exists("User", colleague))  # a website user to log in with
		self.assertNotIn(colleague, portal_users(self.customer))  # nothing until accepted

		# a guest, someone else, or a wrong token cannot use it
		frappe.set_user("Guest")
		try:
			self.assertRaises(frappe.PermissionError, invitations.accept, token)
		finally:
			frappe.set_user("Administrator")
		stranger = f"stranger-{RUN}@example.com"
		website_user(stranger)
		frappe.set_user(stranger)
		try:
			self.assertRaises(frappe.PermissionError, invitations.accept, token)
			self.assertRaises(frappe.DoesNotExistError, invitations.accept, token + "x")
		finally:
			frappe.set_user("Administrator")
		self.assertNotIn(stranger, portal_users(self.customer))

		frappe.set_user(colleague)
		try:
			self.assertEqual(invitations.accept(token), self.customer)
			self.assertRaises(frappe.ValidationError, invitations.accept, token)  # single use
		finally:
			frappe.set_user("Administrator")
		self.assertIn(colleague, portal_users(self.customer))
		self.assertEqual(customer_of(colleague), self.customer)
		self.assertIn("Carrier Customer", frappe.get_roles(colleague))
		self.assertEqual(frappe.db.get_value(INVITATION, name, "status"), "Accepted")

	def test_an_invitation_expires(self):
		colleague = f"late-{RUN}@example.com"
		with frozen("2027-03-01 09:00:00", tick=False), patch.object(invitations, "send_invitation") as sent:
			name = invitations.invite(self.customer, colleague)
			sent_on = now_datetime()
		token = sent.call_args.args[1]
		expires = frappe.db.get_value(INVITATION, name, "expires_on")
		self.assertEqual(expires, add_to_date(sent_on, days=invitations.INVITATION_DAYS))
		with frozen("2027-03-09 09:00:00", tick=False):
			frappe.set_user(colleague)
			try:
				self.assertRaises(frappe.ValidationError, invitations.accept, token)
			finally:
				frappe.set_user("Administrator")
		self.assertNotIn(colleague, portal_users(self.customer))

	def test_only_the_customers_users_and_staff_invite(self):
		outsider = f"outsider-{RUN}@example.com"
		website_user(outsider)
		with patch.object(invitations, "send_invitation"):
			frappe.set_user(outsider)  # a user of no customer
			try:
				self.assertRaises(
					frappe.PermissionError, invitations.invite_colleague, f"x-{RUN}@example.com"
				)
				self.assertRaises(
					frappe.PermissionError,
					invitations.invite_to_customer,
					self.customer,
					f"y-{RUN}@example.com",
				)
			finally:
				frappe.set_user("Administrator")
			frappe.set_user(self.owner)  # a portal user cannot use the staff door for another customer
			try:
				other = ensure_portal_customer(f"Other {RUN}", f"other-{RUN}@example.com", "Oz Other")
				self.assertRaises(frappe.PermissionError, invitations.invite_to_customer, other, outsider)
			finally:
				frappe.set_user("Administrator")
			name = invitations.invite_to_customer(self.customer, f"staff-made-{RUN}@example.com")
		self.assertEqual(frappe.db.get_value(INVITATION, name, "customer"), self.customer)
		self.assertRaises(frappe.ValidationError, invitations.invite, self.customer, "not-an-address")

	def test_a_user_of_another_customer_cannot_join_a_second(self):
		member = f"member-{RUN}@example.com"
		mine = ensure_portal_customer(f"Member Co {RUN}", member, "Mo Member")
		with patch.object(invitations, "send_invitation") as sent:
			invitations.invite(self.customer, member)
		frappe.set_user(member)
		try:
			self.assertRaises(frappe.ValidationError, invitations.accept, sent.call_args.args[1])
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(customer_of(member), mine)

	def test_the_join_page_shows_the_invitation_to_its_user_only(self):
		from frappe.utils import set_request
		from frappe.website.serve import get_response

		colleague = f"joiner-{RUN}@example.com"
		with patch.object(invitations, "send_invitation") as sent:
			invitations.invite(self.customer, colleague)
		token = sent.call_args.args[1]
		stranger = f"onlooker-{RUN}@example.com"
		website_user(stranger)
		pages = {}
		for user in (colleague, stranger):
			set_request(method="GET", path="/portal/join", query_string=f"token={token}")
			frappe.set_user(user)  # (clears form_dict)
			frappe.local.form_dict = frappe._dict(token=token)
			try:
				pages[user] = get_response("portal/join").get_data(as_text=True)
			finally:
				frappe.set_user("Administrator")
				frappe.local.request = None  # rate limits of later calls apply to requests only
		self.assertIn(self.legal_name, pages[colleague])
		self.assertIn('id="pw-accept"', pages[colleague])
		self.assertNotIn(self.legal_name, pages[stranger])
		self.assertNotIn('id="pw-accept"', pages[stranger])
		self.assertIn("another e-mail address", pages[stranger])
		self.assertNotIn(colleague, portal_users(self.customer))  # viewing accepts nothing
