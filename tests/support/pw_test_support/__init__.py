"""What the Frappe tests of every app of this bench share (installed into the bench's env by
scripts/setup.sh, editable, beside the apps; no app imports it outside its tests)."""

__version__ = "0.1.0"
