"""The public FCC compliance check through the web server, over 50,000 synced 499 filers, beside
`/api/method/ping` measured the same way (the floor: Frappe's own request cost on this server).

Run on a throwaway site (it loads, then deletes, its own rows):
  env/bin/python tests/benchmarks/fcc_check.py [site] [filers] [requests]
Loads the filers with the sync's bulk upsert (plus RMD and CPNI rows for a fifth of them), lifts the
check's rate limit through the site config key `pw_fcc_check_rate_limit` for the run, and serves the site
the way production does: gunicorn (gthread) with the workers and threads of docker/Containerfile,
`--preload`, from sites/. Each measurement mixes FRNs that are on file with FRNs that are not (one in
five unknown), and prints, per client count (1 and 20), ping's and the check's p50/p95 and the ratios.
The check's log rows, queued in Redis by the requests, are written afterwards (and counted).
Figures only, no assertions. Traffic goes to 127.0.0.1 only.
"""

import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "97"  # bench FRNs are 97xxxxxxxx, filer IDs B-nnnnnn: nothing real looks like them
UNKNOWN = "98"  # FRNs nobody filed under: the check answers from empty look-ups
CONCURRENCY = (1, 20)


def production_server() -> tuple[int, int]:
	"""(workers, threads) of the container's gunicorn command."""
	text = (ROOT / "docker" / "Containerfile").read_text()
	workers, threads = (re.search(rf"--{flag}=(\d+)", text) for flag in ("workers", "threads"))
	return int(workers.group(1)), int(threads.group(1))


def seed(filers: int) -> list[str]:
	import frappe
	from pw_compliance.fcc.identifiers import normalise_name
	from pw_compliance.fcc.parsers import CPNIRecord, FilerRecord, RMDRecord
	from pw_compliance.pw_fcc.sync import _rows, upsert

	cleanup()
	started = time.perf_counter()
	kinds = (
		"Interconnected VoIP",
		"CAP/CLEC",
		"Toll Reseller",
		"Interexchange Carrier (IXC)",
		"Wireless Data",
	)
	records, rmd, cpni, frns = [], [], [], []
	for i in range(filers):
		frn = f"{PREFIX}{i:08d}"
		name = f"Bench Carrier {i} LLC"
		frns.append(frn)
		records.append(
			FilerRecord(
				filer_id=f"B-{i:06d}",
				frn=frn,
				legal_name=name,
				legal_name_norm=normalise_name(name),
				comm_type=kinds[i % len(kinds)],
				last_filed=date(2025 + i % 2, 3, 1) + timedelta(days=i % 40),
				usf_contributor=bool(i % 3),
			)  # fmt: skip
		)
		if i % 5 == 0:
			rmd.append(RMDRecord(rmd_number=f"RMDB{i:07d}", frn=frn, business_name=name, business_name_norm=normalise_name(name),
				implementation="Partial STIR/SHAKEN Implementation", date_of_filing=date(2023, 6, 1)))  # fmt: skip
			cpni.append(CPNIRecord(filing_id=f"B{i:012d}", filer_name=name, filer_name_norm=normalise_name(name),
				date_received=date(2026, 2, 20), year_certified=2025, filer_499_id=f"B-{i:06d}"))  # fmt: skip

	def filer_extra(r):
		return {
			"usf_contributor": "Yes" if r.usf_contributor else "No",
			"de_minimis": int(bool(r.de_minimis)),
		}

	counts = upsert("FCC Filer", _rows(records, filer_extra))
	upsert("FCC RMD Entry", _rows(rmd, lambda r: {"removed": 0, "removed_on": None}))
	upsert("FCC CPNI Certification", _rows(cpni))
	frappe.db.commit()
	print(f"loaded {counts['rows_inserted']:,} filers, {len(rmd):,} RMD and {len(cpni):,} CPNI rows "
		f"in {time.perf_counter() - started:.1f} s (bulk upsert)")  # fmt: skip
	again = time.perf_counter()
	second = upsert("FCC Filer", _rows(records, filer_extra))
	frappe.db.rollback()
	print(f"the same {filers:,} filers again: {second['rows_unchanged']:,} unchanged, "
		f"{second['rows_inserted'] + second['rows_updated']} written, {time.perf_counter() - again:.1f} s")  # fmt: skip
	return frns


