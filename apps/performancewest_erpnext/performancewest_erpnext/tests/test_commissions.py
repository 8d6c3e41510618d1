"""Agent commissions: attribution of a referred customer's first order, the 14-day holdback after the
funds clear, cancellation by a refund inside it, clawback after it on the next payout, the daily job run
twice, and the agent's own page over HTTP. Dates are frozen; payments are booked as Stripe's would be."""

import json
import random

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days
from pw_test_support.books import fiscal_year
from pw_test_support.clock import frozen

from performancewest_erpnext.pw_business import commissions
from performancewest_erpnext.pw_business.report.agent_commissions import agent_commissions
from performancewest_erpnext.pw_checkout import refunds
from performancewest_erpnext.pw_checkout.gateways import book_payment
from performancewest_erpnext.pw_orders import orders
from performancewest_erpnext.pw_orders.customers import new_customer
from performancewest_erpnext.tests.test_checkout import configure_stripe
from performancewest_erpnext.tests.test_portal import PortalSession

RUN = frappe.generate_hash(length=6).lower()
PLACED = "2026-10-05"  # a Monday; Card funds clear two business days later
CLEARED = "2026-10-07"
HOLDBACK_ENDS = "2026-10-21"


def make_agent(key: str, rate: float) -> tuple[str, str]:
	user = f"agent-{key}-{RUN}@example.com"
	frappe.get_doc(
		{"doctype": "User", "email": user, "first_name": f"Agent {key}", "user_type": "Website User"}
	).insert(ignore_permissions=True)
	partner = frappe.get_doc(
		{
			"doctype": "Sales Partner",
			"partner_name": f"Agent {key.upper()} {RUN}",
			"territory": frappe.db.get_value("Territory", {"is_group": 0}),
			"commission_rate": rate,
			"referral_code": f"{key.upper()}{RUN}",
			"pw_agent_user": user,
		}
	).insert(ignore_permissions=True)
	return partner.name, user


TOKENS: dict[str, dict[str, str]] = {}


def token_of(user: str) -> dict[str, str]:
	"""Frappe's API-key authentication for `user` (a password login hashes for seconds on a busy machine)."""
	if user not in TOKENS:
		doc = frappe.get_doc("User", user)
		secret = frappe.generate_hash(length=15)
		doc.api_key, doc.api_secret = frappe.generate_hash(length=15), secret
		doc.save(ignore_permissions=True)
		TOKENS[user] = {"Authorization": f"token {doc.api_key}:{secret}"}
	return TOKENS[user]


def get(path: str, user: str | None = None):
	headers = token_of(user) if user else {}
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the request is served on another connection
	return PortalSession().open("GET", path, headers=headers)


