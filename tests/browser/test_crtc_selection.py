"""The CRTC client selection in Chromium: the customer of a paid CRTC order opens its selection page,
sees a sold-out location it cannot pick, loads the Vancouver numbers from the (local) Flowroute
inventory, is told beside the field that a .ca name is taken, then confirms its choices and follows the
order step by step."""

import json
import sys
from urllib.parse import urlparse

from conftest import ROOT, frappe_cli, login, screenshot

sys.path.insert(0, str(ROOT / "apps/frappe_ca_registry"))
from frappe_ca_registry.tests import fakes


def test_the_customer_chooses_mailbox_number_and_domain(page):
	server, state = fakes.start()
	try:
		base = f"http://127.0.0.1:{server.server_address[1]}"
		out = (
			frappe_cli(
				"execute",
				"frappe_ca_registry.tests.crtc_browser.selection_order",
				"--kwargs",
				repr({"api_base": base}),
			)
			.stdout.strip()
			.splitlines()
		)
		setup = json.loads(out[-1])
		login(page, setup["email"], setup["password"])
		page.goto("/portal")
		page.click(f"a[href='/portal/crtc-selection/{setup['order']}']")
		page.wait_for_selector("#pw-selection[data-ready='1']")
		assert page.locator("#sel-location option[value='VAN-WEST']").is_disabled()  # sold out
		page.select_option("#sel-location", "VAN-DT")
		page.select_option("#sel-unit", "Unit 102")
		page.select_option("#sel-rate-center", "VANCOUVER")
		page.wait_for_selector("#sel-did option[value='16045550101']", state="attached")
		page.select_option("#sel-did", "16045550101")
		page.fill("#sel-domain", "taken-maple.ca")
		page.click("#sel-domain-check")
		page.wait_for_function("document.getElementById('sel-domain-quote').textContent.includes('taken')")
		page.click("#pw-selection button[type=submit]")
		page.wait_for_selector("#sel-domain.is-invalid")
		assert "taken" in page.locator("#err-domain").inner_text()
		screenshot(page, "portal-crtc-selection-taken")
		page.fill("#sel-domain", "browser-maple.ca")
		page.click("#pw-selection button[type=submit]")
		page.wait_for_selector("#pw-selection-done:not(.d-none)")
		page.goto(f"/portal/orders/{setup['order']}")
		steps = page.locator(".pw-steps").inner_text()
		assert "You choose your Vancouver mailbox, phone number and .ca domain" in steps
		assert "CRTC registration letter prepared" in steps
		screenshot(page, "portal-crtc-order-steps")
		assert state.purchases == {}  # the live switch is off: nothing bought
		assert urlparse(page.url).path == f"/portal/orders/{setup['order']}"
	finally:
		server.shutdown()
