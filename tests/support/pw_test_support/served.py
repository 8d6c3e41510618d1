"""A served site and real RQ workers for Frappe tests that need concurrency: the test's site served on a
free port (`frappe --site SITE serve --noreload`), N worker processes (`frappe worker --queue
short,default,long`), a wait until the site's jobs are done, and HTTP requests fired from several
processes at once (they meet at a barrier, then send).

    class TestRace(FrappeTestCase):
        @classmethod
        def setUpClass(cls):
            super().setUpClass()
            cls.served = ServedSite(workers=2, conf={"stripe_api_base": "http://127.0.0.1:4242"})
            cls.served.start()
            cls.addClassCleanup(cls.served.stop)

        def test_once(self):
            ...
            frappe.db.commit()  # nosemgrep: the served site and the workers read committed data only
            results = self.served.race([Call("POST", "/api/method/...", data=payload)] * 4)
            self.served.wait_for_jobs()

What the served processes must see has to be committed (run-tests keeps the test's writes in a
transaction). The bench's workers serve every site of the bench and every worker of the bench may take
a job of this site: `conf` (extra site config, e.g. a provider's base URL pointing at a local recorded
server) applies to the processes started here only, through `python -m pw_test_support.served`
which merges it into the site config before running Frappe's CLI."""

import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frappe
import requests

BENCH = Path(frappe.__file__).resolve().parents[3]
PYTHON = BENCH / "env" / "bin" / "python"
CONF_ENV = "PW_SERVED_SITE_CONFIG"
QUEUES = ("short", "default", "long")


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


@dataclass
class Call:
	"""One HTTP request to the served site (`path` from the site root)."""

	method: str
	path: str
	data: str | bytes | dict | None = None
	json: Any = None
	headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Answer:
	status: int
	body: Any
	text: str


def send(url: str, call: Call, timeout: float = 60) -> Answer:
	response = requests.request(
		call.method,
		f"{url}{call.path}",
		data=call.data,
		json=call.json,
		headers=call.headers,
		timeout=timeout,
	)
	try:
		body = response.json()
	except ValueError:
		body = None
	return Answer(response.status_code, body, response.text[:4000])


def _racer(barrier: Any, results: Any, index: int, url: str, call: Call) -> None:
	try:
		barrier.wait(30)
		results.put((index, send(url, call)))
	except Exception as e:  # the parent reports it
		results.put((index, Answer(0, None, repr(e))))


