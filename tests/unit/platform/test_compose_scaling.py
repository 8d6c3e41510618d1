"""docker/compose.yaml scales web and workers horizontally (`--scale backend=N`, `--scale queue-long=N`):
replicas share the sites volume, Redis and MariaDB (so sessions and jobs are the same for each), publish
no host port and have no fixed name; the scheduler and the realtime server stay single."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
SCALED = ("backend", "queue-short", "queue-long")
SINGLE = ("scheduler", "websocket")


def services() -> dict:
	return yaml.safe_load((ROOT / "docker/compose.yaml").read_text())["services"]


def configured() -> str:
	return " ".join(services()["configurator"]["command"])


def test_scaled_services_can_have_many_replicas():
	for name in SCALED:
		service = services()[name]
		assert "container_name" not in service, name
		assert "ports" not in service, f"{name}: a host port allows one replica"
		assert "replicas" not in service.get("deploy", {}), f"{name}: pinned to a number of replicas"


def test_replicas_share_sites_sessions_and_jobs():
	for name in (*SCALED, *SINGLE, "frontend"):
		assert "sites:/home/frappe/frappe-bench/sites" in services()[name]["volumes"], name
	# sessions and cache in one Redis, jobs and realtime in another, for every replica
	assert "redis_cache redis://redis-cache:6379" in configured()
	assert "redis_queue redis://redis-queue:6379" in configured()
	assert "redis_socketio redis://redis-queue:6379" in configured()
	assert "db_host mariadb" in configured()


def test_the_scheduler_and_realtime_server_stay_single():
	for name in SINGLE:
		assert services()[name]["deploy"]["replicas"] == 1, name


def test_mariadb_and_the_cache_are_sized():
	command = " ".join(services()["mariadb"]["command"])
	assert "--innodb-buffer-pool-size=" in command
	cache = services()["redis-cache"]["command"]
	assert cache[cache.index("--maxmemory-policy") + 1] == "allkeys-lru"
