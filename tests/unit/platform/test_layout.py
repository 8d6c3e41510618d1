"""The bench layout, the Procfile and the container files agree (no Frappe needed)."""

import json
import re
from pathlib import Path

import tomllib
import yaml

ROOT = Path(__file__).resolve().parents[3]
APPS = ["performancewest_erpnext", "pw_compliance", "frappe_ca_registry", "frappe_crypto", "frappe_adyen"]
# Procfile process -> compose services running the same thing
PROCESSES = {
	"web": {"backend"},
	"proxy": {"frontend"},
	"socketio": {"websocket"},
	"schedule": {"scheduler"},
	"redis_cache": {"redis-cache"},
	"redis_queue": {"redis-queue"},
}


def procfile() -> dict[str, str]:
	lines = (ROOT / "Procfile").read_text().splitlines()
	return dict(line.split(": ", 1) for line in lines if line.strip())


def compose() -> dict:
	return yaml.safe_load((ROOT / "docker/compose.yaml").read_text())


def hooks(app: str) -> dict:
	namespace: dict = {}
	exec((ROOT / "apps" / app / app / "hooks.py").read_text(), namespace)
	return namespace


def test_bench_layout():
	for path in ["apps", "sites", "docker", "tests", "Procfile", ".ci/run"]:
		assert (ROOT / path).exists(), path
	for app in APPS:
		package = ROOT / "apps" / app / app
		for name in ["__init__.py", "hooks.py", "modules.txt", "patches.txt"]:
			assert (package / name).is_file(), f"{app}/{name}"


def test_pyproject_is_flit_with_frappe_dependencies():
	for app in APPS:
		project = tomllib.loads((ROOT / "apps" / app / "pyproject.toml").read_text())
		assert project["build-system"]["build-backend"] == "flit_core.buildapi"
		assert project["project"]["name"] == app
		assert project["project"]["dynamic"] == ["version"]
		assert project["tool"]["bench"]["frappe-dependencies"]["frappe"] == ">=15.0.0,<16.0.0"
		assert project["tool"]["ruff"]["line-length"] == 110
		assert project["tool"]["ruff"]["format"]["indent-style"] == "tab"


def test_required_apps_follow_the_design():
	required = {app: {r.split("/")[-1] for r in hooks(app)["required_apps"]} for app in APPS}
	assert required["performancewest_erpnext"] == {"erpnext", "payments"}
	assert required["pw_compliance"] == {"erpnext", "performancewest_erpnext"}
	assert required["frappe_ca_registry"] == {"erpnext", "performancewest_erpnext", "pw_compliance"}
	# the gateway apps stay generic: installable on any ERPNext site
	assert required["frappe_crypto"] == required["frappe_adyen"] == {"erpnext", "payments"}


def test_modules_have_folders():
	for app in APPS:
		package = ROOT / "apps" / app / app
		for module in filter(None, (package / "modules.txt").read_text().splitlines()):
			folder = package / re.sub(r"[ -]", "_", module.lower())
			assert (folder / "__init__.py").is_file(), f"{app}: module {module} has no folder"


def test_compose_runs_the_procfile_processes():
	services = compose()["services"]
	processes = procfile()
	assert set(processes) == {"redis_cache", "redis_queue", "web", "proxy", "socketio", "schedule", "worker"}
	for process, names in PROCESSES.items():
		assert names <= set(services), f"{process}: compose lacks {names - set(services)}"
	assert "socketio.js" in processes["socketio"] and "socketio.js" in " ".join(
		services["websocket"]["command"]
	)
	assert "schedule" in processes["schedule"] and services["scheduler"]["command"] == ["bench", "schedule"]
	procfile_queues = set(re.search(r"--queue (\S+)", processes["worker"]).group(1).split(","))
	compose_queues = set()
	for name, service in services.items():
		if name.startswith("queue-"):
			compose_queues |= set(service["command"][-1].split(","))
	assert procfile_queues == compose_queues == {"short", "default", "long"}
	assert {"mariadb", "redis-cache", "redis-queue"} <= set(services)


def test_image_carries_every_app():
	apps = json.loads((ROOT / "docker/apps.json").read_text())
	upstream = {a["url"].rsplit("/", 1)[-1] for a in apps if "url" in a}
	local = {a["path"].rsplit("/", 1)[-1] for a in apps if "path" in a}
	assert upstream == {"erpnext", "payments"}
	assert all(a["branch"] == "version-15" for a in apps if "url" in a)
	assert local == set(APPS)
	containerfile = (ROOT / "docker/Containerfile").read_text()
	for app in APPS:
		assert f"COPY --chown=frappe:frappe apps/{app} " in containerfile
