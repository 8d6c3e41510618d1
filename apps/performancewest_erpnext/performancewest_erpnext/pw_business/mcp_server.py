"""An MCP server for AI agents (`bench --site S pw-mcp serve`): JSON-RPC 2.0 over stdio, one message per
line, as the Model Context Protocol's stdio transport specifies (the official `mcp` SDK would upgrade
Frappe 15's pydantic, so the protocol is spoken here directly).

Tools: the service catalog with prices, variants and the bundle discount; the price of a basket; and the
tools other apps add through the `pw_mcp_tools` hook (pw_compliance: the FCC compliance check of an FRN).
Every tool only reads: whatever a call wrote is rolled back. Calls are rate-limited per server process
(site config `pw_mcp_rate_limit`, calls per minute, default 60) and each is logged as an Integration
Request ("MCP")."""

import contextlib
import io
import json
import sys
import time
from collections import deque
from collections.abc import Callable
from typing import Any, TextIO

import frappe

from performancewest_erpnext.pw_checkout.gateways import log_call

PROTOCOL_VERSIONS = ("2025-06-18", "2025-03-26", "2024-11-05")
SERVICE = "MCP"
PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS, INTERNAL_ERROR = (
	-32700,
	-32600,
	-32601,
	-32602,
	-32603,
)


# ---------- the tools ----------


def list_services(arguments: dict) -> dict:
	"""The catalog as a customer sees it on the order pages."""
	settings = frappe.get_cached_doc("Performance West Settings")
	services = []
	for name in frappe.get_all(
		"Catalog Service",
		filters={"enabled": 1, "show_on_portal": 1},
		pluck="name",
		order_by="service_group, name",
	):
		doc = frappe.get_cached_doc("Catalog Service", name)
		services.append(
			{
				"slug": doc.slug,
				"name": doc.service_name,
				"group": doc.service_group,
				"price": float(doc.rate or 0),
				"billing": doc.billing,
				"turnaround_days": doc.turnaround_days,
				"per_jurisdiction": bool(doc.per_jurisdiction),
				"bundle_discount_eligible": bool(doc.discount_eligible),
				"variants": [
					{"variant": v.variant_code, "name": v.variant_name, "price": float(v.rate or 0)}
					for v in doc.variants
				],
				"bundle_of": [row.get("service") for row in doc.bundle_items],
				"description": doc.description or "",
			}
		)
	return {
		"services": services,
		"bundle_discount": {
			"percent": float(settings.bundle_discount_percent or 0),
			"min_services": settings.bundle_discount_min_services or 2,
		},
	}


def price_basket(arguments: dict) -> dict:
	"""What a basket costs: the same quote as the order page's."""
	from performancewest_erpnext.pw_orders import orders

	return orders.quote_as_dict(orders.make_quote(orders.parse_items(arguments.get("items"))))


BASKET_SCHEMA = {
	"type": "object",
	"properties": {
		"items": {
			"type": "array",
			"minItems": 1,
			"items": {
				"type": "object",
				"properties": {
					"service": {"type": "string", "description": "A service slug from list_services"},
					"variant": {"type": "string"},
					"jurisdictions": {"type": "array", "items": {"type": "string"}},
					"qty": {"type": "integer", "minimum": 1},
				},
				"required": ["service"],
			},
		}
	},
	"required": ["items"],
}


def tools() -> dict[str, dict]:
	"""{name: {description, inputSchema, run}}: this app's and those of the `pw_mcp_tools` hook."""
	found = {
		"list_services": {
			"description": "List Performance West's services with prices, variants and the bundle discount.",
			"inputSchema": {"type": "object", "properties": {}},
			"run": list_services,
		},
		"price_basket": {
			"description": "Price a basket of services (discounts and government fees included).",
			"inputSchema": BASKET_SCHEMA,
			"run": price_basket,
		},
	}
	for path in frappe.get_hooks("pw_mcp_tools"):
		for tool in frappe.get_attr(path)() or ():
			found[tool["name"]] = tool
	return found


# ---------- the protocol ----------


