"""A local HTTP server in a thread for the integration tests (Listmonk, Ollama): a handler function
answers each request from the test's own state, and every request is recorded."""

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

# handler(method, path, query, body, headers) -> (status, json body)
Handler = Callable[[str, str, dict[str, list[str]], Any, dict[str, str]], tuple[int, Any]]


class FakeServer:
	def __init__(self, handler: Handler) -> None:
		self.handler = handler
		self.requests: list[dict] = []
		outer = self

		class RequestHandler(BaseHTTPRequestHandler):
			def _serve(self) -> None:
				split = urlsplit(self.path)
				length = int(self.headers.get("Content-Length") or 0)
				raw = self.rfile.read(length) if length else b""
				try:
					body = json.loads(raw) if raw else None
				except ValueError:
					body = raw.decode(errors="replace")
				query = parse_qs(split.query)
				outer.requests.append(
					{
						"method": self.command,
						"path": split.path,
						"query": query,
						"body": body,
						"headers": dict(self.headers),
					}
				)
				status, answer = outer.handler(self.command, split.path, query, body, dict(self.headers))
				data = json.dumps(answer).encode()
				self.send_response(status)
				self.send_header("Content-Type", "application/json")
				self.send_header("Content-Length", str(len(data)))
				self.end_headers()
				self.wfile.write(data)

			do_GET = do_POST = do_PUT = do_DELETE = _serve

			def log_message(self, *args) -> None:
				pass

		self.server = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
		self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
		self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

	def __enter__(self) -> "FakeServer":
		self.thread.start()
		return self

	def __exit__(self, *exc) -> None:
		self.server.shutdown()
		self.server.server_close()
