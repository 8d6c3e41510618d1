"""Flowroute Numbers API v2 (https://developer.flowroute.com/api/numbers/v2.0/): Canadian DIDs.

HTTP basic auth with the access key and secret key; JSON:API documents.
- GET  /numbers/available?starts_with=<NPA>&rate_center=<RC>&limit=: purchasable numbers, each
  `{"id": "16045550100", "attributes": {"rate_center", "state", "monthly_cost", "setup_cost", ...}}`
- POST /numbers/<number>: buys the number (201)
- GET  /numbers/<number>: a number on our account (404 when it is not ours)
- PATCH /numbers/<number>/relationships/primary_route: `{"data": {"type": "route", "id": <route>}}`
"""

from dataclasses import dataclass

from frappe_ca_registry.integrations import http
from frappe_ca_registry.integrations.settings import required

SERVICE = "Flowroute"
# Vancouver's area codes: the rate centre the seed's carriers take their number in
VANCOUVER_NPAS = ("604", "778", "236", "672")


@dataclass(frozen=True)
class Number:
	number: str
	rate_center: str
	state: str
	monthly_cost: float
	setup_cost: float


def _conf() -> tuple[str, tuple[str, str]]:
	conf = required("flowroute_api_url", "flowroute_access_key", "flowroute_secret_key")
	return conf["flowroute_api_url"].rstrip("/"), (conf["flowroute_access_key"], conf["flowroute_secret_key"])


def _number(row: dict) -> Number:
	a = row.get("attributes") or {}
	return Number(
		number=str(row.get("id") or a.get("value")),
		rate_center=str(a.get("rate_center") or "").upper(),
		state=str(a.get("state") or "").upper(),
		monthly_cost=float(a.get("monthly_cost") or 0),
		setup_cost=float(a.get("setup_cost") or 0),
	)


def available(rate_center: str, starts_with: str = "1604", limit: int = 20) -> list[Number]:
	base, auth = _conf()
	response = http.call(
		SERVICE, "GET", f"{base}/numbers/available", auth=auth,
		params={"starts_with": starts_with, "rate_center": rate_center.upper(), "limit": limit},
		description=f"available numbers in {rate_center}",
	)  # fmt: skip
	return [_number(r) for r in http.json_of(SERVICE, response).get("data") or []]


def is_available(number: str, rate_center: str) -> bool:
	return any(n.number == number for n in available(rate_center, starts_with=number[:7], limit=50))


def owned(number: str) -> bool:
	base, auth = _conf()
	response = http.call(
		SERVICE, "GET", f"{base}/numbers/{number}", auth=auth, ok_statuses=(404,), description="our number?"
	)
	return response.status_code == 200


def purchase(number: str, reference: tuple[str, str] | None = None) -> str:
	base, auth = _conf()
	response = http.call(
		SERVICE, "POST", f"{base}/numbers/{number}", auth=auth, reference=reference,
		description=f"purchase {number}",
	)  # fmt: skip
	data = http.json_of(SERVICE, response).get("data") or {}
	return str(data.get("id") or number)


def set_primary_route(number: str, route_id: str) -> None:
	base, auth = _conf()
	http.call(
		SERVICE, "PATCH", f"{base}/numbers/{number}/relationships/primary_route", auth=auth,
		json_body={"data": {"type": "route", "id": str(route_id)}}, description=f"route {number}",
	)  # fmt: skip
