"""SHKeeper's REST API (https://shkeeper.io/api/, source vsys-host/shkeeper.io shkeeper/api_v1.py).

Every call has a timeout, idempotent calls are retried on network errors and 5xx answers, and each
call is logged as an Integration Request (service "SHKeeper") without its credentials. SHKeeper
answers errors with HTTP 200 and `{"status": "error", "message": ...}`, so the body is checked too.
"""

import json
import time
from decimal import Decimal
from functools import partial
from typing import Any

import frappe
import requests
from frappe import _

SERVICE = "SHKeeper"
SETTINGS = "SHKeeper Settings"
RETRIES = 2
BACKOFF_SECONDS = 0.5


class SHKeeperError(frappe.ValidationError):
	pass


def log_call(
	action: str,
	data: Any,
	output: Any = None,
	error: str | None = None,
	reference: Any = None,
	service: str = SERVICE,
) -> None:
	frappe.get_doc(
		{
			"doctype": "Integration Request",
			"integration_request_service": service,
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


class SHKeeperClient:
	def __init__(self, settings: Any = None) -> None:
		self.settings = settings or frappe.get_cached_doc(SETTINGS)
		if not self.settings.enabled or not self.settings.api_url:
			frappe.throw(_("SHKeeper is not enabled."), SHKeeperError)
		self.base = self.settings.api_url.rstrip("/")
		self.timeout = self.settings.timeout_seconds or 20

	# ----- transport -----

	def _request(
		self,
		method: str,
		path: str,
		action: str,
		*,
		body: dict | None = None,
		auth: str = "key",
		retry: bool = True,
		reference: Any = None,
	) -> dict:
		headers = {"Accept": "application/json"}
		basic = None
		if auth == "key":
			headers["X-Shkeeper-Api-Key"] = self.settings.get_password("api_key")
		elif auth == "basic":
			user = self.settings.get_password("payout_user", raise_exception=False)
			password = self.settings.get_password("payout_password", raise_exception=False)
			if not user or not password:
				frappe.throw(_("Set the SHKeeper payout user and password first."), SHKeeperError)
			basic = (user, password)
		url = f"{self.base}{path}"
		attempts = 1 + (RETRIES if retry else 0)
		error, result = None, None
		for attempt in range(attempts):
			try:
				response = requests.request(
					method, url, json=body, headers=headers, auth=basic, timeout=self.timeout
				)
			except requests.RequestException as e:
				error = f"{type(e).__name__}: {e}"
			else:
				if response.status_code >= 500:
					error = f"HTTP {response.status_code}: {response.text[:500]}"
				else:
					try:
						result = response.json()
					except ValueError:
						result = None
						error = f"HTTP {response.status_code}: not JSON: {response.text[:300]}"
					else:
						if response.status_code >= 400:
							error = f"HTTP {response.status_code}: {json.dumps(result)[:500]}"
						elif isinstance(result, dict) and result.get("status") == "error":
							error = str(result.get("message") or "error")
						else:
							error = None
					break  # a 4xx or an answer: retrying will not change it
			if attempt + 1 < attempts:
				time.sleep(BACKOFF_SECONDS * (attempt + 1))
		logged = {"method": method, "url": url, "body": body}
		log_call(action, logged, result, error, reference)
		if error:
			# a failed call usually rolls its caller back: keep its log anyway
			frappe.db.after_rollback.add(
				partial(_log_after_rollback, action, logged, result, error, reference)
			)
			frappe.throw(
				_("SHKeeper refused {0}: {1}").format(action, error), SHKeeperError, title=_("Crypto")
			)
		return result or {}

	# ----- API -----

	def cryptos(self) -> list[dict]:
		"""[{"name", "display_name"}] of the cryptos SHKeeper has wallets for (GET /api/v1/crypto)."""
		result = self._request("GET", "/api/v1/crypto", "crypto list", auth="none")
		listed = result.get("crypto_list")
		if listed is None:  # an older SHKeeper: names only
			listed = [{"name": name, "display_name": name} for name in result.get("crypto") or []]
		return [c for c in listed if c.get("name")]

	def payment_request(
		self,
		crypto: str,
		external_id: str,
		fiat: str,
		amount: Decimal | float,
		callback_url: str,
		reference=None,
	) -> dict:
		"""POST /api/v1/{crypto}/payment_request; repeating it updates the same SHKeeper invoice
		(looked up by external_id, callback_url and fiat), also to another crypto."""
		body = {
			"external_id": external_id,
			"fiat": fiat,
			"amount": str(amount),
			"callback_url": callback_url,
		}
		result = self._request(
			"POST",
			f"/api/v1/{crypto}/payment_request",
			f"{crypto} payment_request",
			body=body,
			reference=reference,
		)
		if not result.get("wallet") or not result.get("amount"):
			frappe.throw(_("SHKeeper gave no address for {0}.").format(crypto), SHKeeperError)
		return result

	def payout(
		self,
		crypto: str,
		amount: Decimal,
		destination: str,
		fee: str,
		external_id: str,
		callback_url: str | None = None,
		reference=None,
	) -> dict:
		"""POST /api/v1/{crypto}/payout with HTTP Basic auth; answers {"task_id", ...}. Not retried:
		a payout sent twice would pay twice."""
		body = {
			"amount": str(amount),
			"destination": destination,
			"fee": str(fee),
			"external_id": external_id,
		}
		if callback_url:
			body["callback_url"] = callback_url
		return self._request(
			"POST",
			f"/api/v1/{crypto}/payout",
			f"{crypto} payout",
			body=body,
			auth="basic",
			retry=False,
			reference=reference,
		)

	def payout_task(self, crypto: str, task_id: str, reference=None) -> dict:
		return self._request(
			"GET",
			f"/api/v1/{crypto}/task/{task_id}",
			f"{crypto} payout task",
			auth="basic",
			reference=reference,
		)


def payouts_configured(settings: Any = None) -> bool:
	"""SHKeeper is on and has the payout user's credentials (both stored as Password fields)."""
	settings = settings or frappe.get_cached_doc(SETTINGS)
	return bool(
		settings.enabled
		and settings.get_password("payout_user", raise_exception=False)
		and settings.get_password("payout_password", raise_exception=False)
	)


def callback_base() -> str:
	base = frappe.db.get_single_value(SETTINGS, "callback_base_url")
	return (base or frappe.utils.get_url()).rstrip("/")