class ServedSite:
	"""The test site served over HTTP with RQ worker processes; `start()` / `stop()`. `workers`: how
	many, each on every queue, or the queues of each (e.g. `[("short",), ("short",)]`: a worker busy
	with a long job, such as Frappe's website search index, then holds no short job back)."""

	def __init__(
		self, site: str | None = None, workers: int | list[tuple[str, ...]] = 2, conf: dict | None = None
	):
		self.site = site or frappe.local.site
		self.workers = [QUEUES] * workers if isinstance(workers, int) else workers
		self.conf = conf or {}
		self.port = free_port()
		self.url = f"http://127.0.0.1:{self.port}"
		self.processes: list[subprocess.Popen] = []
		self.log_path = Path(tempfile.mkdtemp(prefix="pw-served-")) / "served.log"
		self._log = None

	def _spawn(self, *args: str) -> subprocess.Popen:
		env = {**os.environ, CONF_ENV: json.dumps(self.conf)}
		env.pop("CI", None)
		process = subprocess.Popen(
			[str(PYTHON), "-m", "pw_test_support.served", *args],
			cwd=BENCH / "sites",
			env=env,
			stdout=self._log,
			stderr=subprocess.STDOUT,
			start_new_session=True,  # its own process group: stop() takes the work horses too
		)
		self.processes.append(process)
		return process

	def start(self, timeout: float = 90) -> "ServedSite":
		self._log = open(self.log_path, "w")
		try:
			self._spawn("--site", self.site, "serve", "--port", str(self.port), "--noreload")
			for queues in self.workers:
				self._spawn("worker", "--queue", ",".join(queues))
			deadline = time.monotonic() + timeout
			while True:
				try:
					urllib.request.urlopen(f"{self.url}/api/method/ping", timeout=2)
					break
				except OSError:
					if time.monotonic() > deadline or self.processes[0].poll() is not None:
						raise RuntimeError(f"{self.site} was not served; see {self.log_path}") from None
					time.sleep(0.3)
			self._wait_for_workers(deadline)
		except BaseException:
			self.stop()
			raise
		return self

	def _wait_for_workers(self, deadline: float) -> None:
		from frappe.utils.background_jobs import get_workers

		pids = {p.pid for p in self.processes[1:]}
		while {w.pid for w in get_workers()} & pids != pids:
			if time.monotonic() > deadline:
				raise RuntimeError(f"the workers did not start; see {self.log_path}")
			time.sleep(0.3)

	def stop(self) -> None:
		for process in self.processes:
			if process.poll() is None:
				try:
					os.killpg(process.pid, signal.SIGTERM)
				except ProcessLookupError:
					pass
		for process in self.processes:
			try:
				process.wait(15)
			except subprocess.TimeoutExpired:
				os.killpg(process.pid, signal.SIGKILL)
				process.wait()
		self.processes = []
		if self._log:
			self._log.close()
			self._log = None

	def log(self) -> str:
		return self.log_path.read_text(errors="replace")[-8000:]

	def request(self, call: Call) -> Answer:
		return send(self.url, call)

	def race(self, calls: list[Call], timeout: float = 90) -> list[Answer]:
		"""Each call from its own process, released together; the answers in the order of `calls`."""
		context = multiprocessing.get_context("fork")
		barrier = context.Barrier(len(calls))
		results = context.Queue()
		racers = [
			context.Process(target=_racer, args=(barrier, results, i, self.url, call), daemon=True)
			for i, call in enumerate(calls)
		]
		for racer in racers:
			racer.start()
		answers = dict(results.get(timeout=timeout) for _ in racers)
		for racer in racers:
			racer.join(10)
		return [answers[i] for i in range(len(calls))]

	def pending_jobs(self, methods: tuple[str, ...] = ()) -> list[str]:
		"""Methods of this site's jobs still queued or running (all of them, or those starting with
		one of `methods`)."""
		from frappe.utils.background_jobs import get_jobs

		pending = get_jobs(self.site, key="method").get(self.site, [])
		return [m for m in pending if not methods or str(m).startswith(methods)]

	def wait_for_jobs(self, methods: tuple[str, ...] = (), timeout: float = 120) -> None:
		"""Until no job of this site (or of `methods`) is queued or running, twice in a row."""
		deadline = time.monotonic() + timeout
		quiet = 0
		while quiet < 2:
			if time.monotonic() > deadline:
				raise TimeoutError(f"jobs still pending: {self.pending_jobs(methods)}; see {self.log_path}")
			quiet = 0 if self.pending_jobs(methods) else quiet + 1
			time.sleep(0.3)


def api_token(user: str) -> dict[str, str]:
	"""An Authorization header for `user` (API key and secret generated and committed)."""
	doc = frappe.get_doc("User", user)
	secret = frappe.generate_hash(length=15)
	doc.api_key = doc.api_key or frappe.generate_hash(length=15)
	doc.api_secret = secret
	doc.flags.ignore_permissions = True
	doc.save()
	frappe.db.commit()  # nosemgrep: the served site authenticates with it
	return {"Authorization": f"token {doc.api_key}:{secret}"}


def _main() -> None:
	"""Frappe's CLI with CONF_ENV merged into every site config this process reads."""
	extra = json.loads(os.environ.get(CONF_ENV) or "{}")
	read = frappe.get_site_config

	def get_site_config(*args, **kwargs):
		config = read(*args, **kwargs)
		config.update(extra)
		return config

	frappe.get_site_config = get_site_config
	from frappe.utils.bench_helper import main

	sys.argv = ["bench_helper", "frappe", *sys.argv[1:]]
	main()


if __name__ == "__main__":
	_main()
