"""scripts/summary.py: the closing lines of scripts/test.sh. A skipped tier is said on the last line."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def closing_lines(tmp_path: Path, tiers: dict[str, dict]) -> tuple[int, list[str]]:
	for tier, data in tiers.items():
		(tmp_path / f"tier-{tier}.json").write_text(json.dumps(data))
	done = subprocess.run(
		[sys.executable, str(ROOT / "scripts/summary.py"), str(tmp_path), "0", *tiers],
		capture_output=True, text=True, cwd=ROOT, check=False,
	)  # fmt: skip
	return done.returncode, done.stdout.strip().splitlines()


def tier(status: str, passed: int = 0, note: str = "") -> dict:
	return {"status": status, "passed": passed, "failed": 0, "note": note}


def test_a_skipped_frappe_tier_is_the_last_line(tmp_path):
	code, lines = closing_lines(
		tmp_path,
		{
			"lint": tier("passed", 1),
			"unit": tier("passed", 371),
			"frappe": tier("skipped", note="no Frappe sources"),
			"browser": tier("skipped", note="no Frappe sources"),
		},
	)
	assert code == 0
	assert lines[-1] == "SKIPPED tiers: frappe, browser (no Frappe sources)"
	assert json.loads((tmp_path / "summary.json").read_text())["skipped_tiers"] == ["frappe", "browser"]


def test_nothing_skipped_ends_with_the_counts(tmp_path):
	code, lines = closing_lines(tmp_path, {"unit": tier("passed", 3), "frappe": tier("passed", 5)})
	assert (code, lines[-1]) == (0, "8 passed, 0 failed")
