"""A real local S3 server for the document tests: moto's server mode on a free port, in a thread.

moto does not check the expiry of presigned URLs, which S3 and MinIO do: a SigV4 presigned request
after `X-Amz-Date + X-Amz-Expires` is answered 403 AccessDenied "Request has expired"
(https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html). A small WSGI
middleware in front of moto adds that check, so the tests see what production clients see.
"""

import socket
import time
from datetime import datetime, timezone
from urllib.parse import parse_qs

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from moto.server import ThreadedMotoServer
from werkzeug.serving import make_server

EXPIRED = (
	b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
	b"<Message>Request has expired</Message></Error>"
)


class PresignedExpiry:
	def __init__(self, app):
		self.app = app

	def __call__(self, environ, start_response):
		query = parse_qs(environ.get("QUERY_STRING", ""))
		if "X-Amz-Expires" in query and "X-Amz-Date" in query:
			signed = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
			if time.time() > signed.timestamp() + int(query["X-Amz-Expires"][0]):
				start_response("403 Forbidden", [("Content-Type", "application/xml")])
				return [EXPIRED]
		return self.app(environ, start_response)


class QuietHandler(MotoRequestHandler):
	def log_request(self, *args, **kwargs) -> None:
		pass


class S3Server(ThreadedMotoServer):
	def __init__(self) -> None:
		with socket.socket() as s:
			s.bind(("127.0.0.1", 0))
			port = s.getsockname()[1]
		super().__init__(ip_address="127.0.0.1", port=port, verbose=False)
		self.url = f"http://127.0.0.1:{port}"

	def _server_entry(self) -> None:
		app = PresignedExpiry(DomainDispatcherApplication(create_backend_app))
		self._server = make_server(self._ip_address, self._port, app, True, request_handler=QuietHandler)
		self._server_ready_event.set()
		self._server.serve_forever()


_server: S3Server | None = None


def server() -> S3Server:
	"""One server per test process, started on first use."""
	global _server
	if _server is None:
		_server = S3Server()
		_server.start()
	return _server
