"""Adyen's Standard webhook: the body's notification items and each item's HMAC (no Frappe import).

Adyen signs each NotificationRequestItem on its own: HMAC-SHA256 with the hex HMAC key of the webhook,
over `pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success`,
base64 in `additionalData.hmacSignature`. The signing string is the official library's
(`Adyen.util.generate_notification_sig`); its `is_valid_hmac_notification` looks at the first item only,
so every item is checked here."""

import binascii
import hmac
import json
from typing import Any

from Adyen.util import generate_notification_sig


class NotificationError(ValueError):
	"""The body is not an Adyen notification, or an item's signature does not match."""


def parse(body: bytes) -> list[dict]:
	"""The NotificationRequestItems of a Standard webhook body; NotificationError if it is not one."""
	try:
		data = json.loads(body)
	except (ValueError, UnicodeDecodeError) as e:
		raise NotificationError(f"body is not JSON: {e}") from None
	items = data.get("notificationItems") if isinstance(data, dict) else None
	if not isinstance(items, list) or not items:
		raise NotificationError("no notificationItems")
	result = []
	for entry in items:
		item = entry.get("NotificationRequestItem") if isinstance(entry, dict) else None
		if not isinstance(item, dict):
			raise NotificationError("an entry is not a NotificationRequestItem")
		result.append(item)
	return result


def sign(item: dict, hmac_key: str) -> str:
	"""The base64 HMAC of one item (its additionalData aside), as Adyen computes it."""
	fields = {k: v for k, v in item.items() if k != "additionalData"}
	amount = fields.get("amount")
	if not isinstance(amount, dict):
		fields["amount"] = {"value": "", "currency": ""}
	return generate_notification_sig(fields, hmac_key).decode()


def verify(item: dict, hmac_key: str) -> bool:
	"""True if the item carries the signature `hmac_key` gives it (constant-time comparison)."""
	given = (item.get("additionalData") or {}).get("hmacSignature") if isinstance(item, dict) else None
	if not given or not isinstance(given, str) or not hmac_key:
		return False
	try:
		expected = sign(item, hmac_key)
	except (binascii.Error, ValueError, TypeError):
		return False
	return hmac.compare_digest(expected.encode(), given.encode())


def verify_all(items: list[dict], hmac_key: str) -> None:
	"""NotificationError unless every item is signed with `hmac_key`."""
	for index, item in enumerate(items):
		if not verify(item, hmac_key):
			raise NotificationError(f"HMAC of item {index} ({item.get('pspReference')}) does not match")


def minor_to_major(value: Any, currency: str) -> str:
	"""An Adyen amount (minor units) as a decimal string in the currency's major unit."""
	from decimal import Decimal

	exponent = CURRENCY_EXPONENTS.get((currency or "").upper(), 2)
	return str(Decimal(int(value)) / (Decimal(10) ** exponent))


# Currencies whose Adyen minor unit is not the cent (docs.adyen.com/development-resources/currency-codes)
CURRENCY_EXPONENTS = {
	"JPY": 0,
	"KRW": 0,
	"VND": 0,
	"BHD": 3,
	"JOD": 3,
	"KWD": 3,
	"LYD": 3,
	"OMR": 3,
	"TND": 3,
}


def minor_units(amount: Any, currency: str) -> int:
	"""A decimal amount in the currency's minor units, rounded half-up."""
	from decimal import ROUND_HALF_UP, Decimal

	exponent = CURRENCY_EXPONENTS.get((currency or "").upper(), 2)
	scaled = Decimal(str(amount)) * (Decimal(10) ** exponent)
	return int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP))
