import os
import uuid

from conftest import login, screenshot

ADMIN_PASSWORD = os.environ.get("ADMIN_PASSWORD", "admin")


def test_a_new_carrier_orders_from_the_fcc_compliance_link(page):
	page.goto("/order/fcc-compliance?services=cpni,rmd")
	page.wait_for_selector("h1:has-text('Order')", timeout=30000)
	cpni = page.locator("tr[data-service='cpni-certification']")
	assert cpni.locator(".pw-pick").is_checked()
	assert page.locator("tr[data-service='rmd-filing'] .pw-pick").is_checked()
	assert not page.locator("tr[data-service='fcc-499a'] .pw-pick").is_checked()
	# the CPNI certification needs its carrier category first
	page.wait_for_selector("#pw-error:has-text('Choose a variant')", timeout=30000)
	cpni.locator(".pw-variant").select_option("ivoip")
	page.wait_for_selector(".pw-discount", timeout=30000)
	# (149 + 219) less 15%, plus the card's 3% (the form's default method)
	assert page.locator(".pw-total").inner_text() == "$322.18"
	assert page.locator(".pw-surcharge").inner_text() == "$9.38"
	page.select_option("#pw-payment", "ACH")
	page.wait_for_function("document.querySelector('.pw-total').innerText === '$312.80'", timeout=30000)
	assert page.locator("#pw-error").is_hidden()
	screenshot(page, "portal-order")

	email = f"browser-{uuid.uuid4().hex[:8]}@example.com"
	page.fill("input[name=company_name]", "Browser Test Telecom LLC")
	page.fill("input[name=full_name]", "Bea Browser")
	page.fill("input[name=email]", email)
	page.select_option("#pw-payment", "PayPal")
	page.click("#pw-place")
	page.wait_for_selector("#pw-placed:has-text('placed')", timeout=30000)
	assert "$322.18" in page.locator("#pw-placed").inner_text()  # PayPal's 3% too
	screenshot(page, "portal-order-placed")


def test_staff_approve_an_order_in_review(page):
	login(page, "Administrator", ADMIN_PASSWORD)
	page.goto("/app/service-order?status=Review")
	page.locator(".list-row-container .level-item.bold a").first.wait_for(timeout=90000)
	screenshot(page, "desk-service-orders")
	page.locator(".list-row-container .level-item.bold a").first.click()
	page.wait_for_selector(".indicator-pill:has-text('Review')", timeout=30000)
	page.click("button:has-text('Approve and Deliver')")
	page.wait_for_selector(".indicator-pill:has-text('Delivered')", timeout=30000)
	screenshot(page, "desk-service-order")
