"""Service orders end to end on a real site: catalog, ordering, payment, the identity gate, the
fulfilment engine (retries, staff tasks, crash recovery), review and delivery."""

from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime

from performancewest_erpnext.pw_orders import api, catalog, engine, orders
from performancewest_erpnext.pw_orders.customers import ensure_portal_customer
from performancewest_erpnext.pw_orders.demo import close_staff_tasks, pay, verify
from performancewest_erpnext.pw_orders.steps import Auto, Handler, StaffTask

RUN = frappe.generate_hash(length=6).lower()
AUTO, STAFF, BUNDLE = f"t-auto-{RUN}", f"t-staff-{RUN}", f"t-bundle-{RUN}"
A, B, FEE = f"t-a-{RUN}", f"t-b-{RUN}", f"t-fee-{RUN}"

# An outside system that honours idempotency keys, and how often it should fail
EXTERNAL: dict[str, int] = {}
FAILURES = {"left": 0}


def _file_with_registry(ctx) -> str:
	if FAILURES["left"] > 0:
		FAILURES["left"] -= 1
		raise ConnectionError("registry timed out")
	EXTERNAL[ctx.idempotency_key] = EXTERNAL.get(ctx.idempotency_key, 0) + 1
	return f"REG-{ctx.idempotency_key}"


def _find_in_registry(ctx) -> str | None:
	return f"REG-{ctx.idempotency_key}" if ctx.idempotency_key in EXTERNAL else None


HANDLER = Handler(
	(
		Auto(
			"file_with_registry",
			run=_file_with_registry,
			find=_find_in_registry,
			title="File with the registry",
		),
		StaffTask("check_filing", "Check the registry's acknowledgement", title="Check the filing"),
	)
)


def handler() -> Handler:
	return HANDLER


REAL_REGISTERED = engine._registered


def registered(slug: str) -> str | None:
	"""The test's own handler for its service; the site's handlers for every other (the scheduler's retry
	sweep also advances other suites' orders on the site)."""
	mine = slug.startswith("t-auto-")  # this run's service, or an earlier run's left on the site
	return "performancewest_erpnext.tests.test_orders.handler" if mine else REAL_REGISTERED(slug)


def make_service(slug: str, rate: float, **values) -> None:
	if not frappe.db.exists("Catalog Service", slug):
		frappe.get_doc(
			{"doctype": "Catalog Service", "slug": slug, "service_name": slug.title(), "rate": rate, **values}
		).insert()


def set_attempts(limit: int) -> None:
	frappe.db.set_single_value("Performance West Settings", "max_step_attempts", limit)
	frappe.db.commit()  # nosemgrep: the engine commits between attempts; the setting must outlive them


def counts() -> dict[str, int]:
	return {
		dt: frappe.db.count(dt)
		for dt in ("Service Order", "Sales Order", "Sales Invoice", "Customer", "User")
	}


