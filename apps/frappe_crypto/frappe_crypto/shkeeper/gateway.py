"""Registering SHKeeper with ERPNext/payments and the signed link to the crypto pay page."""

import hashlib
import hmac

import frappe
from frappe.utils import call_hook_method, get_url
from frappe.utils.password import get_encryption_key

from frappe_crypto.shkeeper.signature import same_secret

GATEWAY = "SHKeeper"
SETTINGS = "SHKeeper Settings"


def register() -> None:
	"""A Payment Gateway record (as the payments app makes them) and, through ERPNext's
	`payment_gateway_enabled` hook, its Payment Gateway Account and clearing account."""
	from payments.utils import create_payment_gateway

	create_payment_gateway(GATEWAY, settings=SETTINGS)
	call_hook_method("payment_gateway_enabled", gateway=GATEWAY)


def unregister() -> None:
	"""Before the app is removed: the gateway records that would point at a missing settings page."""
	for name in frappe.get_all("Payment Gateway Account", {"payment_gateway": GATEWAY}, pluck="name"):
		frappe.db.delete("Payment Gateway Account", name)
	frappe.db.delete("Payment Gateway", {"name": GATEWAY})


def link_signature(payment_request: str) -> str:
	key = get_encryption_key().encode()
	return hmac.new(key, f"crypto-pay:{payment_request}".encode(), hashlib.sha256).hexdigest()[:32]


def check_link(payment_request: str | None, sig: str | None) -> bool:
	if not isinstance(payment_request, str) or not payment_request or len(payment_request) > 140:
		return False
	return same_secret(link_signature(payment_request), sig)


def pay_page_url(payment_request: str) -> str:
	return get_url(f"/crypto-pay?pr={payment_request}&sig={link_signature(payment_request)}")
