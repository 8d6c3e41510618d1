from contextlib import ExitStack

"""The public compliance check on a site: the guest API over the demo FCC samples, its validation (clear 4xx
for malformed FRNs, never a 500), the per-IP rate limit, the lookup log, and FRN to calendar in one step
(staff: Lead / Customer and Carrier Profile from a check; the carrier: portal sign-up)."""

import json
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import getdate
from pw_test_support.clock import frozen
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from pw_compliance.pw_fcc import api, claims, demo, lookup, onboarding

SUMMIT, BAYOU = "0027184460", "0031542276"
RUN = frappe.generate_hash(length=6).lower()


def statuses(result: dict) -> dict[str, str]:
	return {a["area"]: a["status"] for a in result["areas"]}


class TestFCCCheck(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# the site's clock on the day the statuses below hold (carriers calendared from that day)
		clock = ExitStack()
		clock.enter_context(frozen("2026-11-29 12:00:00"))
		cls.addClassCleanup(clock.close)
		demo.load()  # idempotent: the recorded samples, through the parsers
		frappe.db.commit()

	def test_check_of_the_demo_frns(self):
		day = getdate("2026-11-29")
		summit = lookup.run(SUMMIT, day)
		self.assertEqual(summit["legal_name"], "Summit Ridge Voice LLC")
		self.assertEqual(
			statuses(summit),
			{"cores": "ok", "rmd": "ok", "cpni": "ok", "499a": "ok", "499q": "upcoming", "bdc": "question"},
		)
		area = {a["area"]: a for a in summit["areas"]}
		self.assertEqual(area["rmd"]["details"]["stir_shaken"], "Complete STIR/SHAKEN Implementation")
		self.assertEqual(area["rmd"]["details"]["certified_on"], "2026-02-10")
		self.assertEqual(area["cpni"]["match_method"], "FRN")
		self.assertEqual(area["499a"]["data"]["title"], "Form 499 Filer Database")
		self.assertIsNotNone(area["499a"]["data"]["last_success"])
		self.assertTrue(all(a["rule"] and a["source"] for a in summit["areas"]))

		bayou = lookup.run(BAYOU, day)
		self.assertEqual(
			{k: v for k, v in statuses(bayou).items() if k != "bdc"},
			{"cores": "ok", "rmd": "past_due", "cpni": "past_due", "499a": "past_due", "499q": "exempt"},
		)
		self.assertEqual({a["area"]: a for a in bayou["areas"]}["cpni"]["match_method"], "499 Filer ID")
		self.assertEqual(bayou["order_url"], "/order/fcc-compliance?services=rmd,cpni,499a")

		answered = lookup.run(BAYOU, day, broadband=False, voice=True)
		bdc = {a["area"]: a for a in answered["areas"]}["bdc"]
		self.assertEqual((bdc["status"], bdc["service"]), ("due", "bdc-voice"))
		self.assertIn("bdc-voice", answered["services"])

	def test_guest_api_logs_the_lookup(self):
		lookup.flush_logs()
		before = frappe.db.count("FCC Compliance Check Log", {"frn": BAYOU})
		result = api.check(BAYOU)
		self.assertNotIn("_matched", result)
		self.assertIn("entity_type", result["questions"])
		# the request only queues the row; the flush writes it, once, even when repeated after a crash
		self.assertEqual(frappe.db.count("FCC Compliance Check Log", {"frn": BAYOU}), before)
		queue = lookup._log_queue()
		queued = queue.lrange(lookup._log_key(), 0, -1)
		self.assertEqual(json.loads(queued[-1])["frn"], BAYOU)
		self.assertGreaterEqual(lookup.flush_logs(), 1)
		self.assertEqual(frappe.db.count("FCC Compliance Check Log", {"frn": BAYOU}), before + 1)
		queue.rpush(lookup._log_key(":flushing"), queued[-1])  # a flush that died before dropping its copy
		self.assertEqual(lookup.flush_logs(), 1)
		self.assertEqual(lookup.flush_logs(), 0)
		self.assertEqual(frappe.db.count("FCC Compliance Check Log", {"frn": BAYOU}), before + 1)
		log = frappe.get_doc("FCC Compliance Check Log", json.loads(queued[-1])["name"])
		self.assertEqual(
			(log.legal_name, log.filer, log.needs_action), ("Bayou Connect Telecom, Inc.", "829977", 3)
		)
		self.assertIn("rmd: past_due", log.summary)
		self.assertIsNone(log.ip_hash)  # no request, no visitor
		self.assertEqual(json.loads(log.result)["frn"], BAYOU)

	def test_the_check_reads_in_two_statements_and_writes_nothing(self):
		"""The public check's database cost: one statement for what the FRN finds, one for the names and
		filer IDs those records reveal; its log row waits in Redis (no write while the visitor waits)."""
		queries: list[str] = []
		original = frappe.db.__class__.sql

		def counted(db, query, *args, **kwargs):
			queries.append(str(query))
			return original(db, query, *args, **kwargs)

		for frn, most in ((SUMMIT, 2), (BAYOU, 2), ("0000000001", 1)):
			api.check(frn)  # caches warm (settings, data sources, catalog keys)
			queries.clear()
			with patch.object(frappe.db.__class__, "sql", counted):
				api.check(frn)
			self.assertLessEqual(len(queries), most, "\n".join(queries))
			self.assertFalse([q for q in queries if q.split()[0].lower() in ("insert", "update", "delete")])
		lookup.flush_logs()

	def test_malformed_frns_are_a_clear_400(self):
		lookup.flush_logs()
		before = frappe.db.count("FCC Compliance Check Log")
		for frn in ("12345678a0", "001234567", "00123456789", "0012345678' OR '1'='1", "<b>0012345678</b>",
			"", None, "0012 345678", "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff10"):  # fmt: skip
			with self.assertRaises(onboarding.BadRequestError) as raised:
				api.check(frn)
			self.assertEqual(raised.exception.http_status_code, 400)
		with self.assertRaises(onboarding.BadRequestError):
			api.check(SUMMIT, broadband="maybe")
		lookup.flush_logs()
		self.assertEqual(frappe.db.count("FCC Compliance Check Log"), before)
		self.assertEqual(
			api.check(" 0000000001 ")["frn"], "0000000001"
		)  # unknown FRN: a result, not an error

	def test_rate_limit_per_ip(self):
		frappe.local.request = Request(EnvironBuilder(method="POST", path="/api/method/x").get_environ())
		frappe.local.request_ip = "203.0.113.9"
		frappe.local.form_dict = frappe._dict(cmd="pw_compliance.pw_fcc.api.check")
		for ip in ("203.0.113.9", "198.51.100.7"):  # counters of an earlier run within the hour
			frappe.cache.delete(frappe.cache.make_key(f"rl:pw_compliance.pw_fcc.api.check:{ip}"))
		frappe.local.conf.pw_fcc_check_rate_limit = 3
		try:
			for _ in range(3):
				api.check(SUMMIT)
			with self.assertRaises(frappe.RateLimitExceededError) as raised:
				api.check(SUMMIT)
			self.assertEqual(raised.exception.http_status_code, 429)
			queued = lookup._log_queue().lrange(lookup._log_key(), -1, -1)
			lookup.flush_logs()
			log = frappe.get_doc("FCC Compliance Check Log", json.loads(queued[0])["name"])
			self.assertEqual(len(log.ip_hash), 16)  # a salted hash, never the address
			frappe.local.request_ip = "198.51.100.7"  # another visitor is not limited
			api.check(SUMMIT)
		finally:
			frappe.local.conf.pop("pw_fcc_check_rate_limit", None)
			frappe.local.request = None
			frappe.local.form_dict = frappe._dict()

	def test_staff_lead_and_customer_from_a_check(self):
		api.check(BAYOU)
		lookup.flush_logs()
		log = frappe.get_last_doc("FCC Compliance Check Log", {"frn": BAYOU})
		lead = onboarding.lead_from_check(log.name)
		self.assertEqual(frappe.db.get_value("Lead", lead, ["pw_frn", "company_name", "source"]),
			(BAYOU, "Bayou Connect Telecom, Inc.", "FCC Compliance Check"))  # fmt: skip
		self.assertEqual(onboarding.lead_from_check(log.name), lead)

		frappe.db.delete("Carrier Profile", {"frn": BAYOU})
		done = onboarding.customer_from_check(
			log.name,
			{
				"entity_type": "corporation",
				"formation_jurisdiction": "LA",
				"formed_on": "2019-04-02",
				"holds_numbering": "no",
				"broadband": "no",
				"voice": "yes",
			},  # fmt: skip
		)
		profile = frappe.get_doc("Carrier Profile", done["carrier_profile"])
		self.assertEqual((profile.frn, profile.filer_499_id, profile.de_minimis), (BAYOU, "829977", 1))
		self.assertEqual(
			(profile.clec, profile.ixc, profile.interconnected_voip), (1, 1, 0)
		)  # CAP/CLEC, Toll Reseller
		self.assertEqual(
			(profile.rmd_status, profile.bdc_voice, profile.entity_type), ("Filed", 1, "corporation")
		)
		obligations = {
			e.obligation
			for e in frappe.get_all("Compliance Entry", {"carrier_profile": profile.name}, ["obligation"])
		}
		self.assertTrue({"fcc-499a", "cpni", "bdc"} <= obligations)
		self.assertNotIn("fcc-499q", obligations)  # de minimis
		self.assertEqual(frappe.db.get_value("Lead", lead, "customer"), done["customer"])
		self.assertEqual(onboarding.customer_from_check(log.name)["carrier_profile"], profile.name)

	def test_carrier_signs_up_from_its_frn(self):
		frappe.db.delete("Carrier Profile", {"frn": SUMMIT})
		email = f"fcc-{RUN}@example.com"
		signup = {"company_name": f"Summit Ridge Voice LLC {RUN}", "full_name": "Sam Summit", "email": email}
		users = frappe.db.count("User")
		with self.assertRaises(onboarding.BadRequestError):  # checked before anything is written
			api.sign_up(SUMMIT, signup, {"entity_type": "sole proprietor"})
		with self.assertRaises(onboarding.BadRequestError):
			api.sign_up(SUMMIT, signup, {"formed_on": "2999-01-01"})
		self.assertEqual(frappe.db.count("User"), users)
		frappe.set_user("Guest")
		try:
			with patch.object(claims, "send_confirmation") as sent:
				done = api.sign_up(SUMMIT, signup, {"entity_type": "llc", "formation_jurisdiction": "CO",
					"formed_on": "2018-05-01", "broadband": False, "voice": True})  # fmt: skip
			# the profile and calendar follow the CORES contact's confirmation (test_frn_claims)
			confirmed = claims.confirm(sent.call_args.args[1])
		finally:
			frappe.set_user("Administrator")
		profile = frappe.get_doc("Carrier Profile", confirmed["carrier_profile"])
		self.assertEqual(profile.customer, done["customer"])
		self.assertEqual(
			(profile.filer_499_id, profile.interconnected_voip, profile.de_minimis), ("834512", 1, 0)
		)
		self.assertEqual((profile.rmd_status, profile.formation_jurisdiction), ("Certified", "CO"))
		titles = {e.title for e in onboarding.calendar_of(profile.name)}
		self.assertIn("FCC Form 499-Q", titles)
		self.assertIn("Carrier Customer", frappe.get_roles(email))
		with self.assertRaises(claims.AlreadyLinkedError):
			api.sign_up(SUMMIT, {**signup, "email": f"other-{RUN}@example.com"}, {})

	def test_the_page_renders_for_guests(self):
		from frappe.utils import set_request
		from frappe.website.serve import get_response

		set_request(method="GET", path="/tools/fcc-compliance-check")
		frappe.set_user("Guest")
		try:
			response = get_response("tools/fcc-compliance-check")
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(response.status_code, 200)
		html = response.get_data(as_text=True)
		self.assertIn('id="pw-check"', html)
		self.assertIn("pw_compliance.pw_fcc.api.check", html)
