"""Write test-results/summary.json from the per-tier results and print the closing lines."""

import json
import subprocess
import sys
import time
from pathlib import Path

results, start, tiers = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
summary = {"tiers": {}, "skipped_tiers": [], "passed": 0, "failed": 0}
for tier in tiers:
	data = json.loads((results / f"tier-{tier}.json").read_text())
	summary["tiers"][tier] = data
	summary["passed"] += data["passed"]
	summary["failed"] += data["failed"]
	if data["status"] == "skipped":
		summary["skipped_tiers"].append(tier)
summary["duration_s"] = round(time.time() - start)
summary["commit"] = subprocess.run(
	["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=False
).stdout.strip()
(results / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")

print()
for tier, data in summary["tiers"].items():
	note = f" ({data['note']})" if data["note"] else ""
	print(f"{tier:8} {data['status'].upper():8} {data['passed']} passed, {data['failed']} failed{note}")
print(f"total time {summary['duration_s']} s")
print(f"{summary['passed']} passed, {summary['failed']} failed")
if summary["skipped_tiers"]:  # last, where a reader of the log looks: a green run that tested less
	notes = sorted({summary["tiers"][t]["note"] for t in summary["skipped_tiers"]} - {""})
	print(
		f"SKIPPED tiers: {', '.join(summary['skipped_tiers'])}" + (f" ({'; '.join(notes)})" if notes else "")
	)
bad = summary["failed"] or any(d["status"] == "failed" for d in summary["tiers"].values())
sys.exit(1 if bad else 0)
