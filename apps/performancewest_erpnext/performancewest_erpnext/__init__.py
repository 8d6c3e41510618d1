__version__ = "0.1.0"


def _install_request_guard() -> None:
	"""A JSON body that does not parse becomes a 400 instead of Frappe's 500 (see request_guard)."""
	from importlib.util import find_spec

	if find_spec("frappe") is None:  # the unit tier imports the pure modules without Frappe
		return
	from performancewest_erpnext.request_guard import install

	install()


_install_request_guard()
