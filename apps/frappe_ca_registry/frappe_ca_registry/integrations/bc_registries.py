"""BC Registries name requests (the Names Examination API of bcgov/namex, `namerequests` resource).

- POST <api>/namerequests: a name request for a BC company (`entity_type_cd` "CR", `request_action_cd`
  "NEW") with the proposed name and the applicant; the answer holds its number (`nrNum`) and `state`.
- GET  <api>/namerequests/<nrNum>: its state: DRAFT, INPROGRESS, HOLD (in examination), APPROVED,
  CONDITIONAL (approved with conditions) or REJECTED.

The request and answer shapes are modelled on the namex API source, not checked against a live account:
check them with the BC Registries API gateway key before turning the live switch on. Incorporation itself
is not offered through an API we can use, so it is always a staff task (see crtc/handler.py).
"""

from dataclasses import dataclass
from urllib.parse import quote

from frappe_ca_registry.integrations import http
from frappe_ca_registry.integrations.settings import required

SERVICE = "BC Registries"
APPROVED = ("APPROVED", "CONDITIONAL")
REJECTED = ("REJECTED", "CANCELLED", "EXPIRED")


@dataclass(frozen=True)
class NameRequest:
	number: str
	state: str

	@property
	def approved(self) -> bool:
		return self.state in APPROVED

	@property
	def rejected(self) -> bool:
		return self.state in REJECTED


def _conf() -> tuple[str, dict]:
	conf = required("bc_registries_url", "bc_registries_api_key", "bc_registries_account_id")
	headers = {"x-apikey": conf["bc_registries_api_key"], "Account-Id": conf["bc_registries_account_id"]}
	return conf["bc_registries_url"].rstrip("/"), headers


def _answer(response) -> NameRequest:
	data = http.json_of(SERVICE, response)
	number, state = data.get("nrNum"), str(data.get("state") or data.get("stateCd") or "").upper()
	if not number or not state:
		raise http.ApiError(f"{SERVICE}: no name request number or state in {str(data)[:200]}")
	return NameRequest(number=number, state=state)


def submit(name: str, applicant: dict, reference: tuple[str, str] | None = None) -> NameRequest:
	base, headers = _conf()
	body = {
		"entity_type_cd": "CR",
		"request_action_cd": "NEW",
		"request_type_cd": "CR",
		"stateCd": "DRAFT",
		"names": [{"name": name, "choice": 1, "designation": "LTD.", "name_type_cd": "CO"}],
		"applicants": [applicant],
		"natureBusinessInfo": "Telecommunications services",
	}
	response = http.call(
		SERVICE, "POST", f"{base}/namerequests", json_body=body, headers=headers, reference=reference,
		description=f"name request: {name}",
	)  # fmt: skip
	return _answer(response)


def status(number: str) -> NameRequest:
	base, headers = _conf()
	response = http.call(
		SERVICE, "GET", f"{base}/namerequests/{quote(number)}", headers=headers, description=number
	)
	return _answer(response)
