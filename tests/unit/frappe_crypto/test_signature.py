"""SHKeeper callback signatures, checked with real HMACs computed here independently."""

import hashlib
import hmac
import json

import pytest
from frappe_crypto.shkeeper import signature as sig

KEY = "shk-api-key-0123456789"
NOW = 1_776_000_000
BODY = json.dumps(
	{"external_id": "ACC-PRQ-0001", "status": "PAID", "paid": True, "balance_fiat": "100.00"},
	separators=(",", ":"),
	sort_keys=True,
).encode()


def headers(body=BODY, key=KEY, ts=NOW):
	digest = hmac.new(key.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
	return {"X-Shkeeper-Timestamp": str(ts), "X-Shkeeper-Signature": digest}


def test_a_valid_signature_passes_and_matches_shkeepers_scheme():
	assert sig.verify(KEY, BODY, headers(), now=NOW) == "hmac"
	assert sig.signed_headers(KEY, BODY, NOW) == headers()
	# header names are case-insensitive, as HTTP says
	lower = {k.lower(): v for k, v in headers().items()}
	assert sig.verify(KEY, BODY, lower, now=NOW + 10) == "hmac"


def test_an_altered_body_fails():
	altered = BODY.replace(b"100.00", b"900.00")
	with pytest.raises(sig.SignatureError, match="does not match"):
		sig.verify(KEY, altered, headers(), now=NOW)


def test_a_wrong_key_fails():
	with pytest.raises(sig.SignatureError, match="does not match"):
		sig.verify(KEY, BODY, headers(key="another-key"), now=NOW)


@pytest.mark.parametrize("offset", [301, -301, 3600, -86400])
def test_stale_or_future_timestamps_fail(offset):
	with pytest.raises(sig.SignatureError, match="from now"):
		sig.verify(KEY, BODY, headers(ts=NOW + offset), now=NOW)


@pytest.mark.parametrize("offset", [300, -300, 0])
def test_the_window_is_300_seconds_each_way(offset):
	assert sig.verify(KEY, BODY, headers(ts=NOW + offset), now=NOW) == "hmac"


def test_missing_headers_fail():
	with pytest.raises(sig.SignatureError, match="missing"):
		sig.verify(KEY, BODY, {}, now=NOW)
	only_signature = {"X-Shkeeper-Signature": headers()["X-Shkeeper-Signature"]}
	with pytest.raises(sig.SignatureError, match="missing"):
		sig.verify(KEY, BODY, only_signature, now=NOW)
	with pytest.raises(sig.SignatureError, match="missing"):
		sig.verify(KEY, BODY, {"X-Shkeeper-Timestamp": str(NOW)}, now=NOW)


def test_garbage_in_the_headers_fails():
	with pytest.raises(sig.SignatureError, match="not a number"):
		sig.verify(KEY, BODY, {**headers(), "X-Shkeeper-Timestamp": "soon"}, now=NOW)
	with pytest.raises(sig.SignatureError, match="does not match"):
		sig.verify(KEY, BODY, {**headers(), "X-Shkeeper-Signature": "abc"}, now=NOW)


def test_the_legacy_api_key_header_only_where_the_installation_is_marked_legacy():
	legacy = {"X-Shkeeper-Api-Key": KEY}
	with pytest.raises(sig.SignatureError, match="missing"):
		sig.verify(KEY, BODY, legacy, now=NOW)
	assert sig.verify(KEY, BODY, legacy, legacy=True, now=NOW) == "legacy-api-key"
	with pytest.raises(sig.SignatureError):
		sig.verify(KEY, BODY, {"X-Shkeeper-Api-Key": "wrong"}, legacy=True, now=NOW)
	# a signature that is sent is checked even on a legacy installation
	with pytest.raises(sig.SignatureError, match="does not match"):
		sig.verify(KEY, BODY + b" ", {**headers(), **legacy}, legacy=True, now=NOW)


def test_no_configured_key_refuses_everything():
	with pytest.raises(sig.SignatureError, match="no API key"):
		sig.verify("", BODY, headers(), now=NOW)


@pytest.mark.parametrize(
	"garbage",
	[
		{"X-Shkeeper-Signature": "\u00e9" * 64},
		{"X-Shkeeper-Signature": "\u00df" * 32},
		{"X-Shkeeper-Signature": "0" * 65},
		{
			"X-Shkeeper-Timestamp": str(NOW).translate(
				str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
			)
		},  # Arabic-Indic digits
		{"X-Shkeeper-Timestamp": "9" * 40},
	],
)
def test_headers_that_are_not_ascii_or_of_another_length_are_refused(garbage):
	with pytest.raises(sig.SignatureError):
		sig.verify(KEY, BODY, {**headers(), **garbage}, now=NOW)


def test_a_legacy_api_key_that_is_not_ascii_is_refused():
	with pytest.raises(sig.SignatureError):
		sig.verify(KEY, BODY, {"X-Shkeeper-Api-Key": "\u00e9" * len(KEY)}, legacy=True, now=NOW)
	assert not sig.same_secret(KEY, None)
	assert not sig.same_secret(KEY, KEY + " ")
	assert sig.same_secret(KEY, KEY)
