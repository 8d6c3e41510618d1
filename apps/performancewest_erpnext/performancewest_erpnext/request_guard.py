"""Guest input at the door: a request body that does not parse is a 400, never a 500, and the small checks
the guest endpoints share (a required short text, a secret compared as bytes).

Frappe v15 parses a body sent with a JSON content type in `frappe.app.init_request` (`make_form_dict`),
before any `before_request` hook or whitelisted method runs: a body that is not JSON (or nests too deep,
or is JSON but neither an object nor a list) raises there and the request ends as a 500 with the
exception (on a web page the error page itself then fails, as no session is set up yet). `install()`
(run when this package is imported: `bench`/`bin/frappe` serve, workers and the CLI import every app's
package, gunicorn through `performancewest_erpnext.wsgi`) wraps `make_form_dict` so that such a body
leaves the arguments empty and marks the request; the `before_request` hook `refuse_unparsed_body`
then answers an /api/ call with 400, and a page renders as if nothing was sent. Webhook endpoints read
the raw body themselves as well (a body sent as text/plain is refused by them with 400)."""

import functools
import hmac
from typing import Any

import frappe
from frappe import _

UNPARSED_FLAG = "unparsed_request_body"


class BadRequestError(frappe.ValidationError):
	"""Malformed input from the outside: HTTP 400."""

	http_status_code = 400


def install() -> None:
	"""Wrap Frappe's request-body parsing once per process (idempotent)."""
	import frappe.app

	original = frappe.app.make_form_dict
	if getattr(original, "unparsed_body_guard", False):
		return

	@functools.wraps(original)
	def make_form_dict(request: Any) -> None:
		try:
			original(request)
		except (ValueError, RecursionError, frappe.ValidationError):
			if not request.is_json:
				raise
			frappe.clear_messages()
			frappe.local.form_dict = frappe._dict()
			frappe.local.flags[UNPARSED_FLAG] = True

	make_form_dict.unparsed_body_guard = True
	frappe.app.make_form_dict = make_form_dict


def body_unparsed() -> bool:
	return bool(frappe.local.flags.get(UNPARSED_FLAG))


def refuse_unparsed_body() -> None:
	"""before_request: an API call whose JSON body did not parse gets 400 before any method runs."""
	request = getattr(frappe.local, "request", None)
	if request is not None and body_unparsed() and request.path.startswith("/api/"):
		frappe.throw(_("The request body is not valid JSON."), BadRequestError, title=_("Bad request"))


def text(value: Any, label: str, max_length: int = 140, required: bool = True) -> str | None:
	"""`value` as a stripped string of at most `max_length` characters; a missing (when `required`),
	non-text or too long value is a 400 naming `label`."""
	if value is None or value == "":
		if required:
			frappe.throw(_("{0} is missing.").format(label), BadRequestError, title=_("Bad request"))
		return None
	if not isinstance(value, str) or len(value) > max_length or "\x00" in value:
		frappe.throw(_("{0} is not valid.").format(label), BadRequestError, title=_("Bad request"))
	return value.strip()


def same_secret(expected: str | bytes, given: Any) -> bool:
	"""`given` equals `expected` (a key, token or signature), compared in constant time as bytes: a value
	that is not ASCII text of the expected length is simply not equal."""
	want = expected.encode() if isinstance(expected, str) else expected
	if not want or not isinstance(given, str) or not given.isascii() or len(given) != len(want):
		return False
	return hmac.compare_digest(want, given.encode())
