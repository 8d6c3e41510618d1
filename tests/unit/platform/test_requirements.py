"""The unit tier runs on a machine without Frappe sources: every third-party package it imports (the
tests themselves and the app modules they load, followed import by import) is in tests/requirements.txt,
itself or as a dependency of a package listed there."""

import ast
import re
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FRAMEWORK = {"frappe", "erpnext", "payments"}  # under apps/ on a bench, absent where the unit tier must run
APPS = {
	p.name: p
	for p in (ROOT / "apps").iterdir()
	if (p / "pyproject.toml").exists() and p.name not in FRAMEWORK
}
UNIT = ROOT / "tests" / "unit"
LOCAL = {p.stem for p in (ROOT / "scripts").glob("*.py")}  # scripts/ the tests put on sys.path


def normalise(name: str) -> str:
	return re.sub(r"[-_.]+", "-", name).lower()


def imports(path: Path, everywhere: bool) -> set[str]:
	"""Dotted names a file imports: all of them in a test, module-level ones in an app module (an import
	inside a function of a pure module only runs on a site)."""
	tree = ast.parse(path.read_text())
	nodes = ast.walk(tree) if everywhere else _module_level(tree.body)
	found = set()
	for node in nodes:
		if isinstance(node, ast.Import):
			found |= {a.name for a in node.names}
		elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
			found.add(node.module)
			found |= {f"{node.module}.{a.name}" for a in node.names}
	return found


def _module_level(body: list[ast.stmt]):
	for node in body:
		yield node
		if isinstance(node, ast.If | ast.Try):  # guarded imports still run on import
			for part in (node.body, getattr(node, "orelse", []), getattr(node, "finalbody", [])):
				yield from _module_level(part)


def app_file(dotted: str) -> Path | None:
	top = dotted.split(".")[0]
	if top not in APPS:
		return None
	base = APPS[top].joinpath(*dotted.split("."))
	for candidate in (base.with_suffix(".py"), base / "__init__.py"):
		if candidate.is_file():
			return candidate
	return None


def third_party_imports() -> dict[str, str]:
	"""Top-level third-party module -> a file that imports it."""
	todo = [(p, True) for p in UNIT.rglob("*.py")]
	seen: set[Path] = set()
	found: dict[str, str] = {}
	while todo:
		path, everywhere = todo.pop()
		if path in seen:
			continue
		seen.add(path)
		for dotted in imports(path, everywhere):
			top = dotted.split(".")[0]
			if top in APPS:
				parts = dotted.split(".")
				for i in range(1, len(parts) + 1):  # the package __init__s run too
					if file := app_file(".".join(parts[:i])):
						todo.append((file, False))
			elif top not in sys.stdlib_module_names and top not in {"conftest", "__future__", *LOCAL}:
				found.setdefault(top, str(path.relative_to(ROOT)))
	return found


def listed() -> set[str]:
	names = set()
	for line in (ROOT / "tests" / "requirements.txt").read_text().splitlines():
		line = line.split("#")[0].strip()
		if line:
			names.add(normalise(re.split(r"[\[<>=~!; ]", line, maxsplit=1)[0]))
	return names


@cache
def requires(dist: str) -> frozenset[str]:
	try:
		found = metadata.requires(dist) or []
	except metadata.PackageNotFoundError:
		return frozenset()
	return frozenset(
		normalise(re.split(r"[\[<>=~!; (]", r, maxsplit=1)[0]) for r in found if "extra ==" not in r
	)


def installed_by(roots: set[str]) -> set[str]:
	closure, todo = set(), list(roots)
	while todo:
		dist = todo.pop()
		if dist not in closure:
			closure.add(dist)
			todo += requires(dist)
	return closure


def test_requirements_cover_what_the_unit_tier_imports():
	providers = metadata.packages_distributions()
	available = installed_by(listed())
	missing = {}
	for module, where in sorted(third_party_imports().items()):
		dists = {normalise(d) for d in providers.get(module, [module])}
		if not dists & available:
			missing[module] = where
	assert not missing, (
		"add to tests/requirements.txt, or keep Frappe out of the module-level imports of what the unit "
		f"tier loads (module: a file importing it): {missing}"
	)


def test_the_scan_sees_imports_of_app_modules():
	"""The scan follows the apps' imports (not the framework's)."""
	found = third_party_imports()
	assert "pypdf" in found and any(where.startswith("apps/") for where in found.values())
	assert "werkzeug" not in found  # the framework's own imports are not followed
