"""Guest API of the public FCC compliance check (/tools/fcc-compliance-check).

Both methods are rate-limited per IP with Frappe's `rate_limit`; the check's limit comes from the site
config key `pw_fcc_check_rate_limit`, else FCC Sync Settings (checks per IP per hour). Malformed input is
a 400 with a clear message, an exceeded limit a 429, never a 500.
"""

from typing import Any

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from pw_compliance.fcc.profile import open_questions, profile_values, yes_no
from pw_compliance.pw_fcc import lookup
from pw_compliance.pw_fcc.onboarding import BadRequestError, clean_frn, guest_sign_up

WINDOW = 60 * 60


def check_limit() -> int:
	configured = frappe.local.conf.get("pw_fcc_check_rate_limit")
	if configured is None:
		configured = frappe.get_cached_doc("FCC Sync Settings").check_rate_limit
	return int(configured or 60)


def signup_limit() -> int:
	return int(frappe.local.conf.get("pw_fcc_signup_rate_limit") or 5)


def _answer(value: Any, label: str) -> bool | None:
	if value in (None, ""):
		return None
	answer = yes_no(value)
	if answer is None:
		frappe.throw(_("{0} is answered yes or no.").format(label), BadRequestError)
	return answer


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=check_limit, seconds=WINDOW)
def check(frn: str | None = None, broadband: Any = None, voice: Any = None) -> dict:
	"""Where an FRN stands with the FCC, per area, from the locally synced public data."""
	frn = clean_frn(frn)
	result = lookup.run(frn, broadband=_answer(broadband, _("Broadband")), voice=_answer(voice, _("Voice")))
	lookup.log(result, frappe.local.request_ip if getattr(frappe.local, "request", None) else None)
	matched = result["_matched"]
	values = profile_values(frn, matched.filer.record, matched.rmd.record)
	out = lookup.public(result)
	out["questions"] = open_questions(values)
	return out


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=signup_limit, seconds=WINDOW)
def sign_up(frn: str | None = None, signup: Any = None, answers: Any = None) -> dict:
	"""The carrier itself: portal account and a Customer of its own, and a claim of its FRN confirmed
	through the FRN's CORES contact e-mail or by staff before the Carrier Profile and its calendar are made
	(`onboarding.guest_sign_up`). Only what the FCC data cannot tell is asked."""
	return guest_sign_up(frn, signup, answers)
