"""Integrity of the five Performance West apps as installed on this site."""

import ast
import re
from pathlib import Path

import frappe
from frappe.tests.utils import FrappeTestCase

from performancewest_erpnext.setup.checks import assert_installed

PLATFORM_APPS = {
	"performancewest_erpnext",
	"pw_compliance",
	"frappe_ca_registry",
	"frappe_crypto",
	"frappe_adyen",
}
DOTTED = re.compile(r"^[a-z_][a-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")


def app_package(app: str) -> Path:
	return Path(frappe.get_app_path(app))


def string_leaves(value):
	if isinstance(value, str):
		yield value
	elif isinstance(value, dict):
		for item in value.values():
			yield from string_leaves(item)
	elif isinstance(value, list | tuple):
		for item in value:
			yield from string_leaves(item)


def dependents_of(app: str) -> set[str]:
	"""Apps that require `app`, directly or through another app."""
	found, frontier = set(), {app}
	while frontier:
		current = frontier.pop()
		for other in frappe.get_installed_apps():
			required = {r.split("/")[-1] for r in frappe.get_hooks("required_apps", app_name=other)}
			if current in required and other not in found:
				found.add(other)
				frontier.add(other)
	return found


class TestPlatformApps(FrappeTestCase):
	def test_all_five_apps_installed_in_dependency_order(self):
		installed = frappe.get_installed_apps()
		self.assertTrue(PLATFORM_APPS <= set(installed))
		for app in PLATFORM_APPS:
			for required in frappe.get_hooks("required_apps", app_name=app):
				name = required.split("/")[-1]
				self.assertLess(installed.index(name), installed.index(app), f"{app} needs {name} first")

	def test_every_dotted_path_in_hooks_resolves(self):
		for app in PLATFORM_APPS:
			hooks = frappe.get_module(f"{app}.hooks")
			values = {k: v for k, v in vars(hooks).items() if not k.startswith("_")}
			paths = [
				s
				for s in string_leaves(values)
				if DOTTED.match(s) and s.split(".")[0] in frappe.get_installed_apps()
			]
			for path in paths:
				with self.subTest(app=app, path=path):
					target = frappe.get_attr(path)
					self.assertTrue(callable(target), f"{path} is not callable")

	def test_no_app_imports_an_app_that_depends_on_it(self):
		for app in PLATFORM_APPS:
			forbidden = dependents_of(app)
			for source in app_package(app).rglob("*.py"):
				tree = ast.parse(source.read_text(), filename=str(source))
				for node in ast.walk(tree):
					names = []
					if isinstance(node, ast.Import):
						names = [alias.name for alias in node.names]
					elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
						names = [node.module]
					for name in names:
						self.assertNotIn(name.split(".")[0], forbidden, f"{source} imports {name}")

	def test_every_app_is_whole(self):
		# modules registered, every DocType JSON synced, workspaces whose links resolve, roles present
		for app in PLATFORM_APPS:
			with self.subTest(app=app):
				assert_installed(app)

	def test_patches_file_has_both_sections(self):
		for app in PLATFORM_APPS:
			text = (app_package(app) / "patches.txt").read_text()
			self.assertIn("[pre_model_sync]", text)
			self.assertIn("[post_model_sync]", text)
