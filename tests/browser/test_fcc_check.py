"""The public FCC compliance check page, driven in Chromium: enter an FRN, see the areas, answer the BDC
questionnaire, follow the remediation link with the services preselected. Plus the guest API over HTTP:
malformed FRNs get a clear 4xx, never a 500. Uses the demo FCC samples (pw_compliance.pw_fcc.demo)."""

import random

import requests
from conftest import screenshot

BAYOU = "0031542276"  # demo: 499-A, CPNI and RMD recertification open, de minimis
API = "/api/method/pw_compliance.pw_fcc.api.check"


def visitor() -> dict:
	"""A fresh visitor address per test (198.18.0.0/15, only a header: no traffic goes there). The check is
	rate-limited per IP, and Frappe takes the IP from X-Forwarded-For as a reverse proxy would set it."""
	return {"X-Forwarded-For": f"198.18.{random.randint(0, 255)}.{random.randint(1, 254)}"}


def test_check_an_frn_answer_bdc_and_order_the_fixes(page):
	page.set_extra_http_headers(visitor())
	page.goto("/tools/fcc-compliance-check")
	page.wait_for_selector("#pw-frn", timeout=30000)
	page.fill("#pw-frn", "12345")
	page.click("#pw-run")
	page.wait_for_selector("#pw-error:has-text('exactly 10 digits')", timeout=10000)

	page.fill("#pw-frn", BAYOU)
	page.click("#pw-run")
	page.wait_for_selector("#pw-area-499a", timeout=30000)
	assert page.locator("#pw-name").inner_text() == "Bayou Connect Telecom, Inc."
	for area in ("cores", "rmd", "cpni", "499a", "499q", "bdc"):
		assert page.locator(f"#pw-area-{area} .pw-rule").inner_text()  # every area states its rule and source
	for area in ("rmd", "cpni", "499a"):
		assert page.locator(f"#pw-area-{area}").get_attribute("data-status") in ("due", "past_due")
		assert page.locator(f"#fix-{area}").is_checked()
	assert page.locator("#pw-area-499q").get_attribute("data-status") == "exempt"
	assert "$10,000" in page.locator("#pw-area-499q .pw-trade-off").inner_text()
	assert "self-reported" in page.locator("#pw-area-rmd").inner_text()
	assert "499 Filer ID" in page.locator("#pw-area-cpni .pw-data").inner_text()  # the match method
	assert "refreshed" in page.locator("#pw-area-499a .pw-data").inner_text()  # the data's age

	# the BDC questionnaire: broadband? no -> voice? yes -> BDC voice is owed
	page.click("#pw-area-bdc .pw-bdc[data-key='broadband'][data-answer='no']")
	page.click("#pw-area-bdc .pw-bdc[data-key='voice'][data-answer='yes']")
	page.wait_for_selector("#pw-area-bdc .pw-bdc-outcome[data-status='due']", timeout=10000)
	assert page.locator("#fix-bdc").is_checked()
	assert page.locator("#fix-rmd").is_checked()  # answering BDC keeps the other choices
	href = page.locator("#pw-order-link").get_attribute("href")
	assert href == "/order/fcc-compliance?services=rmd,cpni,499a,bdc-voice", href
	screenshot(page, "fcc-compliance-check")

	page.click("#pw-order-link")
	page.wait_for_selector("tr[data-service='bdc-voice']", timeout=30000)
	for service in ("rmd-filing", "cpni-certification", "fcc-499a", "bdc-voice"):
		assert page.locator(f"tr[data-service='{service}'] .pw-pick").is_checked(), service
	assert not page.locator("tr[data-service='calea-ssi'] .pw-pick").is_checked()


def test_guest_api_answers_malformed_frns_with_a_4xx(base_url):
	headers = visitor()
	for frn in ("12345678a0", "001234567", "00123456789", "0012345678' OR '1'='1", "<script>x</script>", ""):
		r = requests.post(base_url + API, json={"frn": frn}, headers=headers, timeout=30)
		assert r.status_code == 400, (frn, r.status_code)
		assert "10 digits" in r.text
	get = requests.get(base_url + API, params={"frn": BAYOU}, headers=headers, timeout=30)
	assert 400 <= get.status_code < 500  # POST only
	ok = requests.post(base_url + API, json={"frn": BAYOU}, headers=headers, timeout=30)
	assert ok.status_code == 200 and ok.json()["message"]["filer_id"] == "829977"


def test_the_rate_limit_holds_per_ip(base_url):
	headers = visitor()
	codes = []
	with requests.Session() as http:
		for _ in range(300):  # the limit is 60 an hour unless a site configures more
			r = http.post(base_url + API, json={"frn": "001234567"}, headers=headers, timeout=30)
			codes.append(r.status_code)
			if r.status_code == 429:
				break
		assert codes[-1] == 429 and set(codes[:-1]) == {400}, codes[-3:]
		again = http.post(base_url + API, json={"frn": BAYOU}, headers=headers, timeout=30)
		assert again.status_code == 429 and "too many requests" in again.text
	other = requests.post(base_url + API, json={"frn": BAYOU}, headers=visitor(), timeout=30)
	assert other.status_code == 200  # another visitor is not limited
