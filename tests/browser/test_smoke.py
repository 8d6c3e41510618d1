import os

import pytest
from conftest import login, screenshot
from performancewest_erpnext.setup.demo import CUSTOMER_USER, DEMO_PASSWORD

ADMIN_PASSWORD = os.environ.get("ADMIN_PASSWORD", "admin")
WORKSPACES = {
	"performance-west": "Performance West",
	"compliance": "Compliance",
	"canada-registry": "Canada Registry",
	"treasury": "Treasury",
	"adyen": "Adyen",
}


def test_desk_login_and_every_workspace_opens(page):
	login(page, "Administrator", ADMIN_PASSWORD)
	# the first desk load compiles and fetches every bundle: give it time once
	page.locator(".desk-sidebar-item:visible").first.wait_for(timeout=90000)
	for route, title in WORKSPACES.items():
		page.goto(f"/app/{route}")
		page.wait_for_selector(f".page-title:has-text('{title}')", timeout=60000)
		page.locator(".widget.links-widget-box .link-item").first.wait_for(state="visible", timeout=60000)
		page.wait_for_selector(".workspace-skeleton", state="hidden", timeout=60000)
		if page.locator(".number-widget-box").count():
			page.locator(".number-widget-box .number").first.wait_for(state="visible", timeout=60000)
		screenshot(page, f"desk-{route}")
	assert page.locator(".widget.links-widget-box").count() >= 2


def test_portal_home_as_a_carrier_customer(page):
	login(page, CUSTOMER_USER, DEMO_PASSWORD)
	page.goto("/me")
	page.wait_for_function("document.title.includes('My Account')", timeout=30000)
	assert page.locator(f"text={CUSTOMER_USER}").count() or page.locator("text=Casey").count()
	screenshot(page, "portal-home")
	page.goto("/compliance_calendar")
	page.wait_for_selector("h1:has-text('Compliance Calendar')", timeout=30000)
	assert page.locator(".pw-timeline-item").count() > 0
	screenshot(page, "portal-compliance-calendar")
	# a portal user never reaches the desk
	assert page.goto("/app").status == 403


@pytest.mark.parametrize("path", ["/api/method/ping"])
def test_api_answers(page, path):
	response = page.request.get(path)
	assert response.ok
	assert response.json() == {"message": "pong"}
