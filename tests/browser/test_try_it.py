"""The README's "Try it" paths on the demo site, one per role, each with its screenshot (test-results/try-*.png,
copied to docs/screenshots/). Fails on an empty checkout total, a title-cased slug as a page title or an
all-zero Compliance workspace."""

import html
import json
import random
import re

import pytest
from conftest import frappe_cli, login, screenshot
from test_portal import something_to_sign

CUSTOMER_USER = "carrier@example.com"
STAFF_USER = "staff@performancewest.test"
DEMO_PASSWORD = "demo-Carrier-2026"
DEMO_CUSTOMER = "Prairie Telecom LLC"
BAYOU = "0031542276"  # demo FCC sample with filings open
CARDS = 4  # Overdue, Due Soon, Awaiting Payment, Filing in Progress


@pytest.fixture(scope="module")
def calendar() -> dict[str, str]:
	"""The demo calendar put back in every state relative to today, as `pw-setup demo` does."""
	out = frappe_cli(
		"execute", "pw_compliance.calendar.demo_states.place", "--kwargs", repr({"customer": DEMO_CUSTOMER})
	).stdout
	placed = json.loads(out.strip().splitlines()[-1])
	assert set(placed) == {"Due Soon", "Invoice Sent", "Filing", "Overdue", "Completed"}, placed
	return placed


def assert_total(page) -> float:
	"""The checkout page's total is shown (not empty) and positive."""
	text = page.locator("#pw-total").inner_text().strip()
	assert text, "the checkout total is empty"
	amount = float(re.sub(r"[^\d.]", "", text) or 0)
	assert amount > 0, text
	if not page.locator("#pw-checkout").count():  # no gateway: the page says what the customer can do
		assert page.locator("#pw-no-gateway").is_visible()
	return amount


def assert_no_slug_title(page, slug: str) -> None:
	title = page.locator("h1").first.inner_text()
	assert slug.replace("-", " ").title() not in title, title


def test_guest_checks_an_frn_then_orders_and_sees_the_total(page):
	page.set_extra_http_headers(
		{"X-Forwarded-For": f"198.18.{random.randint(0, 255)}.{random.randint(1, 254)}"}
	)
	page.goto("/tools/fcc-compliance-check")
	page.fill("#pw-frn", BAYOU)
	page.click("#pw-run")
	page.wait_for_selector("#pw-area-499a", timeout=30000)
	screenshot(page, "try-guest-fcc-check")
	page.click("#pw-order-link")
	page.wait_for_selector("h1:has-text('Order')", timeout=30000)
	assert page.locator("h1").first.inner_text() == "Order: FCC Compliance"
	assert_no_slug_title(page, "fcc-compliance")
	screenshot(page, "try-guest-order")

	page.goto("/order/fcc-compliance?services=rmd")
	page.wait_for_selector("tr[data-service='rmd-filing'] .pw-pick:checked", timeout=30000)
	page.fill("input[name=company_name]", "Try It Telecom LLC")
	page.fill("input[name=full_name]", "Terry Try")
	page.fill("input[name=email]", f"try-{random.randint(0, 10**9)}@example.com")
	page.select_option("#pw-payment", "Card")
	page.click("#pw-place")
	page.wait_for_selector("#pw-pay-now", timeout=30000)
	page.click("#pw-pay-now")
	page.wait_for_selector("#pw-total", timeout=30000)
	assert page.locator("tbody tr:has-text('Robocall Mitigation')").count() == 1  # the order's line
	assert page.locator("#pw-surcharge-label").inner_text()  # the card's surcharge, labelled
	assert_total(page)
	screenshot(page, "try-guest-checkout")


def test_customer_portal_calendar_sign_and_pay(page, calendar):
	login(page, CUSTOMER_USER, DEMO_PASSWORD)
	order = something_to_sign(page)
	page.goto("/portal")
	page.wait_for_selector("h1:has-text('Welcome')", timeout=30000)
	screenshot(page, "try-customer-portal")

	page.goto("/portal/calendar")
	page.wait_for_selector("h1", timeout=30000)
	body = page.locator("main").inner_text()
	for state in ("Demo: Overdue", "Demo: Invoice Sent", "Demo: Filing", "Demo: Completed"):
		assert state in body, f"{state} is not on the portal calendar"
	screenshot(page, "try-customer-calendar")

	page.goto(f"/portal/orders/{order}")
	page.click("button.pw-sign")
	page.wait_for_url("**/esign?token=*")
	page.check("#pw-esign-consent")
	page.fill("#pw-esign-typed", "Casey Prairie")
	page.click("#pw-esign-submit")
	page.wait_for_selector("#pw-esign-result.alert-success", timeout=60000)
	screenshot(page, "try-customer-signed")

	page.goto("/portal")
	pay = page.locator("a.pw-pay[href^='/checkout']").first
	pay.wait_for(timeout=30000)
	page.goto(html.unescape(pay.get_attribute("href")))
	page.wait_for_selector("#pw-total", timeout=30000)
	assert_total(page)
	screenshot(page, "try-customer-pay")


