"""Checks that an app is wholly installed, or wholly removed, on the current site.

Used by the test suite and by the uninstall/reinstall round trip of the test command
(scripts/frappe_tests.sh).
"""

import json
from collections.abc import Iterator
from pathlib import Path

import frappe


def app_json(app: str, kind: str) -> Iterator[dict]:
	"""Every `<module>/<kind>/<name>/<name>.json` shipped by an app, parsed."""
	for path in sorted(Path(frappe.get_app_path(app)).glob(f"*/{kind}/*/*.json")):
		if path.stem == path.parent.name:
			yield json.loads(path.read_text())


def app_roles(app: str) -> list[str]:
	try:
		return [role["role_name"] for role in frappe.get_module(f"{app}.install").ROLES]
	except (ImportError, AttributeError):
		return []


def assert_installed(app: str) -> None:
	assert app in frappe.get_installed_apps(), f"{app} is not installed"
	for module in frappe.get_module_list(app):
		assert frappe.db.get_value("Module Def", module, "app_name") == app, f"module {module} not registered"
	for spec in app_json(app, "doctype"):
		meta = frappe.get_meta(spec["name"])
		assert meta.module == spec["module"], f"{spec['name']} is in {meta.module}"
		fields = {f["fieldname"] for f in spec["fields"]}
		assert fields == {f.fieldname for f in meta.fields}, f"{spec['name']} fields differ from its JSON"
		assert spec.get("issingle") or frappe.db.table_exists(spec["name"]), f"no table for {spec['name']}"
	workspaces = list(app_json(app, "workspace"))
	assert workspaces, f"{app} ships no workspace"
	for spec in workspaces:
		workspace = frappe.get_doc("Workspace", spec["name"])
		targets = [(link.link_type, link.link_to) for link in workspace.links if link.type == "Link"]
		targets += [(shortcut.type, shortcut.link_to) for shortcut in workspace.shortcuts]
		for kind, name in targets:
			assert frappe.db.exists(kind, name), f"workspace {spec['name']} links to missing {kind} {name}"
	for role in app_roles(app):
		assert frappe.db.exists("Role", role), f"role {role} missing"


def assert_removed(app: str) -> None:
	assert app not in frappe.get_installed_apps(), f"{app} is still installed"
	assert not frappe.db.exists("Module Def", {"app_name": app}), f"{app} left Module Def records"
	for spec in app_json(app, "doctype"):
		assert not frappe.db.exists("DocType", spec["name"]), f"DocType {spec['name']} left behind"
		assert not frappe.db.table_exists(spec["name"]), f"table of {spec['name']} left behind"
	for spec in app_json(app, "workspace"):
		assert not frappe.db.exists("Workspace", spec["name"]), f"workspace {spec['name']} left behind"
	for role in app_roles(app):
		assert not frappe.db.exists("Role", role), f"role {role} left behind"
	# the site still works: ERPNext's own records and metadata load
	assert frappe.db.a_row_exists("Company")
	assert frappe.get_meta("Sales Invoice").get_field("customer")
