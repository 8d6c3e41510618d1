"""Background jobs as the README describes them, on real RQ workers (every other Frappe test runs jobs
inline): one `advance` job per order at a time (`pw-order::<order>`, deduplicated), and provider
webhooks answered at once and processed by a queued job (`pw-webhook::<event>`)."""

import json
import time

import frappe
import pymysql
from frappe.tests.utils import FrappeTestCase
from frappe.utils.background_jobs import create_job_id, get_job, get_queue
from pw_test_support.served import Call, ServedSite
from rq.job import JobStatus

from performancewest_erpnext.pw_orders import engine, orders
from performancewest_erpnext.pw_orders.customers import ensure_portal_customer
from performancewest_erpnext.tests.test_checkout import RUN, configure_stripe, signed

ADVANCE = "performancewest_erpnext.pw_orders.engine.advance"
SERVICE = f"t-jobs-{RUN}"


def other_connection() -> pymysql.Connection:
	"""A second database session (the test's own holds its transaction open)."""
	conf = frappe.conf
	return pymysql.connect(
		host=conf.db_host or "127.0.0.1",
		port=int(conf.db_port or 3306),
		user=conf.db_user or conf.db_name,
		password=conf.db_password,
		database=conf.db_name,
		autocommit=False,
	)


def wait_for(condition, what: str, timeout: float = 60) -> None:
	deadline = time.monotonic() + timeout
	while not condition():
		if time.monotonic() > deadline:
			raise TimeoutError(what)
		time.sleep(0.2)


class TestBackgroundJobs(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if not frappe.db.exists("Catalog Service", SERVICE):
			frappe.get_doc(
				{
					"doctype": "Catalog Service",
					"slug": SERVICE,
					"service_name": f"Jobs Test {RUN}",
					"rate": 50,
				}
			).insert()
		cls.customer = ensure_portal_customer(f"Jobs Test {RUN}", f"jobs-{RUN}@example.com", "Joe Jobs")
		configure_stripe()
		frappe.db.commit()  # nosemgrep: the served site and the workers read committed data only
		cls.served = ServedSite(workers=1)
		cls.served.start()
		cls.addClassCleanup(cls.served.stop)

	def enqueue_for_real(self, fn, *args) -> None:
		"""What the site does outside tests: `frappe.enqueue` to Redis (tests run jobs inline)."""
		in_test = frappe.flags.in_test
		frappe.flags.in_test = False
		try:
			fn(*args)
			frappe.db.commit()  # nosemgrep: enqueue_after_commit
		finally:
			frappe.flags.in_test = in_test

	def test_one_advance_job_per_order_at_a_time(self):
		order = orders.place_order([{"service": SERVICE}], self.customer, "Card").name
		frappe.db.commit()  # nosemgrep: the worker reads committed data only
		job_id = f"pw-order::{order}"  # get_job adds the site; RQ's id is create_job_id(job_id)
		queue = get_queue("long")
		holder = other_connection()
		try:
			with holder.cursor() as cursor:  # the job's first step locks the order row: it waits here
				cursor.execute("select name from `tabService Order` where name = %s for update", (order,))
			self.enqueue_for_real(engine.enqueue_advance, order)
			wait_for(lambda: get_job(job_id) and get_job(job_id).get_status() == JobStatus.STARTED,
				f"{job_id} never started: {self.served.log()}")  # fmt: skip
			for _again in range(3):  # payments, steps and staff all ask for the order to move on
				self.enqueue_for_real(engine.enqueue_advance, order)
			self.assertNotIn(
				create_job_id(job_id), queue.get_job_ids(), "a second job of the order was queued"
			)
			self.assertEqual(get_job(job_id).get_status(), JobStatus.STARTED)
		finally:
			holder.rollback()
			holder.close()
		self.served.wait_for_jobs((ADVANCE,))
		finished = get_job(job_id)
		self.assertEqual(finished.get_status(), JobStatus.FINISHED, self.served.log())
		ran_at = finished.started_at
		self.enqueue_for_real(engine.enqueue_advance, order)  # a finished job does not hold the next one
		self.served.wait_for_jobs((ADVANCE,))
		self.assertGreater(get_job(job_id).started_at, ran_at)

	def test_a_webhook_is_answered_at_once_and_processed_by_a_queued_job(self):
		event_id = f"evt_{frappe.generate_hash(length=12)}"
		payload = json.dumps({"id": event_id, "object": "event", "type": "customer.created",
			"data": {"object": {"id": f"cus_{RUN}", "object": "customer"}}})  # fmt: skip
		call = Call(
			"POST",
			"/api/method/performancewest_erpnext.pw_checkout.webhooks.stripe",
			data=payload,
			headers={"Stripe-Signature": signed(payload), "Content-Type": "application/json"},
		)
		answer = self.served.request(call)
		self.assertEqual((answer.status, answer.body["message"]), (200, {"status": "queued"}), answer.text)
		name = f"Stripe Checkout:{event_id}"
		job_id = f"pw-webhook::{name}"
		job = get_job(job_id)
		self.assertIsNotNone(job, "processed inline, not queued")  # an inline run leaves no RQ job
		self.served.wait_for_jobs(("performancewest_erpnext.pw_checkout",))
		frappe.db.rollback()  # a fresh read of what the worker committed
		self.assertEqual(frappe.db.get_value("Integration Request", name, "status"), "Completed")
		enqueued_at = get_job(job_id).enqueued_at
		again = self.served.request(call)  # the provider retries: stored once, no second job
		self.assertEqual(again.body["message"], {"status": "duplicate"}, again.text)
		self.assertEqual(get_job(job_id).enqueued_at, enqueued_at)
