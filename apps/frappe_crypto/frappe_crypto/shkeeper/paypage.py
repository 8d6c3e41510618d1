"""The crypto pay page's endpoints (guest-callable with the Payment Request's signed link): the coins
on offer, the invoice for a chosen coin (address, amount, rate, QR code, when the rate is
recalculated) and its live status."""

import io
from decimal import Decimal
from typing import Any

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import add_to_date, cint, flt, get_datetime, now_datetime

from frappe_crypto.shkeeper import gateway
from frappe_crypto.shkeeper.client import SETTINGS, SHKeeperClient, callback_base

INVOICE = "Crypto Invoice"
CALLBACK_METHOD = "/api/method/frappe_crypto.shkeeper.callbacks.payment"
# Payment URI schemes wallets understand (BIP-21 style); other chains get the bare address
URI_SCHEMES = {"BTC": "bitcoin", "LTC": "litecoin", "DOGE": "dogecoin"}


class BadRequestError(frappe.ValidationError):
	http_status_code = 400


def payment_request_for(pr: str | None, sig: str | None) -> Any:
	if not gateway.check_link(pr, sig):
		raise frappe.PermissionError(_("This payment link is not valid."))
	if not frappe.db.exists("Payment Request", {"name": pr, "docstatus": 1}):
		raise frappe.DoesNotExistError(_("This payment request is no longer open."))
	return frappe.get_doc("Payment Request", pr)


@frappe.whitelist(allow_guest=True)
@rate_limit(limit=300, seconds=60 * 60)
def coins(pr: str | None = None, sig: str | None = None) -> list[dict]:
	payment_request_for(pr, sig)
	return available_coins()


def available_coins() -> list[dict]:
	"""SHKeeper's coins (GET /api/v1/crypto, cached a minute as SHKeeper caches it) that the
	settings enable, in the settings' order."""
	settings = frappe.get_cached_doc(SETTINGS)
	cached = frappe.cache.get_value("frappe_crypto:shkeeper_coins", expires=True)
	if cached is None:
		cached = SHKeeperClient(settings).cryptos()
		frappe.cache.set_value("frappe_crypto:shkeeper_coins", cached, expires_in_sec=60)
	offered = {c["name"]: c.get("display_name") or c["name"] for c in cached}
	return [{"name": coin, "display_name": offered[coin]} for coin in settings.coins() if coin in offered]


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=60, seconds=60 * 60)
def choose(pr: str | None = None, sig: str | None = None, coin: str | None = None) -> dict:
	"""The address and amount to pay the request in `coin` (asking SHKeeper again when the coin
	changes or the quoted rate has expired)."""
	request = payment_request_for(pr, sig)
	if not coin or len(coin) > 40:
		frappe.throw(_("Choose a coin."), BadRequestError)
	frappe.db.get_value("Payment Request", request.name, "name", for_update=True)  # one quote at a time
	existing = frappe.db.exists(INVOICE, request.name) and frappe.get_doc(INVOICE, request.name)
	if existing and (existing.status == "Settled" or request.status == "Paid"):
		return view(existing)  # paid already: show it
	if request.status in ("Paid", "Cancelled"):
		frappe.throw(_("This payment request is {0}.").format(_(request.status)))
	if existing and existing.received_fiat and existing.coin != coin:
		frappe.throw(_("A payment has started in {0}; please finish it in that coin.").format(existing.coin))
	if coin not in {c["name"] for c in available_coins()}:
		frappe.throw(_("{0} is not offered.").format(coin))
	fresh = existing and existing.coin == coin and get_datetime(existing.expires_at) > now_datetime()
	if not fresh:
		existing = quote(request, coin, existing or None)
	return view(existing)


def quote(request: Any, coin: str, invoice: Any = None) -> Any:
	settings = frappe.get_cached_doc(SETTINGS)
	reference = invoice or frappe._dict(doctype="Payment Request", name=request.name)
	result = SHKeeperClient(settings).payment_request(
		coin,
		request.name,
		request.currency,
		Decimal(str(request.grand_total)),
		callback_base() + CALLBACK_METHOD,
		reference=reference,
	)
	now = now_datetime()
	hours = flt(result.get("recalculate_after"))
	expires = (
		add_to_date(now, hours=hours)
		if hours > 0
		else add_to_date(now, minutes=settings.payment_window_minutes or 60)
	)
	values = {
		"coin": coin,
		"display_name": result.get("display_name") or coin,
		"address": result["wallet"],
		"amount_crypto": flt(result["amount"], 9),
		"exchange_rate": flt(result.get("exchange_rate"), 9),
		"shkeeper_invoice_id": str(result.get("id") or ""),
		"quoted_at": now,
		"expires_at": expires,
	}
	if not invoice:
		invoice = frappe.get_doc(
			{
				"doctype": INVOICE,
				"payment_request": request.name,
				"reference_doctype": request.reference_doctype,
				"reference_name": request.reference_name,
				"customer": request.party if request.party_type == "Customer" else None,
				"fiat_currency": request.currency,
				"amount_due": request.grand_total,
				"remaining_fiat": request.grand_total,
				**values,
			}
		)
		invoice.insert(ignore_permissions=True)
	else:
		invoice.update(values)
		if invoice.status == "Expired" and not invoice.received_fiat:
			invoice.status = "New"
		invoice.save(ignore_permissions=True)
	return invoice


@frappe.whitelist(allow_guest=True)
@rate_limit(limit=2000, seconds=60 * 60)
def status(pr: str | None = None, sig: str | None = None) -> dict:
	request = payment_request_for(pr, sig)
	if not frappe.db.exists(INVOICE, request.name):
		return {"status": None}
	return view(frappe.get_doc(INVOICE, request.name))


def payment_uri(coin: str, address: str, amount: float) -> str:
	scheme = URI_SCHEMES.get((coin or "").upper())
	return f"{scheme}:{address}?amount={Decimal(str(amount)).normalize():f}" if scheme else address


def qr_data_uri(text: str) -> str:
	import pyqrcode

	return "data:image/png;base64," + pyqrcode.create(text, error="M").png_as_base64_str(scale=5)


def view(invoice: Any) -> dict:
	"""What the pay page shows (nothing secret: the address and amounts are the customer's)."""
	expires = get_datetime(invoice.expires_at) if invoice.expires_at else None
	uri = payment_uri(invoice.coin, invoice.address, invoice.amount_crypto)
	paid = invoice.status == "Settled" or invoice.additional_status == "PaidLate"
	return {
		"coin": invoice.coin,
		"display_name": invoice.display_name,
		"address": invoice.address,
		"amount_crypto": f"{Decimal(str(invoice.amount_crypto)).normalize():f}",
		"exchange_rate": flt(invoice.exchange_rate, 2),
		"fiat_currency": invoice.fiat_currency,
		"amount_due": flt(invoice.amount_due, 2),
		"received_fiat": flt(invoice.received_fiat, 2),
		"remaining_fiat": flt(invoice.remaining_fiat, 2),
		"excess_fiat": flt(invoice.excess_fiat, 2),
		"expires_in": max(cint((expires - now_datetime()).total_seconds()), 0) if expires else None,
		"status": invoice.status,
		"additional_status": invoice.additional_status,
		"paid": paid,
		"uri": uri,
		"qr": qr_data_uri(uri),
	}
