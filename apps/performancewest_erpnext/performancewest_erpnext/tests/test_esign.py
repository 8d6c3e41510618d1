"""eSign on a real site: an order whose step waits for the customer's signature, signed through the
e-mailed link's page and API, the signed PDF and its hashes recorded, the order resumed; every bad link
(tampered, expired, reused, superseded, cancelled, unknown, wrong signer) refused with a clear 4xx page;
the audit trail locked."""

import base64
import email
import io
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlparse

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import set_request
from frappe.website.serve import get_response
from PIL import Image, ImageDraw
from pypdf import PdfReader

from performancewest_erpnext.pw_documents import api, convert, demo, esign, storage
from performancewest_erpnext.pw_documents.core import pdfs, tokens
from performancewest_erpnext.pw_orders import engine
from performancewest_erpnext.pw_orders.demo import pay
from performancewest_erpnext.tests import documents_fixtures as fx

RUN = frappe.generate_hash(length=6).lower()
# an address of its own per run: the signing endpoint is rate limited per IP (30 an hour)
IP = f"198.51.{int(RUN[:2], 16)}.{int(RUN[2:4], 16) % 254 + 1}"
UA = "Mozilla/5.0 (X11; Linux x86_64) PWTest/1.0"
FIXTURES: dict = {}


def fixtures() -> dict:
	if not FIXTURES:
		FIXTURES["customer"], FIXTURES["email"] = fx.customer("Signer", RUN)
		FIXTURES["other"], FIXTURES["other_email"] = fx.customer("Stranger", RUN)
		FIXTURES["slug"] = fx.service(f"t-sign-{RUN}")
		demo.ensure_template(demo.LETTER, demo.LETTER_TEXT, "Letter")
		demo.ensure_template(demo.CERTIFICATE, demo.CERTIFICATE_TEXT, "Certificate")
		frappe.db.commit()  # nosemgrep: the engine commits; the fixtures must exist for it
	return FIXTURES


def mail_html(raw: str) -> str:
	message = email.message_from_string(raw)
	part = next(p for p in message.walk() if p.get_content_type() == "text/html")
	return part.get_payload(decode=True).decode()


def token_of(url: str) -> str:
	return parse_qs(urlparse(url).query)["token"][0]


def request_context(method: str = "GET", path: str = "/") -> None:
	set_request(method=method, path=path, headers={"User-Agent": UA})
	frappe.local.request_ip = IP


def page(token: str) -> tuple[int, str]:
	"""Render /esign?token=... as the website would (status code and HTML)."""
	request_context(path=f"/esign?token={token}")
	frappe.local.form_dict = frappe._dict(token=token)
	response = get_response()
	return response.status_code, response.get_data(as_text=True)


def submit(token: str, **values) -> dict:
	request_context("POST", "/api/method/performancewest_erpnext.pw_documents.api.esign_submit")
	args = {"consent": 1, "signature_type": "Typed", "typed_name": values.pop("name", None)} | values
	return api.esign_submit(token, **args)


def drawn_png() -> str:
	image = Image.new("RGBA", (400, 120), (255, 255, 255, 0))
	ImageDraw.Draw(image).line([(20, 90), (120, 20), (220, 100), (380, 30)], fill=(10, 20, 90, 255), width=5)
	out = io.BytesIO()
	image.save(out, "PNG")
	return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


class ESignCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		fx.reset_settings()
		for key, value in fixtures().items():
			setattr(cls, key, value)

	def setUp(self):
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.request = None
		frappe.local.form_dict = frappe._dict()

	def refused(self, token: str, reason: str, status: int) -> None:
		code, html = page(token)
		self.assertEqual(code, status, reason)
		self.assertIn(f'data-reason="{reason}"', html)
		self.assertIn(esign.refusal(tokens.LinkError(reason))[1], html)
		self.assertNotIn("pw-esign-form", html)
		with self.assertRaises(api.LinkRefused) as e:
			submit(token, name="Signer Tester")
		self.assertEqual(e.exception.http_status_code, status)


