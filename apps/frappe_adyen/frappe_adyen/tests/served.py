"""The test's site served over HTTP with real RQ workers, for tests that need concurrency:

    served = ServedSite(workers=2).start()
    try:
        ...  # commit what the served processes must see first (run-tests keeps a transaction open)
    finally:
        served.stop()

`frappe --site SITE serve --noreload` on a free port and `frappe worker --queue short,default,long`,
each in a process group of its own (stop() ends the work horses too). The bench's workers serve every
site of the bench, so another worker of the bench may also take this site's jobs."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import frappe

BENCH = Path(frappe.__file__).resolve().parents[3]


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


class ServedSite:
	def __init__(self, site: str | None = None, workers: int = 2) -> None:
		self.site = site or frappe.local.site
		self.workers = workers
		self.port = free_port()
		self.url = f"http://127.0.0.1:{self.port}"
		self.processes: list[subprocess.Popen] = []
		self.log_path = Path(tempfile.mkdtemp(prefix="adyen-served-")) / "served.log"
		self._log = None

	def _spawn(self, *args: str) -> None:
		env = {k: v for k, v in os.environ.items() if k != "CI"}
		self.processes.append(
			subprocess.Popen(
				[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", *args],
				cwd=BENCH / "sites",
				env=env,
				stdout=self._log,
				stderr=subprocess.STDOUT,
				start_new_session=True,
			)
		)

	def start(self, timeout: float = 90) -> "ServedSite":
		self._log = open(self.log_path, "w")
		try:
			self._spawn("--site", self.site, "serve", "--port", str(self.port), "--noreload")
			for _ in range(self.workers):
				self._spawn("worker", "--queue", "short,default,long")
			deadline = time.monotonic() + timeout
			while True:
				try:
					urllib.request.urlopen(f"{self.url}/api/method/ping", timeout=2)
					return self
				except OSError:
					if time.monotonic() > deadline or self.processes[0].poll() is not None:
						raise RuntimeError(f"{self.site} was not served; see {self.log_path}") from None
					time.sleep(0.3)
		except BaseException:
			self.stop()
			raise

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
		return self.log_path.read_text(errors="replace")[-6000:]
