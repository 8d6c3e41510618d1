"""The MCP server driven over stdio by a client, as an MCP client runs it (`bench --site S pw-mcp serve`
in a subprocess, JSON-RPC lines both ways); the rate limit and read-only guarantee in process."""

import json
import subprocess
from pathlib import Path

import frappe
from frappe.tests.utils import FrappeTestCase

from performancewest_erpnext.pw_business import mcp_server
from performancewest_erpnext.pw_orders import orders

BENCH = Path(frappe.__file__).resolve().parents[3]
CLI = (str(BENCH / "env" / "bin" / "python"), "-m", "frappe.utils.bench_helper", "frappe")


class MCPClient:
	def __init__(self) -> None:
		self.process = subprocess.Popen(
			[*CLI, "--site", frappe.local.site, "pw-mcp", "serve"],
			cwd=BENCH / "sites",
			stdin=subprocess.PIPE,
			stdout=subprocess.PIPE,
			stderr=subprocess.DEVNULL,
			text=True,
		)
		self.next_id = 0

	def send(self, message: dict) -> None:
		self.process.stdin.write(json.dumps(message) + "\n")
		self.process.stdin.flush()

	def request(self, method: str, params: dict | None = None) -> dict:
		self.next_id += 1
		self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params or {}})
		answer = json.loads(self.process.stdout.readline())
		assert answer["id"] == self.next_id, answer
		return answer

	def close(self) -> int:
		self.process.stdin.close()
		return self.process.wait(timeout=60)


class TestMCPServer(FrappeTestCase):
	def test_a_client_lists_tools_prices_a_basket_and_checks_an_frn_over_stdio(self):
		client = MCPClient()
		self.addCleanup(lambda: client.process.poll() is None and client.process.kill())
		init = client.request(
			"initialize",
			{
				"protocolVersion": "2025-06-18",
				"capabilities": {},
				"clientInfo": {"name": "test", "version": "1"},
			},
		)
		self.assertEqual(init["result"]["protocolVersion"], "2025-06-18")
		self.assertIn("tools", init["result"]["capabilities"])
		client.send({"jsonrpc": "2.0", "method": "notifications/initialized"})  # no answer to a notification
		names = {t["name"] for t in client.request("tools/list")["result"]["tools"]}
		self.assertTrue({"list_services", "price_basket", "fcc_check"} <= names, names)

		basket = [{"service": "rmd-filing"}, {"service": "fcc-499a"}]
		priced = client.request("tools/call", {"name": "price_basket", "arguments": {"items": basket}})[
			"result"
		]
		expected = orders.quote_as_dict(orders.make_quote(orders.parse_items(basket)))
		self.assertFalse(priced["isError"])
		self.assertEqual(priced["structuredContent"]["total"], expected["total"])
		self.assertEqual(json.loads(priced["content"][0]["text"])["total"], expected["total"])

		listed = client.request("tools/call", {"name": "list_services", "arguments": {}})["result"]
		self.assertIn("rmd-filing", {s["slug"] for s in listed["structuredContent"]["services"]})

		bad = client.request("tools/call", {"name": "fcc_check", "arguments": {"frn": "123"}})["result"]
		self.assertTrue(bad["isError"])
		self.assertIn("10 digits", bad["content"][0]["text"])
		self.assertEqual(client.request("resources/list")["error"]["code"], -32601)
		self.assertEqual(client.request("tools/call", {"name": "nope"})["error"]["code"], -32602)
		self.assertEqual(client.close(), 0)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a new snapshot, to read what the server process logged
		logged = frappe.get_all(
			"Integration Request",
			filters={"integration_request_service": "MCP"},
			fields=["request_description", "status"],
			order_by="creation desc",
			limit=3,
		)
		self.assertEqual(
			[(r.request_description, r.status) for r in logged],
			[("fcc_check", "Failed"), ("list_services", "Completed"), ("price_basket", "Completed")],
		)

	def test_calls_are_rate_limited_and_read_only(self):
		now = [1000.0]
		server = mcp_server.Server(limit_per_minute=2, clock=lambda: now[0])

		def writes(arguments: dict) -> dict:
			frappe.get_doc({"doctype": "ToDo", "description": "written by a tool"}).insert(
				ignore_permissions=True
			)
			return {"ok": True}

		server.tools["writes"] = {"description": "", "inputSchema": {"type": "object"}, "run": writes}
		call = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "writes"}})
		self.assertFalse(server.handle(call)["result"]["isError"])
		self.assertFalse(frappe.db.exists("ToDo", {"description": "written by a tool"}))  # rolled back
		self.assertFalse(server.handle(call)["result"]["isError"])
		limited = server.handle(call)["result"]
		self.assertTrue(limited["isError"])
		self.assertIn("Rate limit", limited["content"][0]["text"])
		now[0] += 61  # a minute later
		self.assertFalse(server.handle(call)["result"]["isError"])
		self.assertEqual(server.handle("{not json")["error"]["code"], -32700)
