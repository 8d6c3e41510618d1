"""Adyen notification HMACs, checked against signatures computed here independently (Adyen's
documented signing string, HMAC-SHA256 with the hex key, base64)."""

import base64
import binascii
import hashlib
import hmac
import json

import pytest
from frappe_adyen.adyen import signature as sig

KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056"


def signed(item: dict, key: str = KEY) -> dict:
	fields = [
		item.get("pspReference", ""),
		item.get("originalReference", ""),
		item.get("merchantAccountCode", ""),
		item.get("merchantReference", ""),
		str(item["amount"]["value"]),
		item["amount"]["currency"],
		item.get("eventCode", ""),
		item.get("success", ""),
	]
	mac = hmac.new(binascii.a2b_hex(key), ":".join(fields).encode(), hashlib.sha256).digest()
	return {**item, "additionalData": {"hmacSignature": base64.b64encode(mac).decode()}}


ITEM = {
	"amount": {"currency": "USD", "value": 22557},
	"eventCode": "AUTHORISATION",
	"merchantAccountCode": "PerformanceWestECOM",
	"merchantReference": "ACC-PRQ-2026-00042",
	"pspReference": "7914073381342284",
	"success": "true",
}


def body(*items) -> bytes:
	return json.dumps(
		{"live": "false", "notificationItems": [{"NotificationRequestItem": i} for i in items]}
	).encode()


def test_a_genuine_item_verifies():
	assert sig.verify(signed(ITEM), KEY)
	refund = {**ITEM, "eventCode": "REFUND", "originalReference": "7914073381342284", "pspReference": "R1"}
	assert sig.verify(signed(refund), KEY)


@pytest.mark.parametrize(
	"change",
	[
		{"amount": {"currency": "USD", "value": 1}},
		{"success": "false"},
		{"merchantReference": "ACC-PRQ-2026-00043"},
		{"eventCode": "REFUND"},
		{"pspReference": "7914073381342285"},
	],
)
def test_any_altered_field_fails(change):
	assert not sig.verify({**signed(ITEM), **change}, KEY)


def test_wrong_key_missing_or_malformed_signature_fail():
	assert not sig.verify(signed(ITEM, "00" * 32), KEY)
	assert not sig.verify(ITEM, KEY)
	assert not sig.verify({**ITEM, "additionalData": {"hmacSignature": ""}}, KEY)
	assert not sig.verify({**ITEM, "additionalData": {"hmacSignature": 5}}, KEY)
	assert not sig.verify(signed(ITEM), "not-hex")
	assert not sig.verify(signed(ITEM), "")
	assert not sig.verify({**signed(ITEM), "amount": "22557"}, KEY)


def test_every_item_of_a_delivery_is_checked():
	good, other = signed(ITEM), signed({**ITEM, "pspReference": "X2", "eventCode": "CAPTURE"})
	sig.verify_all(sig.parse(body(good, other)), KEY)
	with pytest.raises(sig.NotificationError, match="item 1"):
		sig.verify_all(sig.parse(body(good, {**other, "success": "false"})), KEY)


@pytest.mark.parametrize(
	"raw",
	[
		b"",
		b"{not json",
		b"[1]",
		b'{"live":"false"}',
		b'{"notificationItems":[]}',
		b'{"notificationItems":[{"x":1}]}',
		b"\xff\xfe",
	],
)
def test_what_is_not_a_notification(raw):
	with pytest.raises(sig.NotificationError):
		sig.parse(raw)


def test_minor_units():
	assert sig.minor_units("225.57", "USD") == 22557
	assert sig.minor_units(0.1 + 0.2, "USD") == 30
	assert sig.minor_units("1000", "JPY") == 1000
	assert sig.minor_units("1.2345", "KWD") == 1235
	assert sig.minor_to_major(22557, "USD") == "225.57"
	assert sig.minor_to_major(1000, "JPY") == "1000"
