"""Two benches on one machine (the demo and the test bench): each runs its own Redis (scripts/redis.sh, as the
set-up starts it), so neither sees the other's asset manifest, cache keys or queued jobs.

Each bench here is a bench folder with this repository's scripts and a site; Frappe itself (this bench's
env/) reads the bench's sites/common_site_config.json as it would serving that bench.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / "env/bin/python"
SITE = "bench.localhost"

# What the desk and a worker do with Redis, run with a bench's sites/ as the working folder
FRAPPE = """
import json, sys, frappe
from frappe.utils import get_assets_json
from frappe.utils.background_jobs import get_redis_conn
action, arg = sys.argv[1], sys.argv[2]
frappe.init(site=sys.argv[3], sites_path=".")
if action == "build":  # what `bench build` does: a new manifest, and the cached one dropped
	with open("assets/assets.json", "w") as f:
		json.dump({"desk.bundle.js": f"/assets/frappe/dist/js/desk.bundle.{arg}.js"}, f)
	frappe.cache.delete_value("assets_json", shared=True)
elif action == "desk":  # the bundle a desk page is told to load
	print(get_assets_json()["desk.bundle.js"])
elif action == "enqueue":
	print(frappe.enqueue("frappe.ping", queue="short", job_id=arg, deduplicate=False).id)
elif action == "jobs":  # every job held by the Redis this bench's workers read
	print(json.dumps(sorted(k.decode().removeprefix("rq:job:") for k in get_redis_conn().keys("rq:job:*"))))
"""


def bench_env() -> dict:
	env = dict(os.environ)
	env.pop("REDIS_URL", None)  # a managed Redis is the override; a bench's own is the default
	return env


def make_bench(path: Path) -> Path:
	shutil.copytree(ROOT / "scripts", path / "scripts", ignore=shutil.ignore_patterns("semgrep"))
	(path / "sites/assets").mkdir(parents=True)
	(path / "sites" / SITE).mkdir()
	(path / "sites" / SITE / "site_config.json").write_text(json.dumps({"db_name": "_not_used"}))
	(path / "sites/apps.txt").write_text("frappe\n")
	(path / "sites/common_site_config.json").write_text("{}")
	return path


def redis_sh(bench: Path, *args: str) -> str:
	return subprocess.run(
		["bash", str(bench / "scripts/redis.sh"), *args],
		check=True,
		capture_output=True,
		text=True,
		env=bench_env(),
	).stdout.strip()


def frappe_in(bench: Path, action: str, arg: str = "") -> str:
	return subprocess.run(
		[str(PYTHON), "-c", FRAPPE, action, arg, SITE],
		cwd=bench / "sites",
		check=True,
		capture_output=True,
		text=True,
		env=bench_env(),
	).stdout.strip()


@pytest.fixture(scope="module")
def benches(tmp_path_factory):
	if not PYTHON.exists() or not shutil.which("redis-server"):
		pytest.skip("needs the bench's env/ and redis-server")
	made = []
	try:
		for name in ("demo", "test"):
			bench = make_bench(tmp_path_factory.mktemp(name))
			made.append(bench)
			redis_sh(bench, "start")  # the set-up's step
		yield made
	finally:
		for bench in made:
			redis_sh(bench, "stop")


def config(bench: Path) -> dict:
	return json.loads((bench / "sites/common_site_config.json").read_text())


def test_each_bench_records_its_own_redis_ports(benches):
	demo, test = map(config, benches)
	for conf in (demo, test):
		assert conf["redis_socketio"] == conf["redis_queue"]
		assert conf["redis_cache"] != conf["redis_queue"]
	assert {demo["redis_cache"], demo["redis_queue"]}.isdisjoint({test["redis_cache"], test["redis_queue"]})
	# the port is chosen once: the set-up run again (or the Procfile) keeps it
	redis_sh(benches[0], "start")
	assert config(benches[0]) == demo
	assert (
		f"port {demo['redis_cache'].rsplit(':', 1)[1]}"
		in (benches[0] / "config/redis_cache.conf").read_text()
	)


def test_a_build_on_one_bench_leaves_the_other_desk_its_own_bundles(benches):
	demo, test = benches
	frappe_in(demo, "build", "demo1")
	assert frappe_in(demo, "desk") == "/assets/frappe/dist/js/desk.bundle.demo1.js"  # now cached

	frappe_in(test, "build", "test1")
	assert frappe_in(test, "desk") == "/assets/frappe/dist/js/desk.bundle.test1.js"
	assert frappe_in(demo, "desk") == "/assets/frappe/dist/js/desk.bundle.demo1.js"


def test_jobs_enqueued_on_one_bench_never_reach_the_other(benches):
	demo, test = benches
	demo_job = frappe_in(demo, "enqueue", "demo-job")
	test_job = frappe_in(test, "enqueue", "test-job")
	demo_jobs = json.loads(frappe_in(demo, "jobs"))
	test_jobs = json.loads(frappe_in(test, "jobs"))
	assert any(job.endswith(demo_job) for job in demo_jobs)
	assert any(job.endswith(test_job) for job in test_jobs)
	assert not any("test-job" in job for job in demo_jobs)
	assert not any("demo-job" in job for job in test_jobs)


def test_a_managed_redis_replaces_the_bench_redis(tmp_path):
	bench = make_bench(tmp_path / "ops")
	env = {**bench_env(), "REDIS_URL": "redis://redis.internal:6379"}
	subprocess.run(["bash", str(bench / "scripts/redis.sh"), "config"], check=True, env=env)
	conf = config(bench)
	assert conf["redis_cache"] == "redis://redis.internal:6379/0"
	assert conf["redis_queue"] == conf["redis_socketio"] == "redis://redis.internal:6379/1"
	assert not (bench / "config/redis_cache.conf").exists()


def test_a_port_held_by_another_program_moves_the_bench(tmp_path):
	if not shutil.which("redis-server"):
		pytest.skip("needs redis-server")
	bench = make_bench(tmp_path / "moved")
	redis_sh(bench, "start")
	first = config(bench)["redis_cache"]
	redis_sh(bench, "stop")
	port = first.rsplit(":", 1)[1]
	(tmp_path / "other").mkdir()
	subprocess.run(
		[
			"redis-server",
			"--port",
			port,
			"--dir",
			str(tmp_path / "other"),
			"--save",
			"",
			"--daemonize",
			"yes",
		],
		check=True,
	)
	try:
		subprocess.run(["redis-cli", "-p", port, "set", "theirs", "1"], check=True, capture_output=True)
		redis_sh(bench, "stop")  # leaves the other program's server alone
		redis_sh(bench, "start")
		moved = config(bench)["redis_cache"]
		assert moved != first
		assert f"port {moved.rsplit(':', 1)[1]}" in (bench / "config/redis_cache.conf").read_text()
		redis_sh(bench, "start")  # and stays there
		assert config(bench)["redis_cache"] == moved
		theirs = subprocess.run(["redis-cli", "-p", port, "get", "theirs"], capture_output=True, text=True)
		assert theirs.stdout.strip() == "1"
	finally:
		redis_sh(bench, "stop")
		subprocess.run(["redis-cli", "-p", port, "shutdown", "nosave"], capture_output=True)