class TestServiceOrders(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_service(AUTO, 300)
		make_service(STAFF, 200)
		make_service(BUNDLE, 500, bundle_items=[{"service": AUTO}, {"service": STAFF}])
		make_service(A, 100, discount_eligible=1)
		make_service(B, 200, discount_eligible=1)
		make_service(
			FEE,
			50,
			per_jurisdiction=1,
			government_fee_basis="Fixed",
			government_fees=[{"jurisdiction": "WY", "description": "Wyoming filing fee", "amount": 100}],
		)
		cls.email = f"orders-{RUN}@example.com"
		cls.customer = ensure_portal_customer(f"Order Test {RUN}", cls.email, "Olive Tester")
		cls.verified = ensure_portal_customer(
			f"Order Verified {RUN}", f"verified-{RUN}@example.com", "Vera Fied"
		)
		verify(cls.verified)
		frappe.db.commit()  # nosemgrep: the engine commits; the fixtures must exist for it

	def setUp(self):
		EXTERNAL.clear()
		FAILURES["left"] = 0
		self.handlers = patch.object(engine, "_registered", side_effect=registered)
		self.handlers.start()
		self.addCleanup(self.handlers.stop)
		frappe.set_user("Administrator")

	def place_as_customer(self, items, payment_method="PayPal") -> dict:
		frappe.set_user(self.email)
		try:
			return api.place_order(items, payment_method)
		finally:
			frappe.set_user("Administrator")

	def test_bundle_order_from_portal_to_delivery(self):
		placed = self.place_as_customer(
			[{"service": BUNDLE}, {"service": A}, {"service": B}, {"service": FEE, "jurisdictions": ["wy"]}]
		)
		order = frappe.get_doc("Service Order", placed["order"])
		self.assertEqual(order.status, "Awaiting Payment")
		self.assertEqual(order.customer, self.customer)

		# Sales Order and Sales Invoice: list prices, the multi-service discount on A and B, the state fee
		si = frappe.get_doc("Sales Invoice", order.sales_invoice)
		lines = {
			(row.item_code, row.qty, row.price_list_rate, row.discount_percentage, row.amount)
			for row in si.items
		}
		fee_item = frappe.db.get_single_value("Performance West Settings", "government_fee_item")
		self.assertEqual(
			lines,
			{
				(BUNDLE, 1, 500, 0, 500),
				(A, 1, 100, 15, 85),
				(B, 1, 200, 15, 170),
				(FEE, 1, 50, 0, 50),
				(fee_item, 1, 100, 0, 100),
			},
		)
		# PayPal's 3% surcharge is its own labelled line on the invoice: 3% of 905
		self.assertEqual(
			[(t.description, t.tax_amount) for t in si.taxes], [("PayPal payment surcharge (3%)", 27.15)]
		)
		self.assertEqual((si.docstatus, si.grand_total, si.outstanding_amount), (1, 932.15, 932.15))
		self.assertEqual((order.grand_total, order.discount_amount, order.surcharge), (932.15, 45, 27.15))
		self.assertEqual(frappe.db.get_value("Sales Order", order.sales_order, "docstatus"), 1)
		# one track per service, the bundle's members in a chain
		tracks = [(t.service, t.bundle, t.after_track) for t in order.tracks]
		self.assertEqual(tracks[:2], [(AUTO, BUNDLE, 0), (STAFF, BUNDLE, 1)])
		self.assertEqual(len(tracks), 5)

		# payment: PayPal funds are available at once, but the identity gate holds the order
		FAILURES["left"] = 10
		pay(order.name)
		order.reload()
		self.assertEqual((order.status, order.waiting_on), ("Waiting", "Identity"))
		self.assertTrue(order.identity_verification)
		self.assertFalse([r for r in order.steps if r.status != "Pending"])
		self.assertRaises(frappe.ValidationError, engine.set_status, order, "In Progress")

		# verified: the steps run; the registry step fails, is retried with backoff, then lands with staff
		frappe.get_doc("Identity Verification", order.identity_verification).verify(notes="passport checked")

		def step():
			return frappe.get_doc("Service Order Step", {"parent": order.name, "step": "file_with_registry"})

		self.assertEqual((step().status, step().attempts), ("Pending", 1))
		self.assertGreater(step().retry_at, now_datetime())
		for _attempt in range(2):
			frappe.db.set_value(
				"Service Order Step", step().name, "retry_at", add_to_date(now_datetime(), minutes=-1)
			)
			engine.run_due_retries()
		self.assertEqual((step().status, step().attempts), ("Needs Staff", 3))
		self.assertIn("registry timed out", step().last_error)
		order.reload()
		self.assertEqual((order.status, order.waiting_on), ("Waiting", "Staff"))
		self.assertEqual(frappe.db.get_value("ToDo", step().todo, ["status", "priority"]), ("Open", "High"))
		self.assertIn(order.name, [r.name for r in engine.stuck()])
		self.assertEqual(EXTERNAL, {})

		# staff resolve every task they are handed until the order is ready for review
		for _round in range(4):
			close_staff_tasks(order.name)
		order.reload()
		self.assertEqual(order.status, "Review")
		self.assertTrue(all(r.status == "Done" for r in order.steps))
		self.assertEqual(frappe.db.count("ToDo", {"reference_name": order.name, "status": "Open"}), 0)

		orders.approve(order.name)
		order.reload()
		self.assertEqual(order.status, "Delivered")
		self.assertTrue(
			frappe.db.exists(
				"Email Queue", {"reference_doctype": "Service Order", "reference_name": order.name}
			)
		)
		path = [t.to_status for t in order.transitions]
		self.assertEqual(path[0], "Funds Pending")
		self.assertEqual(path[-2:], ["Review", "Delivered"])
		self.assertIn("Waiting (Identity)", path)
		self.assertIn("Waiting (Staff)", path)
		self.assertTrue(all(t.changed_by and t.changed_on for t in order.transitions))

	def test_a_worker_killed_after_the_side_effect_does_not_repeat_it(self):
		order = orders.place_order([{"service": AUTO}], self.verified, "PayPal")
		with patch.object(engine, "enqueue_advance"):
			pay(order.name)
		self.assertEqual(frappe.db.get_value("Service Order", order.name, "status"), "In Progress")
		with patch.object(engine, "_finish_step", side_effect=SystemExit("worker killed")):
			self.assertRaises(SystemExit, engine.advance, order.name)
		frappe.db.rollback()  # what the dead worker's connection does
		row = frappe.get_doc("Service Order Step", {"parent": order.name, "step": "file_with_registry"})
		self.assertEqual((row.status, EXTERNAL), ("Running", {row.idempotency_key: 1}))

		engine.advance(order.name)
		row.reload()
		self.assertEqual(row.status, "Done")
		self.assertEqual(row.external_reference, f"REG-{row.idempotency_key}")
		self.assertEqual(EXTERNAL, {row.idempotency_key: 1})  # filed once
		self.assertEqual(
			frappe.db.get_value("Service Order", order.name, ["status", "waiting_on"]), ("Waiting", "Staff")
		)

	def test_ops_retry_a_step_that_needs_staff(self):
		order = orders.place_order([{"service": AUTO}], self.verified, "PayPal")
		FAILURES["left"] = 1
		set_attempts(1)
		self.addCleanup(set_attempts, 3)
		pay(order.name)
		row = frappe.get_doc("Service Order Step", {"parent": order.name, "step": "file_with_registry"})
		self.assertEqual(row.status, "Needs Staff")
		todo = row.todo
		self.assertEqual(engine.retry(order.name), 1)
		row.reload()
		self.assertEqual((row.status, frappe.db.get_value("ToDo", todo, "status")), ("Done", "Cancelled"))

	def test_order_numbers_follow_on_with_a_counter_of_their_own(self):
		from performancewest_erpnext.patches.v1_0 import own_series_counters

		first = orders.place_order([{"service": AUTO}], self.verified, "PayPal").name
		prefix, number = first[:-5], int(first[-5:])
		# another DocType's numbers no longer take from the orders' counter
		frappe.get_doc(
			{"doctype": "Identity Verification", "customer": self.verified, "provider": "Manual"}
		).insert()
		self.assertEqual(
			orders.place_order([{"service": AUTO}], self.verified, "PayPal").name, f"{prefix}{number + 1:05d}"
		)
		# a site whose orders were numbered by the old shared counter: the patch starts after the highest
		frappe.db.sql("delete from `tabSeries` where name = %s", prefix)
		own_series_counters.execute()
		self.assertEqual(
			orders.place_order([{"service": AUTO}], self.verified, "PayPal").name, f"{prefix}{number + 2:05d}"
		)

	def test_prices_are_copied_so_a_catalog_change_leaves_orders_alone(self):
		order = orders.place_order([{"service": A}], self.verified, "Bank Transfer")
		service = frappe.get_doc("Catalog Service", A)
		service.rate = 130
		service.save()
		self.addCleanup(lambda: frappe.get_doc("Catalog Service", A).update({"rate": 100}).save())
		self.assertEqual(
			frappe.db.get_value(
				"Item Price", {"item_code": A, "price_list": "Standard Selling"}, "price_list_rate"
			),
			130,
		)
		order.reload()
		self.assertEqual((order.items[0].rate, order.grand_total), (100, 100))
		self.assertEqual(frappe.db.get_value("Sales Invoice", order.sales_invoice, "grand_total"), 100)
		self.assertEqual(orders.make_quote(orders.parse_items([{"service": A}])).total, 130)

	def test_bad_orders_are_refused_and_leave_nothing_behind(self):
		before = counts()
		bad = [
			[{"service": "no-such-service"}],
			[{"service": A, "qty": -1}],
			[{"service": A, "qty": "two"}],
			[{"service": "cpni-certification"}],  # a variant must be chosen
			[{"service": "cpni-certification", "variant": "martian"}],
			[{"service": FEE}],  # needs a state
			[{"service": A}, {"service": A}],
			[],
			"not json",
		]
		for items in bad:
			with self.subTest(items=items):
				self.assertRaises(frappe.ValidationError, orders.place_order, items, self.verified)
		self.assertRaises(frappe.ValidationError, orders.place_order, [{"service": A}], "No Such Customer")
		self.assertRaises(
			frappe.ValidationError, orders.place_order, [{"service": A}], self.verified, "Cheque"
		)
		with patch.object(orders, "_sales_invoice", side_effect=frappe.ValidationError("ledger closed")):
			self.assertRaises(frappe.ValidationError, orders.place_order, [{"service": A}], self.verified)
		self.assertEqual(counts(), before)

	def test_guest_signup_creates_the_customer_once_and_checks_every_field(self):
		before = counts()
		frappe.set_user("Guest")
		try:
			for signup in (
				{},
				{"company_name": "X Telecom", "full_name": "Xavier"},
				{"company_name": "X Telecom", "full_name": "Xavier", "email": "not-an-address"},
				{
					"company_name": "X Telecom",
					"full_name": "Xavier",
					"email": self.email,
				},  # already has an account
			):
				with self.subTest(signup=signup):
					self.assertRaises(
						frappe.ValidationError, api.place_order, [{"service": A}], "Card", signup
					)
			self.assertEqual(counts(), before)
			email = f"new-{RUN}@example.com"
			placed = api.place_order(
				[{"service": A}],
				"Card",
				{"company_name": f"New Carrier {RUN}", "full_name": "Nia New", "email": email},
			)
		finally:
			frappe.set_user("Administrator")
		self.assertTrue(placed["new_account"])
		customer = frappe.db.get_value("Service Order", placed["order"], "customer")
		self.assertEqual(
			frappe.db.get_value("Portal User", {"parent": customer, "user": email}, "parent"), customer
		)
		self.assertEqual(frappe.db.count("Contact", {"email_id": email}), 1)
		self.assertIn("Carrier Customer", frappe.get_roles(email))
		self.assertEqual(frappe.db.get_value("User", email, "user_type"), "Website User")

	def test_invalid_transitions_are_refused_with_a_reason(self):
		order = orders.place_order([{"service": A}], self.verified, "Card")
		with self.assertRaisesRegex(frappe.ValidationError, "cannot go from Awaiting Payment to Delivered"):
			engine.set_status(order, "Delivered")
		self.assertRaises(frappe.ValidationError, orders.approve, order.name)
		doc = frappe.get_doc("Service Order", order.name)
		doc.status = "Review"
		self.assertRaises(frappe.ValidationError, doc.save)
		orders.cancel(order.name, "customer changed their mind")
		self.assertEqual(frappe.db.get_value("Sales Invoice", order.sales_invoice, "docstatus"), 2)
		self.assertRaises(
			frappe.ValidationError,
			engine.set_status,
			frappe.get_doc("Service Order", order.name),
			"Funds Pending",
		)

	def test_order_page_preselects_services_by_alias(self):
		from performancewest_erpnext.www.pw_order import get_context

		frappe.form_dict.update({"key": "fcc-compliance", "services": "cpni,499a"})
		self.addCleanup(frappe.form_dict.clear)
		context = frappe._dict()
		get_context(context)
		self.assertEqual(context.preselected, ["cpni-certification", "fcc-499a"])
		self.assertIn("new-carrier-bundle", [s.name for s in context.services])
		frappe.form_dict.update({"key": "nothing-here", "services": ""})
		self.assertRaises(frappe.PageDoesNotExistError, get_context, frappe._dict())

	def test_catalog_rules_are_checked(self):
		self.assertEqual(catalog.resolve("CPNI"), "cpni-certification")
		for values in (
			{"slug": "Bad Slug"},
			{"slug": f"t-neg-{RUN}", "rate": -5},
			{"slug": f"t-nest-{RUN}", "bundle_items": [{"service": BUNDLE}]},
			{"slug": f"t-fixed-{RUN}", "government_fee_basis": "Fixed"},
		):
			with self.subTest(values=values):
				doc = frappe.get_doc({"doctype": "Catalog Service", "service_name": "X", "rate": 1, **values})
				self.assertRaises(frappe.ValidationError, doc.insert)
