"""The pages the apps serve, found the way Frappe routes them: each `www/` page of an installed app and
each `website_route_rules` rule, with the query parameters its controller reads. A rule's path
parameters appear as `{name}` in the route. The XSS and guest-fuzz tests both walk these routes."""

import re
from pathlib import Path

import frappe

# form_dict.get("x"), form_dict["x"], form_dict.x
FORM_KEY = re.compile(r"form_dict(?:\.get\(\s*[\"']([\w-]+)[\"']|\[\s*[\"']([\w-]+)[\"']\s*\]|\.(\w+))")
NOT_KEYS = {"get", "update", "items", "keys", "pop", "setdefault", "copy"}
PARAMETER = re.compile(r"{(\w+)}")


def page_routes(apps: tuple[str, ...] | list[str]) -> dict[str, set[str]]:
	"""{route: the query parameters its controller reads} for the installed ones of `apps`."""
	routes: dict[str, set[str]] = {}
	for app in [a for a in apps if a in frappe.get_installed_apps()]:
		www = Path(frappe.get_app_path(app, "www"))
		for page in sorted(www.rglob("*")) if www.exists() else []:
			if page.suffix not in (".html", ".md") or page.name.startswith("_"):
				continue
			route = str(page.relative_to(www).with_suffix(""))
			route = route.removesuffix("/index").removesuffix("index")
			controller = page.with_name(page.stem.replace("-", "_") + ".py")
			source = controller.read_text() if controller.exists() else ""
			routes["/" + route] = {a or b or c for a, b, c in FORM_KEY.findall(source)} - NOT_KEYS
		for rule in frappe.get_hooks("website_route_rules", app_name=app):
			target = "/" + rule["to_route"].strip("/")
			route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule["from_route"])
			routes.setdefault(route, set(routes.get(target, set())))
	return routes