def cleanup() -> None:
	import frappe

	frappe.db.sql("delete from `tabFCC Filer` where filer_id like 'B-%%'")
	frappe.db.sql("delete from `tabFCC RMD Entry` where rmd_number like 'RMDB%%'")
	frappe.db.sql(
		"delete from `tabFCC CPNI Certification` where filing_id like 'B%%' and filer_499_id like 'B-%%'"
	)
	for prefix in (PREFIX, UNKNOWN):
		frappe.db.sql("delete from `tabFCC Compliance Check Log` where frn like %s", f"{prefix}%")
	frappe.db.commit()


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def timed(url: str, body: bytes | None, site: str) -> float:
	headers = {"Content-Type": "application/json", "X-Frappe-Site-Name": site}
	request = urllib.request.Request(url, data=body, headers=headers)
	started = time.perf_counter()
	with urllib.request.urlopen(request, timeout=60) as response:
		response.read()
		if response.status != 200:
			raise RuntimeError(f"{url}: HTTP {response.status}")
	return (time.perf_counter() - started) * 1000


def measure(url: str, bodies: list[bytes | None], clients: int, site: str) -> tuple[float, float, float]:
	for body in bodies[: clients * 2]:  # warm every worker thread
		timed(url, body, site)
	started = time.perf_counter()
	with ThreadPoolExecutor(clients) as pool:
		times = sorted(pool.map(lambda b: timed(url, b, site), bodies))
	elapsed = time.perf_counter() - started
	p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
	return statistics.median(times), p95, len(times) / elapsed


def serve(site: str, port: int, workers: int, threads: int, log) -> subprocess.Popen:
	command = [str(ROOT / "env/bin/gunicorn"), "-b", f"127.0.0.1:{port}", "-w", str(workers), "--threads",
		str(threads), "--worker-class=gthread", "--timeout=120", "--preload",
		"performancewest_erpnext.wsgi:application"]  # fmt: skip
	server = subprocess.Popen(command, cwd=ROOT / "sites", stdout=log, stderr=subprocess.STDOUT)
	for _ in range(240):
		try:
			timed(f"http://127.0.0.1:{port}/api/method/ping", None, site)
			return server
		except OSError:
			if server.poll() is not None:
				raise RuntimeError("gunicorn exited: see test-results/bench-fcc-server.log") from None
			time.sleep(0.5)
	raise RuntimeError("gunicorn did not answer")


def run(site: str, filers: int, requests: int) -> None:
	import frappe
	from frappe.installer import update_site_config
	from pw_compliance.pw_fcc.lookup import flush_logs

	frns = seed(filers)
	frappe.db.commit()
	limit_before = frappe.conf.get("pw_fcc_check_rate_limit")
	update_site_config("pw_fcc_check_rate_limit", 1_000_000_000)  # the served site reads it per request
	workers, threads = production_server()
	port = free_port()
	log = open(ROOT / "test-results" / "bench-fcc-server.log", "w")
	server = serve(site, port, workers, threads, log)
	base = f"http://127.0.0.1:{port}"
	try:
		rng = random.Random(7)
		check_url = f"{base}/api/method/pw_compliance.pw_fcc.api.check"
		print(
			f"{filers:,} filers; {requests} requests per measurement, 1 in 5 an unknown FRN; server: gunicorn "
			f"gthread, {workers} workers x {threads} threads, --preload (docker/Containerfile); {os.cpu_count()} cores"
		)
		print(f"{'clients':>7}{'ping p50':>10}{'ping p95':>10}{'check p50':>11}{'check p95':>11}"
			f"{'ratio p50':>11}{'ratio p95':>11}{'checks/s':>10}")  # fmt: skip
		for clients in CONCURRENCY:
			bodies = [
				json.dumps(
					{
						"frn": f"{UNKNOWN}{rng.randrange(10**8):08d}"
						if rng.random() < 0.2
						else rng.choice(frns)
					}
				).encode()
				for _ in range(requests)
			]
			ping = measure(f"{base}/api/method/ping", [None] * requests, clients, site)
			check = measure(check_url, bodies, clients, site)
			print(f"{clients:>7}{ping[0]:>10.1f}{ping[1]:>10.1f}{check[0]:>11.1f}{check[1]:>11.1f}"
				f"{check[0] / ping[0]:>10.1f}x{check[1] / ping[1]:>10.1f}x{check[2]:>10.1f}")  # fmt: skip
	finally:
		server.terminate()
		server.wait(10)
		update_site_config("pw_fcc_check_rate_limit", "None" if limit_before is None else limit_before)
		print(f"{flush_logs():,} check log rows written after the run (queued in Redis by the requests)")
		cleanup()


if __name__ == "__main__":
	import frappe

	site = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TEST_SITE", "pw-test.localhost")
	filers = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
	requests = int(sys.argv[3]) if len(sys.argv) > 3 else 300
	(ROOT / "test-results").mkdir(exist_ok=True)
	os.chdir(ROOT / "sites")
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		run(site, filers, requests)
	finally:
		frappe.destroy()
