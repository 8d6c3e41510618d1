"""Local stand-ins for Porkbun, Flowroute, HestiaCP and BC Registries (http.server), answering with the
shapes of their documented APIs and counting what was bought."""

import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse


class State:
	def __init__(self) -> None:
		self.purchases: Counter = Counter()  # "did:<n>", "domain:<d>", "renewal:<d>"
		self.owned_numbers: set[str] = set()
		self.owned_domains: set[str] = set()
		self.records: dict[str, list[dict]] = {}
		self.hestia: Counter = Counter()
		self.name_requests: dict[str, str] = {}
		self.numbers = ("16045550100", "16045550101")


class Fake(BaseHTTPRequestHandler):
	state: State

	def log_message(self, *args) -> None:
		return None

	def _send(self, status: int, body) -> None:
		data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
		self.send_response(status)
		self.send_header("Content-Type", "text/plain" if isinstance(body, str) else "application/json")
		self.send_header("Content-Length", str(len(data)))
		self.end_headers()
		self.wfile.write(data)

	def _body(self) -> bytes:
		return self.rfile.read(int(self.headers.get("Content-Length") or 0))

	def do_GET(self) -> None:
		url = urlparse(self.path)
		parts = unquote(url.path).strip("/").split("/")
		s = self.state
		if parts[:2] == ["porkbun", "domain"] and parts[2] == "getRegistrationRequirements":
			return self._send(
				200, {"status": "SUCCESS", "apiRegisterable": True, "registrationDurationYears": 1}
			)
		if parts[:3] == ["flowroute", "numbers", "available"]:
			rc = parse_qs(url.query).get("rate_center", [""])[0]
			rows = [
				{"id": n, "type": "number", "attributes": {"value": n, "rate_center": rc, "state": "BC",
					"monthly_cost": 1.25, "setup_cost": 1.0, "number_type": "standard"}}
				for n in s.numbers if n not in s.owned_numbers
			]  # fmt: skip
			return self._send(200, {"data": rows if rc == "VANCOUVER" else []})
		if parts[:2] == ["flowroute", "numbers"] and len(parts) == 3:
			if parts[2] in s.owned_numbers:
				return self._send(200, {"data": {"id": parts[2], "type": "number"}})
			return self._send(404, {"errors": [{"detail": "Not found"}]})
		if parts[:2] == ["bc", "namerequests"] and len(parts) == 3:
			name = s.name_requests.get(parts[2])
			if not name:
				return self._send(404, {"message": "not found"})
			return self._send(
				200, {"nrNum": parts[2], "state": "REJECTED" if "Rejected" in name else "APPROVED"}
			)
		self._send(404, {"message": self.path})

	def do_POST(self) -> None:
		parts = urlparse(self.path).path.strip("/").split("/")
		raw = self._body()
		s = self.state
		if parts[0] == "porkbun":
			body = json.loads(raw or b"{}")
			if body.get("apikey") != "pk1_test" or body.get("secretapikey") != "sk1_test":
				return self._send(400, {"status": "ERROR", "message": "Invalid API key."})
			domain = parts[-1]
			action = "/".join(parts[1:-1])
			if action == "domain/checkDomain":
				taken = "taken" in domain or domain in s.owned_domains
				return self._send(200, {"status": "SUCCESS", "response": {"avail": "no" if taken else "yes",
					"type": "registration", "price": "12.50", "additional": {"renewal": {"price": "13.00"}}}})  # fmt: skip
			if action == "domain/create":
				if body.get("cost") != 1250 or body.get("agreeToTerms") != "yes":
					return self._send(400, {"status": "ERROR", "message": "Price mismatch."})
				s.purchases[f"domain:{domain}"] += 1
				s.owned_domains.add(domain)
				return self._send(200, {"status": "SUCCESS", "orderId": 8812})
			if action == "domain/renew":
				if domain not in s.owned_domains:
					return self._send(400, {"status": "ERROR", "message": "Domain not in account."})
				if body.get("cost") != 1300:
					return self._send(400, {"status": "ERROR", "message": "Price mismatch."})
				s.purchases[f"renewal:{domain}"] += 1
				return self._send(200, {"status": "SUCCESS", "domain": domain, "cost": 1300, "orderId": 9921})
			if action == "domain/getNameServers":
				if domain in s.owned_domains:
					return self._send(200, {"status": "SUCCESS", "ns": ["curitiba.ns.porkbun.com"]})
				return self._send(400, {"status": "ERROR", "message": "Domain not in account."})
			if action == "dns/retrieve":
				return self._send(200, {"status": "SUCCESS", "records": s.records.get(domain, [])})
			if action == "dns/create":
				rows = s.records.setdefault(domain, [])
				host = f"{body['name']}.{domain}" if body.get("name") else domain
				rows.append(
					{"id": str(len(rows) + 1), "name": host, "type": body["type"], "content": body["content"]}
				)
				return self._send(200, {"status": "SUCCESS", "id": len(rows)})
		if parts[:2] == ["flowroute", "numbers"] and len(parts) == 3:
			if self.headers.get("Authorization", "").split(" ")[0] != "Basic":
				return self._send(401, {"errors": [{"detail": "auth"}]})
			s.purchases[f"did:{parts[2]}"] += 1
			s.owned_numbers.add(parts[2])
			return self._send(201, {"data": {"id": parts[2], "type": "number"}})
		if parts[:2] == ["hestia", "api"]:
			form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
			if form.get("hash") != "hk_id:hk_secret":
				return self._send(200, "10")  # E_FORBIDEN
			key = "|".join(form.get(f"arg{i}", "") for i in range(1, 4)) + form["cmd"]
			s.hestia[key] += 1
			return self._send(200, "0" if s.hestia[key] == 1 else "4")
		if parts[:2] == ["bc", "namerequests"]:
			body = json.loads(raw or b"{}")
			number = f"NR {1000000 + len(s.name_requests)}"
			s.name_requests[number] = body["names"][0]["name"]
			return self._send(200, {"nrNum": number, "state": "DRAFT"})
		self._send(404, {"message": self.path})

	def do_PATCH(self) -> None:
		self._body()
		parts = urlparse(self.path).path.strip("/").split("/")
		if parts[:2] == ["flowroute", "numbers"] and parts[-1] == "primary_route":
			self.send_response(204)
			self.end_headers()
			return
		self._send(404, {"message": self.path})


def start() -> tuple[ThreadingHTTPServer, State]:
	state = State()
	handler = type("Handler", (Fake,), {"state": state})
	server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
	threading.Thread(target=server.serve_forever, daemon=True).start()
	return server, state
