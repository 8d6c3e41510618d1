"""The public FCC compliance check through the web server, over 50,000 synced 499 filers, beside
`/api/method/ping` measured the same way (the floor: Frappe's own request cost on this server).

Run on a throwaway site (it loads, then deletes, its own rows):
  env/bin/python tests/benchmarks/fcc_check.py [site] [filers] [requests]
Loads the filers with the sync's bulk upsert (plus RMD and CPNI rows for a fifth of them), lifts the
check's rate limit through the site config key `pw_fcc_check_rate_limit` for the run, serves the site with
`bin/frappe --site S serve --port P --noreload`, and prints p50/p95 at 1 and 20 concurrent clients.
Figures only, no assertions. Traffic goes to 127.0.0.1 only.
"""

import json
import os
import random
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
CONCURRENCY = (1, 20)


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
	frappe.db.sql("delete from `tabFCC Compliance Check Log` where frn like %s", f"{PREFIX}%")
	frappe.db.commit()


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def timed(url: str, body: bytes | None) -> float:
	request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
	started = time.perf_counter()
	with urllib.request.urlopen(request, timeout=60) as response:
		response.read()
		if response.status != 200:
			raise RuntimeError(f"{url}: HTTP {response.status}")
	return (time.perf_counter() - started) * 1000


def measure(url: str, bodies: list[bytes | None], clients: int) -> tuple[float, float, float]:
	timed(url, bodies[0])  # warm
	started = time.perf_counter()
	with ThreadPoolExecutor(clients) as pool:
		times = sorted(pool.map(lambda b: timed(url, b), bodies))
	elapsed = time.perf_counter() - started
	p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
	return statistics.median(times), p95, len(times) / elapsed


def run(site: str, filers: int, requests: int) -> None:
	import frappe

	frns = seed(filers)
	frappe.db.commit()
	from frappe.installer import update_site_config

	limit_before = frappe.conf.get("pw_fcc_check_rate_limit")
	update_site_config("pw_fcc_check_rate_limit", 1_000_000_000)  # the served site reads it per request
	port = free_port()
	log = open(ROOT / "test-results" / "bench-fcc-server.log", "w")
	server = subprocess.Popen(
		[str(ROOT / "bin/frappe"), "--site", site, "serve", "--port", str(port), "--noreload"],
		stdout=log,
		stderr=subprocess.STDOUT,
	)
	base = f"http://127.0.0.1:{port}"
	try:
		for _ in range(120):
			try:
				urllib.request.urlopen(f"{base}/api/method/ping", timeout=2)
				break
			except OSError:
				time.sleep(0.5)
		rng = random.Random(7)
		check_url = f"{base}/api/method/pw_compliance.pw_fcc.api.check"
		print(
			f"{filers:,} filers; {requests} requests per measurement; server: bin/frappe serve (werkzeug, threaded)"
		)
		print(f"{'endpoint':<26}{'clients':>8}{'p50 ms':>10}{'p95 ms':>10}{'req/s':>10}")
		for clients in CONCURRENCY:
			bodies = [json.dumps({"frn": rng.choice(frns)}).encode() for _ in range(requests)]
			ping = measure(f"{base}/api/method/ping", [None] * requests, clients)
			check = measure(check_url, bodies, clients)
			for name, (p50, p95, rate) in (("/api/method/ping", ping), ("pw_fcc.api.check", check)):
				print(f"{name:<26}{clients:>8}{p50:>10.1f}{p95:>10.1f}{rate:>10.1f}")
			print(f"{'check / ping (p50, p95)':<34}{check[0] / ping[0]:>10.1f}x{check[1] / ping[1]:>9.1f}x")
	finally:
		server.terminate()
		server.wait(10)
		update_site_config("pw_fcc_check_rate_limit", "None" if limit_before is None else limit_before)
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
