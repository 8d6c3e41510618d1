"""One way to call the outside systems of the Canadian pipeline: a requests session with a timeout and
retries on 429/5xx (idempotent methods only, so a purchase is never sent twice by the transport), and one
Integration Request per call with the secrets masked (frappe.integrations.utils.create_request_log)."""

import time
from typing import Any

import frappe
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

TIMEOUT = 30
SECRET_KEYS = ("apikey", "secretapikey", "hash", "password", "secret", "authorization", "x-api-key")


class ApiError(Exception):
	"""The provider refused the call or could not be reached (the step fails and the engine retries)."""


def _masked(value: Any) -> Any:
	if isinstance(value, dict):
		return {k: "***" if str(k).lower() in SECRET_KEYS else _masked(v) for k, v in value.items()}
	if isinstance(value, list):
		return [_masked(v) for v in value]
	return value


def session() -> requests.Session:
	retry = Retry(
		total=2,
		backoff_factor=0.5,
		status_forcelist=(429, 500, 502, 503, 504),
		allowed_methods=("GET", "HEAD"),
		raise_on_status=False,
	)
	s = requests.Session()
	s.mount("https://", HTTPAdapter(max_retries=retry))
	s.mount("http://", HTTPAdapter(max_retries=retry))
	s.headers.update({"User-Agent": "PerformanceWest-CA/1.0 (+https://performancewest.net)"})
	return s


def call(
	service: str,
	method: str,
	url: str,
	*,
	description: str = "",
	json_body: Any = None,
	form: dict | None = None,
	params: dict | None = None,
	auth: tuple[str, str] | None = None,
	headers: dict | None = None,
	reference: tuple[str, str] | None = None,
	ok_statuses: tuple[int, ...] = (),
) -> requests.Response:
	"""Send one request and log it; an HTTP error (other than `ok_statuses`) or a network error raises
	ApiError after the log is written."""
	from frappe.integrations.utils import create_request_log

	started, response, error = time.monotonic(), None, None
	try:
		response = session().request(
			method,
			url,
			json=json_body,
			data=form,
			params=params,
			auth=auth,
			headers=headers,
			timeout=TIMEOUT,
		)
		if response.status_code >= 400 and response.status_code not in ok_statuses:
			error = f"HTTP {response.status_code}: {response.text[:500]}"
	except requests.RequestException as e:
		error = str(e)[:1000]
	finally:
		output = {
			"status": response.status_code if response is not None else None,
			"seconds": round(time.monotonic() - started, 3),
			"body": response.text[:2000] if response is not None else None,
		}
		create_request_log(
			_masked({"method": method, "params": params, "body": json_body or form}),
			service_name=service,
			request_description=description or f"{method} {url.split('?')[0][-120:]}",
			url=url[:1000],
			reference_doctype=reference[0] if reference else None,
			reference_docname=reference[1] if reference else None,
			status="Failed" if error else "Completed",
			is_remote_request=0,
			output=output,
			error=error,
		)
	if error:
		raise ApiError(f"{service}: {error}")
	return response


def json_of(service: str, response: requests.Response) -> Any:
	try:
		return response.json()
	except ValueError as e:
		raise ApiError(f"{service}: the answer is not JSON: {response.text[:200]}") from e
