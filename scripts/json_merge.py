"""Merge a JSON object into a JSON file (created if missing): json_merge.py FILE '{"key": "value"}'."""

import json
import sys
from pathlib import Path

path = Path(sys.argv[1])
conf = json.loads(path.read_text()) if path.exists() else {}
conf.update(json.loads(sys.argv[2]))
path.write_text(json.dumps(conf, indent=1, sort_keys=True) + "\n")