class TestSigningResumesTheOrder(ESignCase):
	def test_the_customer_signs_and_the_order_carries_on(self):
		with fx.handlers({self.slug: fx.DEMO_HANDLER}):
			order = fx.order(self.customer, self.slug)
			pay(order)  # PayPal funds clear at once: the steps run up to the signature
			self.assertEqual(
				frappe.db.get_value("Service Order", order, ["status", "waiting_on"]), ("Waiting", "Customer")
			)
			request = frappe.get_doc("eSign Request", {"service_order": order})
			self.assertEqual(
				(request.status, request.signer_email, request.order_step),
				("Sent", self.email, "letter_signed"),
			)
			letter = frappe.get_doc("Order Document", request.order_document)
			self.assertEqual((letter.status, letter.esign_request), ("Awaiting Signature", request.name))
			self.assertEqual(len(request.token_hash), 64)

			# the e-mailed link, then a fresh one that supersedes it
			mail = frappe.get_last_doc(
				"Email Queue", {"reference_doctype": "eSign Request", "reference_name": request.name}
			)
			emailed = re.search(r"/esign\?token=([\w.-]+)", mail_html(mail.message)).group(1)
			self.assertEqual(tokens.read(esign._key(), emailed).request, request.name)
			token = token_of(esign.link_for(request.name))
			self.refused(emailed, "used", 410)

			self.assertEqual(page(token)[0], 403)  # staff logged in are not the signer
			frappe.set_user("Guest")  # the signer opens the e-mailed link
			code, html = page(token)
			self.assertEqual(code, 200)
			self.assertIn("Demo Engagement Letter", html)
			self.assertIn("api.esign_pdf?token=", html)
			request_context()
			frappe.local.response = frappe._dict()
			api.esign_pdf(token)
			original = frappe.local.response.filecontent
			self.assertEqual(pdfs.sha256(original), letter.sha256)

			with self.assertRaises(frappe.ValidationError):
				submit(token, name="Someone Else")  # the typed name must be the signer's
			result = submit(token, name="Signer Tester")
			frappe.set_user("Administrator")

		request.reload()
		signed = frappe.get_doc("Order Document", request.signed_document)
		content = storage.read(signed.storage, signed.file_key)
		self.assertEqual(result["signed_document"], signed.name)
		self.assertEqual(request.status, "Signed")
		self.assertEqual((request.signer_ip, request.user_agent, request.signature_type), (IP, UA, "Typed"))
		self.assertFalse(request.token_hash)
		self.assertEqual(request.sha256_before, letter.sha256)
		self.assertEqual(request.sha256_after, pdfs.sha256(content))
		self.assertEqual(signed.sha256, request.sha256_after)
		self.assertEqual(
			(signed.kind, signed.status, signed.signed_from), ("Signed Document", "Signed", letter.name)
		)
		self.assertEqual(signed.page_count, letter.page_count + 1)
		certificate = PdfReader(io.BytesIO(content)).pages[-1].extract_text().replace("\n", " ")
		for expected in (IP, "PWTest/1.0", request.sha256_before, request.sha256_stamped, "Signer Tester"):
			self.assertIn(expected, certificate)
		letter.reload()
		self.assertEqual((letter.status, letter.signed_document), ("Signed", signed.name))

		# the waiting step is done and the order went on: the binder now holds the signed letter
		steps = {r.step: r.status for r in frappe.get_doc("Service Order", order).steps}
		self.assertEqual(steps["letter_signed"], "Done")
		self.assertEqual(steps["final_binder"], "Done")
		self.assertEqual(frappe.db.get_value("Service Order", order, "status"), "Review")
		binder_doc = frappe.get_doc("Order Document", {"service_order": order, "kind": "Binder"})
		marks = pdfs.bookmarks(storage.read(binder_doc.storage, binder_doc.file_key))
		self.assertEqual(
			[t for t, _p in marks], ["Demo Engagement Letter (signed)", "Demo Compliance Certificate"]
		)

		# the link is spent; the audit trail cannot be changed or deleted
		self.refused(token, "signed", 410)
		request.signer_name = "Changed"
		self.assertRaises(frappe.PermissionError, request.save)
		self.assertRaises(frappe.PermissionError, frappe.delete_doc, "eSign Request", request.name)
		signed.file_key = "/private/files/other.pdf"
		self.assertRaises(frappe.PermissionError, signed.save)
		self.assertRaises(frappe.PermissionError, frappe.delete_doc, "Order Document", signed.name)
		self.assertEqual(engine.notify(order, esign.SIGNATURE_EVENT, step="letter_signed"), 0)


