"""Tier 1: pure domain tests. The apps' packages are importable without Frappe installed."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for app_dir in sorted((ROOT / "apps").iterdir()):
	if (app_dir / "pyproject.toml").exists() and str(app_dir) not in sys.path:
		sys.path.insert(0, str(app_dir))
