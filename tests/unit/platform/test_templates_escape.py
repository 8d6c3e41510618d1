"""Frappe's Jinja does not autoescape: every `{{ ... }}` of our apps' templates (www/ pages, templates/,
e-mail templates, print formats) must escape what it prints. An output is accepted when it ends in an
escaping or numeric filter (`|e`, `|tojson`, `|int`, `|urlencode`, ...), is a translated literal (also
`.format(...)` with escaped arguments), a call of one of the template's macros (whose bodies are checked
too), `super()` or `loop.index`. The HTTP test `performancewest_erpnext.tests.test_xss` checks the served
pages themselves."""

import json
from pathlib import Path

import pytest

jinja2 = pytest.importorskip("jinja2")
from jinja2 import nodes

ROOT = Path(__file__).resolve().parents[3]
APPS = ("performancewest_erpnext", "pw_compliance", "frappe_ca_registry", "frappe_crypto", "frappe_adyen")
SAFE_FILTERS = {"e", "escape", "tojson", "int", "float", "urlencode", "length", "count"}
ENV = jinja2.Environment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])


def templates() -> list[Path]:
	found = []
	for app in APPS:
		package = ROOT / "apps" / app / app
		if not package.exists():
			continue
		for path in sorted(package.rglob("*.html")):
			if "tests" not in path.relative_to(package).parts and "public" not in path.parts:
				found.append(path)
	return found


def print_formats() -> list[tuple[Path, str]]:
	"""(file, its Jinja HTML) of the apps' print formats."""
	found = []
	for app in APPS:
		for path in sorted((ROOT / "apps" / app / app).rglob("print_format/*/*.json")):
			data = json.loads(path.read_text())
			if data.get("html") and not data.get("raw_printing"):
				found.append((path, data["html"]))
	return found


def is_safe(node: nodes.Node, macros: set[str]) -> bool:
	if isinstance(node, nodes.TemplateData | nodes.Const):
		return True
	if isinstance(node, nodes.Filter):
		return node.name in SAFE_FILTERS
	if isinstance(node, nodes.CondExpr):
		return is_safe(node.expr1, macros) and (node.expr2 is None or is_safe(node.expr2, macros))
	if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
		return node.node.name == "loop" and node.attr in ("index", "index0", "length")
	if isinstance(node, nodes.Call):
		callee = node.node
		if isinstance(callee, nodes.Name):
			if callee.name == "_":
				return all(isinstance(a, nodes.Const) for a in node.args)
			return callee.name in macros or callee.name == "super"
		if isinstance(callee, nodes.Getattr) and callee.attr == "format":
			args = [*node.args, *(k.value for k in node.kwargs)]
			return is_safe(callee.node, macros) and all(is_safe(a, macros) for a in args)
	return False


def unescaped(source: str) -> list[str]:
	tree = ENV.parse(source)
	macros = {m.name for m in tree.find_all(nodes.Macro)}
	macros |= {name for imp in tree.find_all(nodes.FromImport) for name in imp.names}
	problems = []
	for output in tree.find_all(nodes.Output):
		for node in output.nodes:
			if not is_safe(node, macros):
				problems.append(f"line {node.lineno}: {source.splitlines()[node.lineno - 1].strip()[:140]}")
	return problems


def test_templates_are_found():
	names = {p.name for p in templates()}
	assert {"success.html", "pw_portal_macros.html", "pw_order_delivered.html"} <= names


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(ROOT / "apps")))
def test_every_output_of_a_template_is_escaped(path):
	problems = unescaped(path.read_text())
	assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path,html", print_formats() or [pytest.param(None, "", marks=pytest.mark.skip)])
def test_every_output_of_a_print_format_is_escaped(path, html):
	assert not unescaped(html), f"{path}:\n" + "\n".join(unescaped(html))


def test_the_check_sees_an_unescaped_value():
	assert unescaped("<p>{{ reference }}</p>")
	assert unescaped('<p>{{ _("For {0}").format(reference) }}</p>')
	assert unescaped("<p>{{ title|striptags }}</p>")
	assert not unescaped('<p>{{ _("For {0}").format(reference|e) }} {{ x|tojson }} {{ _("Hi") }}</p>')
	assert not unescaped("{% macro m(x) %}{{ x|e }}{% endmacro %}{{ m(value) }}")
