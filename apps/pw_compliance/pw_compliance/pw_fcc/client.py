"""HTTP client for the FCC's public sources: timeouts and retries from FCC Sync Settings, one Integration
Request per call (written after the sync's own transaction, so a failed load still leaves its trace)."""

import json
import re
import time
from typing import Any

import frappe
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

SERVICE = "FCC Public Data"
USER_AGENT = "PerformanceWest-ComplianceSync/1.0 (+https://performancewest.net)"
SECRET_PARAMS = re.compile(r"(api_key=)[^&]+")


class FetchError(Exception):
	"""A source could not be fetched (network, timeout, HTTP error): the previous data stays."""


class FCCClient:
	def __init__(self, settings: Any = None):
		settings = settings or frappe.get_cached_doc("FCC Sync Settings")
		self.timeout = settings.timeout_seconds or 60
		retry = Retry(
			total=settings.retries or 0,
			backoff_factor=1,
			status_forcelist=(429, 500, 502, 503, 504),
			allowed_methods=("GET",),
			raise_on_status=False,
		)
		self.session = requests.Session()
		self.session.mount("https://", HTTPAdapter(max_retries=retry))
		self.session.mount("http://", HTTPAdapter(max_retries=retry))
		self.session.headers.update({"User-Agent": USER_AGENT})
		self.calls: list[dict] = []

	def get(self, source: str, url: str, params: dict | None = None) -> requests.Response:
		started = time.monotonic()
		call = {
			"source": source,
			"url": url,
			"params": {k: v for k, v in (params or {}).items() if k != "api_key"},
		}
		try:
			response = self.session.get(url, params=params, timeout=self.timeout)
			call.update(status=response.status_code, bytes=len(response.content))
			response.raise_for_status()
			return response
		except requests.RequestException as e:
			call["error"] = SECRET_PARAMS.sub(r"\1***", str(e))[:1000]
			raise FetchError(call["error"]) from e
		finally:
			call["seconds"] = round(time.monotonic() - started, 3)
			self.calls.append(call)

	def get_text(self, source: str, url: str, params: dict | None = None) -> str:
		response = self.get(source, url, params)
		response.encoding = response.encoding or "utf-8"
		return response.text

	def get_json(self, source: str, url: str, params: dict | None = None) -> Any:
		response = self.get(source, url, params)
		try:
			return response.json()
		except ValueError as e:
			raise FetchError(f"{source}: the answer is not JSON") from e

	def write_logs(self, reference: Any = None) -> None:
		for call in self.calls:
			frappe.get_doc(
				{
					"doctype": "Integration Request",
					"integration_request_service": SERVICE,
					"request_description": f"{call['source']}: GET",
					"is_remote_request": 0,
					"status": "Failed" if call.get("error") else "Completed",
					"url": call["url"][:1000],
					"data": json.dumps(call["params"], default=str),
					"output": json.dumps({k: call.get(k) for k in ("status", "bytes", "seconds")}),
					"error": call.get("error"),
					"reference_doctype": reference and reference.doctype,
					"reference_docname": reference and reference.name,
				}
			).insert(ignore_permissions=True)
		self.calls.clear()