class Server:
	def __init__(
		self, limit_per_minute: int | None = None, clock: Callable[[], float] = time.monotonic
	) -> None:
		self.limit = int(limit_per_minute or frappe.local.conf.get("pw_mcp_rate_limit") or 60)
		self.calls: deque[float] = deque()
		self.clock = clock
		self.tools = tools()

	def handle(self, line: str) -> dict | None:
		"""One incoming line -> the response to write, or None for a notification."""
		try:
			message = json.loads(line)
		except ValueError:
			return _error(None, PARSE_ERROR, "Parse error")
		if not isinstance(message, dict) or message.get("jsonrpc") != "2.0" or "method" not in message:
			return _error(
				message.get("id") if isinstance(message, dict) else None, INVALID_REQUEST, "Invalid Request"
			)
		msg_id, method, params = message.get("id"), message["method"], message.get("params") or {}
		if "id" not in message:
			return None  # notifications (notifications/initialized, cancelled) need no answer
		if method == "initialize":
			asked = params.get("protocolVersion")
			return _result(
				msg_id,
				{
					"protocolVersion": asked if asked in PROTOCOL_VERSIONS else PROTOCOL_VERSIONS[0],
					"capabilities": {"tools": {"listChanged": False}},
					"serverInfo": {"name": "performance-west", "version": "1.0.0"},
					"instructions": "Read-only tools: Performance West's services, prices and the FCC compliance check.",
				},
			)
		if method == "ping":
			return _result(msg_id, {})
		if method == "tools/list":
			return _result(
				msg_id,
				{
					"tools": [
						{"name": name, "description": t["description"], "inputSchema": t["inputSchema"]}
						for name, t in self.tools.items()
					]
				},
			)
		if method == "tools/call":
			return self.call(msg_id, params)
		return _error(msg_id, METHOD_NOT_FOUND, f"Method not found: {method}")

	def call(self, msg_id: Any, params: dict) -> dict:
		name, arguments = params.get("name"), params.get("arguments") or {}
		tool = self.tools.get(name)
		if not tool or not isinstance(arguments, dict):
			return _error(
				msg_id, INVALID_PARAMS, f"Unknown tool: {name}" if not tool else "arguments must be an object"
			)
		now = self.clock()
		while self.calls and now - self.calls[0] >= 60:
			self.calls.popleft()
		if len(self.calls) >= self.limit:
			log_call(SERVICE, str(name), arguments, None, "rate limited")
			frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the call's log, outside any tool's work
			return _result(msg_id, _text(f"Rate limit: at most {self.limit} calls a minute.", error=True))
		self.calls.append(now)
		error, output = None, None
		try:
			with contextlib.redirect_stdout(io.StringIO()):  # stdout carries the protocol only
				output = tool["run"](arguments)
		except Exception as e:
			error = _message(e)
		finally:
			frappe.db.rollback()  # read-only: nothing a tool did is kept
			frappe.local.message_log = []
		log_call(SERVICE, str(name), arguments, output if error is None else None, error)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the call's log
		if error is not None:
			return _result(msg_id, _text(error, error=True))
		result = _text(json.dumps(output, default=str))
		result["structuredContent"] = output
		return _result(msg_id, result)


def _message(e: Exception) -> str:
	text = frappe.utils.strip_html_tags(str(e)) or e.__class__.__name__
	return text[:500]


def _text(text: str, error: bool = False) -> dict:
	return {"content": [{"type": "text", "text": text}], "isError": error}


def _result(msg_id: Any, result: dict) -> dict:
	return {"jsonrpc": "2.0", "id": msg_id, "result": result}


def _error(msg_id: Any, code: int, message: str) -> dict:
	return {"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}}


def serve(stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
	"""Answer MCP messages from stdin until it closes; frappe is connected to the site."""
	frappe.set_user("Guest")  # what the public order pages and the FCC check see
	server = Server()
	for line in stdin:
		if not line.strip():
			continue
		response = server.handle(line)
		if response is not None:
			stdout.write(json.dumps(response, default=str) + "\n")
			stdout.flush()
