"""Registering Adyen with ERPNext/payments, the payment methods it takes, and the signed link to its pay
page (the Drop-in)."""

import hashlib
import hmac

import frappe
from frappe.utils import call_hook_method, get_url
from frappe.utils.password import get_encryption_key

GATEWAY = "Adyen"
SETTINGS = "Adyen Settings"
# The checkout's payment methods (ERPNext Modes of Payment) and the Adyen payment method types the
# Drop-in shows for each (a session's allowedPaymentMethods)
METHOD_TYPES: dict[str, list[str]] = {
	"Card": ["scheme"],
	"ACH": ["ach"],
	"Klarna": ["klarna", "klarna_account", "klarna_paynow"],
	"Cash App Pay": ["cashapp"],
	"Amazon Pay": ["amazonpay"],
}
DROP_IN_VERSION = "6.45.2"  # @adyen/adyen-web on Adyen's CDN when no URL is set


def register() -> None:
	"""A Payment Gateway record (as the payments app makes them) and, through ERPNext's
	`payment_gateway_enabled` hook, its Payment Gateway Account and clearing bank account; the
	Modes of Payment of its methods."""
	from payments.utils import create_payment_gateway

	create_payment_gateway(GATEWAY, settings=SETTINGS)
	call_hook_method("payment_gateway_enabled", gateway=GATEWAY)
	for method in METHOD_TYPES:
		if not frappe.db.exists("Mode of Payment", method):
			frappe.get_doc({"doctype": "Mode of Payment", "mode_of_payment": method, "type": "Bank"}).insert(
				ignore_permissions=True
			)


def unregister() -> None:
	"""Before the app is removed: the gateway records that would point at a missing settings page."""
	for name in frappe.get_all("Payment Gateway Account", {"payment_gateway": GATEWAY}, pluck="name"):
		frappe.db.delete("Payment Gateway Account", name)
	frappe.db.delete("Payment Gateway", {"name": GATEWAY})


def gateway_account() -> str | None:
	return frappe.db.get_value("Payment Gateway Account", {"payment_gateway": GATEWAY}, "payment_account")


def configured() -> bool:
	"""Enabled, with the keys a payment needs, and registered with ERPNext."""
	settings = frappe.get_cached_doc(SETTINGS)
	return bool(
		settings.enabled
		and settings.merchant_account
		and settings.get_password("api_key", raise_exception=False)
		and settings.get_password("client_key", raise_exception=False)
		and settings.get_password("hmac_key", raise_exception=False)
		and frappe.db.exists("Payment Gateway Account", {"payment_gateway": GATEWAY})
	)


def methods() -> list[str]:
	"""The payment methods Adyen Settings offer (known ones, in their order; none listed: all)."""
	listed = [m.strip() for m in (frappe.get_cached_doc(SETTINGS).payment_methods or "").splitlines()]
	return [m for m in listed if m in METHOD_TYPES] or list(METHOD_TYPES)


def payment_methods() -> list[dict]:
	"""The `payment_gateway_methods` hook: [{"method", "gateway"}] Adyen takes now; empty while it is
	not configured, so a checkout reading this hook simply does not offer it."""
	if not configured():
		return []
	return [{"method": method, "gateway": GATEWAY} for method in methods()]


def link_signature(payment_request: str) -> str:
	key = get_encryption_key().encode()
	return hmac.new(key, f"adyen-pay:{payment_request}".encode(), hashlib.sha256).hexdigest()[:32]


def check_link(payment_request: str | None, sig: str | None) -> bool:
	if not isinstance(payment_request, str) or not isinstance(sig, str) or not payment_request or not sig:
		return False
	return hmac.compare_digest(link_signature(payment_request).encode(), sig.encode("utf-8", "replace"))


def pay_page_url(payment_request: str) -> str:
	return get_url(f"/adyen-pay?pr={payment_request}&sig={link_signature(payment_request)}")


def drop_in_urls() -> tuple[str, str]:
	"""(adyen.js, adyen.css) of @adyen/adyen-web: the settings' URLs, or Adyen's CDN."""
	settings = frappe.get_cached_doc(SETTINGS)
	env = "live" if settings.environment == "Live" else "test"
	cdn = f"https://checkoutshopper-{env}.cdn.adyen.com/checkoutshopper/sdk/{DROP_IN_VERSION}"
	return settings.drop_in_script_url or f"{cdn}/adyen.js", settings.drop_in_style_url or f"{cdn}/adyen.css"
