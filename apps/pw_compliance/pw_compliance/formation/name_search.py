"""Name availability in a state's business search, behind the "State name search live" switch of PW
Compliance Settings (off: every search is a staff task).

The adapters (what each state is asked and how its answer is read) are in `search_adapters`: Wyoming,
Colorado, Florida and Montana. Every other state, and any adapter failing, is a staff task; the staff task
says why. This module makes the calls: one session per search, the state's search form first when the
adapter needs its cookies, a timeout, retries on 429/5xx and one Integration Request per call.
"""

from __future__ import annotations

import json
import time

import frappe
import requests
from requests.adapters import HTTPAdapter as RetryingAdapter
from urllib3.util.retry import Retry

from pw_compliance.formation.search_adapters import (  # the adapters module's public names, re-exported
	ADAPTERS,
	NOT_AUTOMATED,
	HttpAdapter,
	Request,
	Result,
	SearchFailed,
	normalise,
	why_not,
)

SERVICE = "State Business Search"
USER_AGENT = "PerformanceWest-Formation/1.0 (+https://performancewest.net)"
TIMEOUT = 30


def adapter_for(state: str):
	if not frappe.db.get_single_value("PW Compliance Settings", "state_name_search_live"):
		return None
	return ADAPTERS.get(state)


def _session() -> requests.Session:
	retry = Retry(
		total=2,
		backoff_factor=1,
		status_forcelist=(429, 500, 502, 503, 504),
		allowed_methods=("GET", "POST"),  # a search changes nothing on the state's side
	)
	session = requests.Session()
	session.mount("https://", RetryingAdapter(max_retries=retry))
	session.headers.update({"User-Agent": USER_AGENT})
	return session


def fetch(state: str, request: Request) -> str:
	"""The state's answer to one search, as text: one Integration Request per call, failures as
	SearchFailed (the caller hands the search to staff)."""
	session = _session()
	started, status, error = time.monotonic(), None, None
	try:
		if request.warm_url:
			session.get(request.warm_url, timeout=TIMEOUT).raise_for_status()
			session.headers.update({"Referer": request.warm_url})
		if request.method == "POST":
			response = session.post(request.url, json=request.json, timeout=TIMEOUT)
		else:
			response = session.get(request.url, params=request.params, timeout=TIMEOUT)
		status = response.status_code
		response.raise_for_status()
		return response.text
	except requests.RequestException as e:
		error = str(e)[:1000]
		raise SearchFailed(f"{state}: {error}") from e
	finally:
		frappe.get_doc(
			{
				"doctype": "Integration Request",
				"integration_request_service": SERVICE,
				"request_description": f"{state} name search",
				"is_remote_request": 0,
				"status": "Failed" if error else "Completed",
				"url": request.url[:1000],
				"data": json.dumps(request.logged()),
				"output": json.dumps({"status": status, "seconds": round(time.monotonic() - started, 3)}),
				"error": error,
			}
		).insert(ignore_permissions=True)
