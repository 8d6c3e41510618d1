"""Print the pip requirements of the given apps (apps/<name>/pyproject.toml), runtime and dev.

A dependency named by a direct git URL (frappe names its gunicorn fork that way) is replaced by the
same package from PyPI, so the install works from a package index alone.
"""

import re
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]


def requirements(app: str) -> list[str]:
	project = tomllib.loads((ROOT / "apps" / app / "pyproject.toml").read_text())
	lines = [
		re.sub(r"\s*@\s*git\+\S+", "", dep) for dep in project.get("project", {}).get("dependencies", [])
	]
	dev = project.get("tool", {}).get("bench", {}).get("dev-dependencies", {})
	lines += [f"{name}{spec}" for name, spec in dev.items()]
	return lines


if __name__ == "__main__":
	print("\n".join(line for app in sys.argv[1:] for line in requirements(app)))
