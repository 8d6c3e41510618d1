"""Adyen's Checkout API through the official Python library (PyPI `Adyen` 15.0.x: Checkout API v71).

Each call has a timeout, is sent with an Idempotency-Key (so a retry after a network error or a 5xx
cannot act twice), and is logged as an Integration Request (service "Adyen") without credentials.
Site config `adyen_checkout_url` points the calls at another host (a local recorded API in tests)."""

import json
import time
from functools import partial
from typing import Any

import Adyen
import frappe
from frappe import _

from frappe_adyen.adyen.gateway import SETTINGS

SERVICE = "Adyen"
CHECKOUT_API_VERSION = 71
RETRIES = 2
BACKOFF_SECONDS = 0.5


class AdyenGatewayError(frappe.ValidationError):
	pass


def log_call(
	action: str, data: Any, output: Any = None, error: str | None = None, reference: Any = None
) -> None:
	frappe.get_doc(
		{
			"doctype": "Integration Request",
			"integration_request_service": SERVICE,
			"request_description": action[:140],
			"is_remote_request": 0,
			"status": "Failed" if error else "Completed",
			"data": json.dumps(data, default=str),
			"output": json.dumps(output, default=str) if output is not None else None,
			"error": error,
			"reference_doctype": reference and reference.doctype,
			"reference_docname": reference and reference.name,
		}
	).insert(ignore_permissions=True)


def _log_after_rollback(action, data, output, error, reference) -> None:
	"""The failed call's log again, after the rollback that took the first one with its request or job.
	This runs in the transaction the rollback began, and nothing commits after a failed request: the log
	is committed here, or it is lost with the connection. A plain COMMIT statement, as frappe.db.commit()
	would also drop the after_rollback callbacks still queued (Frappe's file and cache clean-ups)."""
	try:
		if reference and not frappe.db.exists(reference.doctype, reference.name):
			reference = None
		log_call(action, data, output, error, reference)
		frappe.db.sql("commit")  # nosemgrep: frappe-manual-commit, frappe-using-db-sql -- see above
	except Exception:
		pass  # the log must never turn a handled failure into another one


class AdyenClient:
	def __init__(self, settings: Any = None) -> None:
		self.settings = settings or frappe.get_cached_doc(SETTINGS)
		if not self.settings.enabled:
			frappe.throw(_("Adyen is not enabled."), AdyenGatewayError)
		live = self.settings.environment == "Live"
		self.adyen = Adyen.Adyen(
			xapikey=self.settings.get_password("api_key"),
			platform="live" if live else "test",
			live_endpoint_prefix=self.settings.live_url_prefix if live else None,
			http_timeout=self.settings.timeout_seconds or 20,
			application_name="frappe_adyen",
		)
		self.checkout = self.adyen.checkout
		if base := frappe.conf.get("adyen_checkout_url"):
			for api in (self.checkout.payments_api, self.checkout.modifications_api):
				api.baseUrl = f"{base.rstrip('/')}/v{CHECKOUT_API_VERSION}"

	def _call(
		self, action: str, fn, request: dict, idempotency_key: str, reference: Any = None, **kw
	) -> dict:
		error, result = None, None
		for attempt in range(1 + RETRIES):
			try:
				result = fn(request, idempotency_key=idempotency_key, **kw).message or {}
				error = None
				break
			except Adyen.AdyenError as e:
				error = f"{type(e).__name__}: {e}"
				status = getattr(e, "status_code", None)
				if isinstance(e, Adyen.AdyenInvalidRequestError) or (status and 400 <= status < 500):
					break  # the same request would be refused again
			except Exception as e:  # the network: the idempotency key makes a retry safe
				error = f"{type(e).__name__}: {e}"
			if attempt < RETRIES:
				time.sleep(BACKOFF_SECONDS * (attempt + 1))
		logged = {"request": request, "idempotency_key": idempotency_key, **kw}
		log_call(action, logged, result, error, reference)
		if error:
			frappe.db.after_rollback.add(
				partial(_log_after_rollback, action, logged, result, error, reference)
			)
			frappe.throw(
				_("Adyen refused {0}: {1}").format(action, error[:300]),
				AdyenGatewayError,
				title=_("Payment error"),
			)
		return result or {}

	# ----- Checkout API -----

	def session(self, request: dict, idempotency_key: str, reference: Any = None) -> dict:
		"""POST /sessions: {"id", "sessionData", "amount", "reference", "expiresAt", ...}."""
		return self._call(
			"sessions", self.checkout.payments_api.sessions, request, idempotency_key, reference
		)

	def refund(self, psp_reference: str, request: dict, idempotency_key: str, reference: Any = None) -> dict:
		"""POST /payments/{pspReference}/refunds: {"pspReference" (of the refund), "status": "received"}."""
		return self._call(
			"refunds",
			self.checkout.modifications_api.refund_captured_payment,
			request,
			idempotency_key,
			reference,
			paymentPspReference=psp_reference,
		)
