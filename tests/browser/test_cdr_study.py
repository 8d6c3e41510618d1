"""A CDR traffic study in Chromium: a customer uploads call records on /portal/cdr, maps the columns
from the preview, watches the study's progress and reads the free summary; and the full report of a
study already paid for."""

import json

from conftest import RESULTS, frappe_cli, login, screenshot

ROWS = [
	"start,seconds,caller,dialed",
	"2026-01-05 10:00:00,60,+1 (212) 555-0100,718-555-0100",
	"2026-01-05 11:00:00,120,12125550100,2135550100",
	"2026-01-06 10:00:00,180,2125550100,+44 20 7123 4567",
	"2026-02-01 10:00:00,30,2125550100,8005550100",
	"2026-02-01 10:00:00,60,3055550100,7865550100",
]


def site(fn: str, **kwargs):
	args = ["execute", f"pw_compliance.tests.cdr_browser.{fn}"]
	if kwargs:
		args += ["--kwargs", repr(kwargs)]
	lines = frappe_cli(*args).stdout.strip().splitlines()
	return json.loads(lines[-1])


def test_upload_map_progress_summary_and_paid_report(page):
	setup = site("customer")
	path = RESULTS / "cdr-upload.csv"
	path.write_text("\n".join(ROWS) + "\n")
	login(page, setup["email"], setup["password"])
	page.goto("/portal/cdr")
	page.fill("#pw-cdr-title", "January traffic")
	page.click("#pw-cdr-new button[type=submit]")
	page.wait_for_url("**/portal/cdr/CDR-*")

	page.set_input_files("#pw-cdr-file", str(path))
	page.wait_for_selector("#pw-cdr-preview tbody tr", timeout=30000)  # after the upload, the preview
	assert page.locator("#pw-cdr-preview tbody tr").count() == len(ROWS) - 1
	assert page.locator("#map-calling").input_value() == "caller"  # guessed from the header
	page.select_option("#map-called", "dialed")
	page.select_option("#map-duration", "seconds")
	page.click("#pw-cdr-run")
	page.wait_for_selector("#pw-cdr-progress:not(.d-none)")  # progress shown while the job runs
	page.wait_for_selector("#pw-cdr-split", timeout=60000)  # the page reloads when it completes
	assert page.locator("tr[data-class='interstate'] td").nth(3).inner_text() == "28.57%"
	assert page.locator("#pw-cdr-unlock").is_visible()
	screenshot(page, "cdr-study-summary")

	page.goto(f"/portal/cdr/{setup['paid']}")
	page.wait_for_selector("#pw-cdr-full")
	assert "2026-02" in page.locator("#pw-cdr-full").inner_text()
	screenshot(page, "cdr-study-report")