class TestAgentCommissions(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		configure_stripe()
		fiscal_year(2026)  # a site made later has only its own year
		settings = frappe.get_single("Agent Commission Settings")
		settings.holdback_days = 14
		settings.set("service_rates", [{"service": "rmd-filing", "rate": 10}])
		settings.save()
		cls.partner, cls.user = make_agent("a", 5)
		cls.other_partner, cls.other_user = make_agent("b", 5)
		cls.not_agent = f"not-agent-{RUN}@example.com"
		frappe.get_doc(
			{"doctype": "User", "email": cls.not_agent, "first_name": "Not", "user_type": "Website User"}
		).insert(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the agent page is read over HTTP by another connection

	def referred_order(self, service: str, code: str | None = None):
		"""A new customer's first order through the agent's link, paid by card on PLACED."""
		customer = new_customer(f"Referred {frappe.generate_hash(length=8)}")
		partner = commissions.partner_for_order(customer, code or f"A{RUN}")
		with frozen(f"{PLACED} 10:00:00"):
			order = orders.place_order([{"service": service}], customer, "Card", sales_partner=partner)
			receipt = book_payment(
				order.sales_invoice, order.grand_total, f"pi_{order.name}", "Card", "Stripe Checkout"
			)
		with frozen(f"{CLEARED} 09:00:00"):
			orders.funds_cleared(order.name, topped_up=True)
		return order, receipt

	def refund(self, receipt: str, on: str) -> None:
		with frozen(f"{on} 12:00:00"):
			pe = frappe.get_doc("Payment Entry", receipt)
			refunds.mirror(pe, pe.paid_amount, f"re_{receipt}_{RUN}")

	def records(self, order: str) -> list[tuple]:
		return [
			tuple(r)
			for r in frappe.get_all(
				"Agent Commission",
				filters={"service_order": order},
				fields=["kind", "status", "commission_amount"],
				order_by="kind",
				as_list=True,
			)
		]

	def test_earned_once_after_the_holdback_and_clawed_back_on_the_next_payout(self):
		order, receipt = self.referred_order("rmd-filing")
		self.assertEqual(frappe.db.get_value("Sales Order", order.sales_order, "sales_partner"), self.partner)
		# the customer's second order is not the agent's
		self.assertIsNone(commissions.partner_for_order(order.customer, f"A{RUN}"))
		commissions.run(add_days(HOLDBACK_ENDS, -1))
		self.assertEqual(self.records(order.name), [])  # still in the holdback
		commissions.run(HOLDBACK_ENDS)
		commissions.run(add_days(HOLDBACK_ENDS, 1))  # the job again: nothing new
		self.assertEqual(self.records(order.name), [("Commission", "Payable", 21.9)])  # rmd-filing at 10%
		with self.assertRaises(frappe.UniqueValidationError):  # the database refuses a second record
			frappe.get_doc(
				{
					"doctype": "Agent Commission",
					"kind": "Commission",
					"status": "Payable",
					"sales_partner": self.partner,
					"service_order": order.name,
					"commission_key": commissions.key("Commission", order.name),
				}
			).insert(ignore_permissions=True)
		first = commissions.make_payout(self.partner, "ACH-1", on=HOLDBACK_ENDS)
		self.assertEqual(self.records(order.name), [("Commission", "Paid", 21.9)])

		second, _receipt = self.referred_order("fcc-499a")  # the agent's own 5%: 24.95
		self.refund(receipt, "2026-10-25")  # the first order refunded after its holdback
		for _run in range(2):
			commissions.run("2026-10-26")
		self.assertEqual(
			self.records(order.name), [("Clawback", "Payable", -21.9), ("Commission", "Paid", 21.9)]
		)
		payout = frappe.get_doc(
			"Agent Payout", commissions.make_payout(self.partner, "ACH-2", on="2026-10-26")
		)
		self.assertNotEqual(payout.name, first)
		self.assertEqual(float(payout.total), 3.05)  # 24.95 earned, 21.90 clawed back
		self.assertEqual({e.service_order for e in payout.entries}, {order.name, second.name})
		self.assertRaises(frappe.ValidationError, commissions.make_payout, self.partner)  # nothing left
		# the desk report, for this agent and October
		_columns, rows, _message, _chart, summary = agent_commissions.execute(
			{"sales_partner": self.partner, "from_date": "2026-10-01", "to_date": "2026-10-31"}
		)
		self.assertEqual({r.sales_partner for r in rows}, {self.partner})
		self.assertEqual(
			{s["label"]: round(s["value"], 2) for s in summary},
			{"Earned": 46.85, "Clawed Back": -21.9, "Paid": 24.95, "Payable": 0},
		)

	def test_a_refund_inside_the_holdback_cancels_the_commission(self):
		order, receipt = self.referred_order("rmd-filing")
		self.refund(receipt, "2026-10-12")
		commissions.run("2026-10-30")
		commissions.run("2026-10-31")
		self.assertEqual(self.records(order.name), [("Commission", "Cancelled", 0)])
		self.assertFalse(
			frappe.db.exists("Agent Commission", {"service_order": order.name, "status": "Payable"})
		)

	def test_an_agent_sees_its_own_referrals_and_earnings_only(self):
		# not frozen: placed after the frozen tests, as later suites in this process do
		mine = orders.place_order(
			[{"service": "rmd-filing"}], new_customer(f"Mine {RUN}"), "Card", sales_partner=self.partner
		)
		theirs = orders.place_order(
			[{"service": "rmd-filing"}],
			new_customer(f"Theirs {RUN}"),
			"Card",
			sales_partner=self.other_partner,
		)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- read over HTTP by another connection
		page = get("/agent", self.user)
		html = page.get_data(as_text=True)
		self.assertEqual(page.status_code, 200, html[:500])
		self.assertIn(mine.name, html)
		self.assertIn(f"A{RUN}", html)
		self.assertNotIn(theirs.name, html)
		self.assertNotIn(f"Theirs {RUN}", html)
		self.assertNotIn(f"B{RUN}", html)
		# nothing else: not the commission records, not the orders they referred
		for path in (
			"/api/resource/Agent Commission",
			f"/api/resource/Service Order/{mine.name}",
			f"/api/resource/Sales Partner/{self.other_partner}",
		):
			response = get(path, self.other_user)
			self.assertIn(response.status_code, (403, 404), path)
			self.assertNotIn(mine.name, response.get_data(as_text=True))
		self.assertEqual(get("/agent", self.not_agent).status_code, 403)
		self.assertEqual(get("/agent").status_code, 302)  # a guest logs in first

	def test_the_referral_link_is_remembered_until_the_guests_first_order(self):
		session = PortalSession()
		visitor = {
			"REMOTE_ADDR": f"10.20.{random.randrange(256)}.{random.randrange(1, 255)}"
		}  # its own limits
		session.open("GET", f"/order/rmd-filing?agent=A{RUN}", environ_overrides=visitor)
		self.assertEqual(session.client.get_cookie(commissions.COOKIE).value, f"A{RUN}")
		self.assertIsNone(commissions.remember_code("nobody"))  # an unknown code is not remembered
		signup = {
			"company_name": f"Guest Carrier {RUN}",
			"full_name": "Gus Guest",
			"email": f"guest-{RUN}@example.com",
		}
		placed = session.open(
			"POST",
			"/api/method/performancewest_erpnext.pw_orders.api.place_order",
			data={
				"items": json.dumps([{"service": "rmd-filing"}]),
				"payment_method": "Card",
				"signup": json.dumps(signup),
			},
			environ_overrides=visitor,
		)
		self.assertEqual(placed.status_code, 200, placed.get_data(as_text=True)[:300])
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a new snapshot, to read what the request committed
		order = placed.json["message"]["order"]
		sales_order = frappe.db.get_value("Service Order", order, "sales_order")
		self.assertEqual(frappe.db.get_value("Sales Order", sales_order, "sales_partner"), self.partner)
