"""Porkbun API v3 (https://porkbun.com/api/json/v3/documentation): .ca availability and price, the
TLD's registration requirements, registration, renewal, and DNS records.

Every call is a POST with `apikey` and `secretapikey` in the JSON body; answers carry
`"status": "SUCCESS"` or `"ERROR"` with a `message`. `domain/create` takes the quoted price in integer
US cents and refuses a mismatch, and `getRegistrationRequirements/<tld>` says whether the TLD can be
registered through the API at all (`apiRegisterable`): Porkbun lists .ca among the TLDs whose registry
rules (CIRA's Canadian presence requirements) it can only take on its website, so a .ca registration is
a staff task unless that answer says otherwise.
"""

from dataclasses import dataclass
from typing import Any

from frappe_ca_registry.integrations import http
from frappe_ca_registry.integrations.settings import required

SERVICE = "Porkbun"


@dataclass(frozen=True)
class Availability:
	domain: str
	available: bool
	price: float  # USD, first year
	renewal: float


def _post(path: str, body: dict | None = None, reference: tuple[str, str] | None = None) -> dict:
	conf = required("porkbun_api_url", "porkbun_api_key", "porkbun_secret_key")
	payload = {"apikey": conf["porkbun_api_key"], "secretapikey": conf["porkbun_secret_key"], **(body or {})}
	response = http.call(
		SERVICE, "POST", conf["porkbun_api_url"].rstrip("/") + path, json_body=payload, reference=reference,
		ok_statuses=(400,),
	)  # fmt: skip
	answer = http.json_of(SERVICE, response)
	if not isinstance(answer, dict):
		raise http.ApiError(f"{SERVICE}: unexpected answer {str(answer)[:200]}")
	return answer


def _ok(answer: dict) -> dict:
	if answer.get("status") != "SUCCESS":
		raise http.ApiError(f"{SERVICE}: {answer.get('message') or answer}")
	return answer


def check(domain: str) -> Availability:
	"""domain/checkDomain: {"response": {"avail": "yes"|"no", "price": "...", "additional": {...}}}."""
	answer = _ok(_post(f"/domain/checkDomain/{domain}"))
	found = answer.get("response") or {}
	renewal = ((found.get("additional") or {}).get("renewal") or {}).get("price") or found.get("price") or 0
	return Availability(
		domain=domain,
		available=str(found.get("avail", "")).lower() in ("yes", "1", "true"),
		price=float(found.get("price") or 0),
		renewal=float(renewal),
	)


def api_registerable(tld: str) -> bool:
	"""GET domain/getRegistrationRequirements/<tld> (keys in the X-API-Key headers): `apiRegisterable`."""
	conf = required("porkbun_api_url", "porkbun_api_key", "porkbun_secret_key")
	response = http.call(
		SERVICE, "GET", conf["porkbun_api_url"].rstrip("/") + f"/domain/getRegistrationRequirements/{tld.lstrip('.')}",
		headers={"X-API-Key": conf["porkbun_api_key"], "X-Secret-API-Key": conf["porkbun_secret_key"]},
		ok_statuses=(400, 404),
	)  # fmt: skip
	answer = http.json_of(SERVICE, response)
	return (
		isinstance(answer, dict) and answer.get("status") == "SUCCESS" and bool(answer.get("apiRegisterable"))
	)


def register(domain: str, price_usd: float, reference: tuple[str, str] | None = None) -> dict:
	"""domain/create with the quoted cost in cents; the answer's order id is the reference."""
	answer = _ok(
		_post(
			f"/domain/create/{domain}",
			{"cost": round(price_usd * 100), "agreeToTerms": "yes"},
			reference=reference,
		)
	)
	return {"order_id": str(answer.get("orderId") or answer.get("id") or ""), "answer": answer}


def renew(domain: str, price_usd: float, reference: tuple[str, str] | None = None) -> dict:
	"""domain/renew/<domain> for one year, with the renewal price (checkDomain's `additional.renewal`) in
	US cents, which Porkbun checks like domain/create's; the answer's order id is the reference. A refusal
	(a domain renewed too recently, API access off for the domain, a premium name) raises ApiError with
	Porkbun's message. Only a POST: the transport never resends it."""
	answer = _ok(_post(f"/domain/renew/{domain}", {"cost": round(price_usd * 100)}, reference=reference))
	return {"order_id": str(answer.get("orderId") or answer.get("id") or ""), "answer": answer}


def owned(domain: str) -> bool:
	"""Whether the domain is already in our account (domain/getNameServers answers only for our domains)."""
	return _post(f"/domain/getNameServers/{domain}").get("status") == "SUCCESS"


def dns_records(domain: str) -> list[dict]:
	return _ok(_post(f"/dns/retrieve/{domain}")).get("records") or []


def create_record(domain: str, type_: str, name: str, content: str, prio: int | None = None) -> str:
	"""dns/create; an identical record already there is reused (a retried step does not add a second)."""
	host = f"{name}.{domain}" if name else domain
	for record in dns_records(domain):
		if record.get("type") == type_ and record.get("name") == host and record.get("content") == content:
			return str(record.get("id"))
	body: dict[str, Any] = {"type": type_, "name": name, "content": content, "ttl": "600"}
	if prio is not None:
		body["prio"] = str(prio)
	return str(_ok(_post(f"/dns/create/{domain}", body)).get("id"))