class TestBadLinks(ESignCase):
	def setUp(self):
		super().setUp()
		doc = frappe.get_doc(
			{
				"doctype": "Order Document",
				"title": "Letter of Agency",
				"customer": self.customer,
				"kind": "Letter",
			}
		).insert()
		convert.store_pdf(doc, pdfs.simple_pdf("Letter of Agency", ["Please sign."]))
		self.request = esign.request_signature(doc.name, "Signer Tester", self.email.upper())
		self.token = token_of(esign.link_for(self.request.name))

	def test_a_tampered_or_malformed_link_is_refused(self):
		header, payload, signature = self.token.split(".")
		self.refused(f"{header}.{payload}.{signature[:-2]}xx", "tampered", 400)
		forged = tokens.mint(
			b"not-the-site-key" * 2,
			self.request.name,
			self.email,
			datetime.now(timezone.utc) + timedelta(days=1),
		)[0]
		self.refused(forged, "tampered", 400)
		self.refused("not-a-token", "malformed", 400)

	def test_an_expired_link_is_refused(self):
		past = datetime.now(timezone.utc) - timedelta(minutes=1)
		old, jti = tokens.mint(esign._key(), self.request.name, self.email, past)
		frappe.db.set_value("eSign Request", self.request.name, "token_hash", tokens.jti_hash(jti))
		self.refused(old, "expired", 410)
		# a request whose validity ran out (the daily job marks it Expired) refuses its links too
		frappe.db.set_value("eSign Request", self.request.name, "expires_on", frappe.utils.add_days(None, -1))
		self.assertGreaterEqual(esign.expire_overdue(), 1)
		self.assertEqual(frappe.db.get_value("eSign Request", self.request.name, "status"), "Expired")
		self.refused(self.token, "expired", 410)

	def test_a_superseded_a_cancelled_and_an_unknown_request_are_refused(self):
		newer = token_of(esign.link_for(self.request.name))
		self.refused(self.token, "used", 410)
		frappe.get_doc("eSign Request", self.request.name).cancel_request()
		self.refused(newer, "cancelled", 410)
		ghost = tokens.mint(
			esign._key(), "ESR-1999-00001", self.email, datetime.now(timezone.utc) + timedelta(days=1)
		)[0]
		self.refused(ghost, "unknown", 404)

	def test_someone_else_logged_in_is_refused_and_the_signer_is_not(self):
		frappe.set_user(self.other_email)
		self.refused(self.token, "wrong_signer", 403)
		self.assertRaises(frappe.PermissionError, api.signing_link, self.request.name)
		frappe.set_user(self.email)
		self.assertEqual(page(self.token)[0], 200)
		# the signer in the portal gets a fresh link of their own; the e-mailed one is then superseded
		fresh = token_of(api.signing_link(self.request.name))
		self.assertEqual(page(fresh)[0], 200)
		frappe.set_user("Guest")
		self.refused(self.token, "used", 410)

	def test_a_drawn_signature_and_the_checks_before_signing(self):
		frappe.set_user("Guest")
		with self.assertRaises(frappe.ValidationError):
			submit(self.token, consent=0, name="Signer Tester")
		with self.assertRaises(frappe.ValidationError):
			submit(self.token, signature_type="Drawn", drawn="data:image/png;base64,bm90IGEgcG5n")
		self.assertEqual(
			frappe.db.get_value("eSign Request", self.request.name, "status"), "Sent"
		)  # not spent
		submit(self.token, signature_type="Drawn", drawn=drawn_png())
		frappe.set_user("Administrator")
		request = frappe.get_doc("eSign Request", self.request.name)
		self.assertEqual((request.status, request.signature_type), ("Signed", "Drawn"))
		signed = storage.read(
			"Frappe Files", frappe.db.get_value("Order Document", request.signed_document, "file_key")
		)
		self.assertIn("drawn by the signer", PdfReader(io.BytesIO(signed)).pages[-1].extract_text())
		self.assertEqual(request.sha256_after, pdfs.sha256(signed))
		self.refused(self.token, "signed", 410)