def number_cards(page) -> dict[str, int]:
	"""The Compliance workspace's number cards, once every one has its number."""
	page.goto("/app/compliance")
	page.wait_for_selector(".page-title:has-text('Compliance')", timeout=90000)
	page.wait_for_function(
		"""n => { const v = [...document.querySelectorAll('.number-widget-box .number')];
			return v.length >= n && v.every(e => e.innerText.trim() !== ''); }""",
		arg=CARDS,
		timeout=60000,
	)
	cards = {}
	for box in page.locator(".number-widget-box").all():
		cards[box.locator(".widget-title").inner_text().strip()] = int(
			re.sub(r"\D", "", box.locator(".number").inner_text()) or 0
		)
	return cards


def test_staff_workspace_approve_file_and_sweep(page, calendar):
	login(page, STAFF_USER, DEMO_PASSWORD)
	page.locator(".desk-sidebar-item:visible").first.wait_for(timeout=90000)
	cards = number_cards(page)
	assert len(cards) >= CARDS, cards
	assert all(cards.values()), f"a Compliance workspace number card shows 0: {cards}"
	screenshot(page, "try-staff-compliance-workspace")

	# approve an order in review
	page.goto("/app/service-order?status=Review")
	page.locator(".list-row-container .level-item.bold a").first.wait_for(timeout=60000)
	page.locator(".list-row-container .level-item.bold a").first.click()
	page.wait_for_selector(".indicator-pill:has-text('Review')", timeout=30000)
	page.click("button:has-text('Approve and Deliver')")
	page.wait_for_selector(".indicator-pill:has-text('Delivered')", timeout=30000)
	screenshot(page, "try-staff-approve")

	# the paid demo entry is filed through its FCC Filing (confirmation number and receipt recorded there)
	page.goto(f"/app/compliance-entry/{calendar['Filing']}")
	page.wait_for_function("window.cur_frm && cur_frm.doc.status === 'Filing'", timeout=30000)
	assert not page.locator("button:has-text('Record Filing')").count()
	page.click("button:has-text('Open FCC Filing')")
	page.wait_for_function("window.cur_frm && cur_frm.doctype === 'FCC Filing'", timeout=30000)
	assert page.evaluate("cur_frm.doc.compliance_entry") == calendar["Filing"]
	screenshot(page, "try-staff-fcc-filing")

	# run the sweep: the due-soon entry gets its invoice
	page.goto("/app/compliance-entry")
	page.click("button:has-text('Run Sweep Now')")
	page.wait_for_selector(".alert-message:has-text('Sweep started')", timeout=30000)
	screenshot(page, "try-staff-sweep")
	page.wait_for_function(
		"""async name => (await frappe.db.get_value('Compliance Entry', name, 'status')).message.status
			=== 'Invoice Sent'""",
		arg=calendar["Due Soon"],
		timeout=90000,
		polling=2000,
	)


def test_ops_bench_commands(page):
	outputs = []
	commands = (
		("pw-setup", "gateways"),
		("pw-orders", "stuck"),
		("pw-calendar", "preview", "--customer", DEMO_CUSTOMER, "--year", "2027"),
	)
	for args in commands:
		result = frappe_cli(*args)
		outputs.append(f"$ bin/frappe --site SITE {' '.join(args)}\n{result.stdout.strip()}")
	assert "Stripe Checkout Settings" in outputs[0]
	assert "stuck step(s)" in outputs[1]
	assert '"due_date"' in outputs[2]
	page.set_content(
		"<pre style='font: 14px monospace; padding: 16px'>" + html.escape("\n\n".join(outputs)) + "</pre>"
	)
	screenshot(page, "try-ops-bench-commands")
