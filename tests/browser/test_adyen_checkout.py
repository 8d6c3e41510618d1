"""Adyen at checkout in the browser against the served test site: with Adyen Settings complete, the
checkout offers Adyen's methods (Card, ACH, Klarna, Cash App Pay, Amazon Pay) with their surcharges;
choosing one opens frappe_adyen's pay page, whose Checkout session (a local server answering with a
recorded /sessions response) is for the invoice total with the surcharge, in cents, referenced by the
Payment Request; the Drop-in there is a local stub script standing in for @adyen/adyen-web."""

import json
import uuid

import pytest
from conftest import RecordedAPI, frappe_cli, screenshot, serve

SESSIONS: list[dict] = []
STUB_JS = b"""
window.AdyenWeb = {
	AdyenCheckout: async (config) => ({ config, submitDetails: () => config.onPaymentCompleted({ resultCode: "Authorised" }) }),
	Dropin: class {
		constructor(checkout) { this.config = checkout.config; }
		mount(selector) {
			const c = this.config, root = document.querySelector(selector);
			const box = document.createElement("div");
			box.className = "adyen-stub-dropin";
			const title = document.createElement("strong");
			title.textContent = "Adyen Drop-in (local stub)";
			const line = document.createElement("p");
			line.id = "adyen-stub-session";
			line.textContent = `Session ${c.session.id}: ${c.amount.currency} ${(c.amount.value / 100).toFixed(2)}`;
			const pay = document.createElement("button");
			pay.id = "adyen-stub-pay";
			pay.className = "btn btn-primary";
			pay.textContent = "Pay";
			pay.onclick = () => c.onPaymentCompleted({ resultCode: "Authorised" });
			box.append(title, line, pay);
			root.append(box);
		}
	},
};
"""
STUB_CSS = (
	b".adyen-stub-dropin { border: 1px solid #d0d5dd; border-radius: 8px; padding: 1rem; max-width: 28rem; }"
)


class RecordedAdyen(RecordedAPI):
	"""Adyen's Checkout API v71 /sessions as recorded, and the Drop-in's script and stylesheet."""

	def do_POST(self):
		body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
		if self.path != "/v71/sessions" or self.headers.get("X-API-Key") != "AQE_browser_key":
			return self._send({"status": 401, "errorCode": "000", "message": "Unauthorized"}, 401)
		SESSIONS.append(body)
		self._send(
			{
				"amount": body["amount"],
				"countryCode": body["countryCode"],
				"expiresAt": "2026-12-03T11:41:55+01:00",
				"id": f"CS{uuid.uuid4().hex[:16].upper()}",
				"merchantAccount": body["merchantAccount"],
				"mode": "embedded",
				"reference": body["reference"],
				"returnUrl": body["returnUrl"],
				"sessionData": "Ab02b4c0!BQABAgCJhBpW3yl9Pcj5bvMu4aZ7S7jM8aiCmgBH9L6jZJoG3MpXc5R1",
			},
			201,
		)

	def do_GET(self):
		kind = {"/adyen.js": ("application/javascript", STUB_JS), "/adyen.css": ("text/css", STUB_CSS)}
		content_type, data = kind.get(self.path, ("text/plain", b""))
		self.send_response(200 if data else 404)
		self.send_header("Content-Type", content_type)
		self.send_header("Content-Length", str(len(data)))
		self.end_headers()
		self.wfile.write(data)


def set_adyen(values: dict) -> None:
	frappe_cli(
		"execute",
		"frappe.client.set_value",
		"--args",
		json.dumps(["Adyen Settings", "Adyen Settings", values]),
	)


@pytest.fixture(scope="module")
def adyen(base_url):
	server = serve(RecordedAdyen)
	local = f"http://127.0.0.1:{server.server_port}"
	frappe_cli("set-config", "adyen_checkout_url", local)
	set_adyen(
		{
			"enabled": 1,
			"environment": "Test",
			"merchant_account": "PerformanceWestECOM",
			"api_key": "AQE_browser_key",
			"client_key": "test_BROWSERCLIENTKEY",
			"hmac_key": "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056",
			"country_code": "US",
			"payment_methods": "Card\nACH\nKlarna\nCash App Pay\nAmazon Pay",
			"drop_in_script_url": f"{local}/adyen.js",
			"drop_in_style_url": f"{local}/adyen.css",
		}
	)
	yield server
	set_adyen({"enabled": 0})  # the other checkout tests expect Stripe to take cards again
	frappe_cli("set-config", "adyen_checkout_url", "None")  # removes the key
	server.shutdown()


def test_checkout_offers_adyen_and_its_drop_in_opens_a_session_for_the_total(page, adyen):
	page.goto("/order/fcc-compliance?services=rmd")
	page.wait_for_selector(".pw-total", timeout=90000)
	page.fill("input[name=company_name]", "Adyen Browser Telecom LLC")
	page.fill("input[name=full_name]", "Ada Adyen")
	page.fill("input[name=email]", f"adyen-{uuid.uuid4().hex[:8]}@example.com")
	page.select_option("#pw-payment", "Card")
	page.click("#pw-place")
	page.click("#pw-pay-now", timeout=90000)

	page.wait_for_selector("h1:has-text('Pay order')", timeout=90000)
	page.wait_for_selector("#pw-pay:enabled", timeout=90000)  # the page's script has bound the form
	offered = page.locator("input[name=method]").evaluate_all("els => els.map((e) => e.value)")
	for method in ("Card", "ACH", "Klarna", "Cash App Pay", "Amazon Pay"):
		assert method in offered, offered
	page.check("input[value='Cash App Pay']")
	assert page.locator("#pw-total").inner_text() == "$219.00"  # no surcharge record: none
	page.check("input[value='Card']")
	assert page.locator("#pw-surcharge").inner_text() == "$6.57"
	assert page.locator("#pw-total").inner_text() == "$225.57"
	screenshot(page, "adyen-checkout")
	page.click("#pw-pay")

	page.wait_for_url("**/adyen-pay?pr=*", timeout=90000)
	page.wait_for_selector("#adyen-stub-session", timeout=90000)
	session = SESSIONS[-1]
	assert session["amount"] == {"value": 22557, "currency": "USD"}
	assert session["allowedPaymentMethods"] == ["scheme"]
	assert session["reference"] in page.url
	assert "USD 225.57" in page.locator("#adyen-stub-session").inner_text()
	screenshot(page, "adyen-drop-in")
	page.click("#adyen-stub-pay")
	page.wait_for_selector("#ad-done:not(.d-none)", timeout=10000)
