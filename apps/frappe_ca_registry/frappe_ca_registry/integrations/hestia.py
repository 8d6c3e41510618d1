"""HestiaCP API (https://hestiacp.com/docs/server-administration/rest-api.html): the carrier's .ca web and
mail domain and its mailboxes on our panel.

POST <panel>/api/ with form fields `hash` (access key id and secret key as `<id>:<secret>`),
`returncode=yes`, `cmd` and `arg1`... The body is the command's return code: 0 is OK, 4 (E_EXISTS) means
the object is already there, which a retried step treats as done.
"""

from frappe_ca_registry.integrations import http
from frappe_ca_registry.integrations.settings import required

SERVICE = "HestiaCP"
OK, EXISTS = "0", "4"


def run(cmd: str, *args: str, description: str = "") -> str:
	conf = required("hestia_url", "hestia_user", "hestia_access_key", "hestia_secret_key")
	form = {
		"hash": f"{conf['hestia_access_key']}:{conf['hestia_secret_key']}",
		"returncode": "yes",
		"cmd": cmd,
		"arg1": conf["hestia_user"],
	}
	for i, arg in enumerate(args, start=2):
		form[f"arg{i}"] = arg
	response = http.call(
		SERVICE, "POST", conf["hestia_url"].rstrip("/") + "/api/", form=form, description=description or cmd
	)
	code = response.text.strip()
	if code not in (OK, EXISTS):
		raise http.ApiError(f"{SERVICE}: {cmd} returned {code[:200]}")
	return code


def add_domain(domain: str) -> str:
	run("v-add-web-domain", domain, description=f"web domain {domain}")
	return run("v-add-mail-domain", domain, description=f"mail domain {domain}")


def add_mailbox(domain: str, account: str, password: str) -> str:
	return run("v-add-mail-account", domain, account, password, description=f"mailbox {account}@{domain}")
