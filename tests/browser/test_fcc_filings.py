"""FCC filings in Chromium: a customer answers "What we need from you" for a CPNI certification (a
wrong e-mail first, refused beside its field), then signs the certificate as its officer."""

import json
import time

from conftest import frappe_cli, login, screenshot


def site(fn: str, **kwargs):
	args = ["execute", f"pw_compliance.tests.fcc_browser.{fn}"]
	if kwargs:
		args += ["--kwargs", repr(kwargs)]
	lines = frappe_cli(*args).stdout.strip().splitlines()
	return json.loads(lines[-1]) if lines else ""  # `bench execute` prints a result as JSON, nothing for ""


def test_a_customer_answers_the_cpni_intake_and_signs(page):
	setup = site("cpni_order")
	login(page, setup["email"], setup["password"])
	page.goto("/portal/intake")
	page.click(f"a[href='/portal/intake/{setup['order']}']")
	page.wait_for_selector("#pw-intake[data-ready='1']")
	assert page.locator("#fact-legal_name").input_value().startswith("Browser Carrier")  # prefilled
	page.fill("#fact-legal_name", f"{setup['customer']}")
	page.fill("#fact-address", "1 Main St, Reno, NV 89501")
	page.fill("#fact-officer_name", "Morgan Officer")
	page.fill("#fact-officer_title", "President")
	page.fill("#fact-officer_email", "morgan at example")
	page.fill("#fact-complaints_employee_access", "0")
	page.fill("#fact-complaints_improper_disclosure", "1")
	page.fill("#fact-complaints_online_access", "0")
	page.select_option("#fact-data_broker_actions", "No")
	page.click("#pw-intake button[type=submit]")
	page.wait_for_selector("#fact-officer_email.is-invalid")
	assert "e-mail address" in page.locator("#err-officer_email").inner_text()
	assert page.locator(".is-invalid").count() == 1
	screenshot(page, "portal-intake-error")
	page.fill("#fact-officer_email", setup["email"])
	page.click("#pw-intake button[type=submit]")
	page.wait_for_selector("#pw-intake-done:not(.d-none)")
	screenshot(page, "portal-intake-done")

	# the worker prepares the certificate and sends the officer (this user) the signing link
	link = ""
	for _ in range(90):
		link = site("signing_link", order=setup["order"])
		if link.startswith("http"):
			break
		time.sleep(2)
	assert link.startswith("http"), link
	page.goto("/esign?" + link.split("?", 1)[1])
	page.wait_for_selector("#pw-esign-form")
	page.check("#pw-esign-consent")
	page.fill("#pw-esign-typed", "Morgan Officer")
	screenshot(page, "portal-cpni-esign")
	page.click("#pw-esign-submit")
	page.wait_for_selector("#pw-esign-result.alert-success", timeout=60000)
