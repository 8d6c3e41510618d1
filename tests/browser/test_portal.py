"""The customer portal in Chromium against the served site, with the demo customer: log in, the dashboard,
an order step by step, signing the engagement letter, downloading the binder."""

import json
import subprocess

from conftest import ROOT, SITE, login, screenshot

CUSTOMER_USER = "carrier@example.com"
DEMO_PASSWORD = "demo-Carrier-2026"


def api(page, path: str, **params) -> dict:
	"""A GET as the logged-in customer (the page's cookies)."""
	response = page.request.get(path, params={k: json.dumps(v) for k, v in params.items()})
	assert response.ok, response.text()
	return response.json()


def something_to_sign(page) -> str:
	"""The order with a document waiting for the customer's signature: the demo order's engagement
	letter; once a run has signed it, another ready document of the customer (the test can run again)."""
	query = {
		"filters": [["status", "=", "Sent"], ["signer_email", "=", CUSTOMER_USER]],
		"fields": ["service_order"],
	}
	if waiting := api(page, "/api/resource/eSign Request", **query)["data"]:
		return waiting[0]["service_order"]
	ready = api(
		page,
		"/api/resource/Order Document",
		filters=[["status", "=", "Ready"], ["kind", "not in", ["Binder", "Signed Document"]]],
		fields=["name"],
	)["data"]
	assert ready, "the demo customer has no document left to sign; reload the demo (bench pw-setup demo)"
	subprocess.run(
		[
			str(ROOT / "bin/frappe"),
			"--site",
			SITE,
			"execute",
			"performancewest_erpnext.pw_documents.esign.request_signature",
			"--kwargs",
			repr(  # `bench execute` evaluates a Python literal
				{
					"order_document": ready[0]["name"],
					"signer_name": "Casey Prairie",
					"signer_email": CUSTOMER_USER,
					"send": False,
				}
			),
		],
		check=True,
		capture_output=True,
	)
	return api(page, "/api/resource/eSign Request", **query)["data"][0]["service_order"]


def test_a_customer_follows_an_order_signs_and_downloads_the_binder(page):
	login(page, CUSTOMER_USER, DEMO_PASSWORD)
	assert page.url.endswith("/portal"), (
		f"a Carrier Customer should land on /portal, not {page.url}: every app's add_to_apps_screen "
		"needs 'has_permission': 'erpnext.check_app_permission' so portal users have no desk app"
	)
	order = something_to_sign(page)
	page.reload()
	page.wait_for_selector("h1:has-text('Welcome')")
	# the dashboard: orders with progress in words, deadlines, documents, invoices to pay, identity
	assert page.locator("nav[aria-label='Customer portal'] a[aria-current='page']").inner_text().strip() == (
		"Dashboard"
	)
	assert page.locator(".pw-order").count() >= 3
	assert page.locator("[role=progressbar]").count() >= 3
	assert page.locator("section.pw-attention button.pw-sign").count() >= 1  # waiting for you: sign
	assert page.locator("h2:has-text('Next deadlines')").count() == 1
	assert page.locator("a.pw-pay[href^='/checkout?invoice=']").count() >= 1
	assert page.locator("a.pw-download").count() >= 1
	screenshot(page, "portal-dashboard")

	# an order, step by step
	page.click(f".pw-order[data-order='{order}'] a")
	page.wait_for_selector("h2:has-text('Steps')")
	assert page.url.endswith(f"/portal/orders/{order}")
	assert page.locator(".pw-steps .pw-badge:has-text('Done on')").count() >= 1
	assert page.locator("button.pw-sign").count() == 1
	assert page.locator("a.pw-binder").count() == 1
	screenshot(page, "portal-order-detail")

	# the binder, through the permission-checked download (a 302 to an expiring link)
	binder = page.request.get(page.locator("a.pw-binder").get_attribute("href"))
	assert binder.ok and binder.body().startswith(b"%PDF"), binder.status

	# sign: the portal makes a fresh signing link and opens the signing page
	page.click("button.pw-sign")
	page.wait_for_url("**/esign?token=*")
	page.wait_for_selector("#pw-esign-form")
	page.check("#pw-esign-consent")
	page.fill("#pw-esign-typed", "Casey Prairie")
	screenshot(page, "portal-esign")
	page.click("#pw-esign-submit")
	page.wait_for_selector("#pw-esign-result.alert-success", timeout=60000)
	assert "signed" in page.locator("#pw-esign-result").inner_text()
	screenshot(page, "portal-esign-signed")

	# back in the portal: nothing left to sign on that order, the signed copy is among the documents
	page.goto(f"/portal/orders/{order}")
	assert page.locator("button.pw-sign").count() == 0
	page.goto("/portal/documents")
	page.wait_for_selector("h2:has-text('All documents')")
	assert page.locator(".pw-list li:has-text('Signed Document')").count() >= 1
	screenshot(page, "portal-documents")


def test_the_portal_on_a_phone_and_for_guests(browser, base_url):
	context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844})
	page = context.new_page()
	try:
		response = page.goto("/portal/invoices")
		assert "/login" in page.url and "redirect-to=%2Fportal%2Finvoices" in page.url, page.url
		assert response.ok
		login(page, CUSTOMER_USER, DEMO_PASSWORD)
		page.goto("/portal/calendar")
		page.wait_for_selector(".pw-timeline-item")
		assert page.locator(".pw-timeline-month").count() >= 2
		screenshot(page, "portal-calendar")
		page.goto("/portal/invoices")
		# keyboard: the skip link comes first and moves focus to the page's content
		page.keyboard.press("Tab")
		assert page.evaluate("document.activeElement.className") == "pw-skip"
		page.keyboard.press("Enter")
		assert page.evaluate("document.activeElement.id") == "pw-main"
		assert page.evaluate("document.documentElement.scrollWidth") <= 390
		screenshot(page, "portal-invoices-phone")
	finally:
		context.close()


def test_tickets_and_an_invitation_show_the_servers_answers_as_text(page):
	"""The pages call the server through pw.call: a refused ticket shows the server's reason beside the
	form, a sent one opens and takes a reply; a wrong colleague address is answered with the server's
	message as text (markup in it shown, not run)."""
	login(page, CUSTOMER_USER, DEMO_PASSWORD)
	page.goto("/portal/tickets")
	page.fill("#pw-ticket-subject", "   ")  # passes the browser's `required`, not the server
	page.fill("#pw-ticket-message", "Where is my RMD filing?")
	page.click("#pw-ticket-form button[type=submit]")
	page.wait_for_selector("#pw-ticket-form .pw-error:not([hidden])")
	assert "Give the ticket a subject" in page.locator("#pw-ticket-form .pw-error").inner_text()
	page.fill("#pw-ticket-subject", "RMD <b>status</b>")
	page.click("#pw-ticket-form button[type=submit]")
	page.wait_for_url("**/portal/tickets/*")
	assert page.locator("#pw-ticket").inner_text() == "RMD <b>status</b>"
	page.fill("#pw-reply-message", "Any news on the filing?")
	page.click("#pw-reply-form button[type=submit]")
	page.wait_for_selector(".pw-thread .pw-message-text:has-text('Any news on the filing?')")

	page.goto("/portal/profile")
	page.fill("#pw-invite-email", "<b>colleague</b>")
	page.click("#pw-invite-send")
	page.wait_for_function("document.getElementById('pw-invite-result').textContent !== ''")
	result = page.locator("#pw-invite-result")
	assert result.inner_text() == "<b>colleague</b> is not a valid e-mail address."
	assert result.locator("b").count() == 0
