from performancewest_erpnext.install import hide_tracebacks


def execute() -> None:
	"""Existing sites: error responses stop carrying tracebacks (see install.hide_tracebacks)."""
	hide_tracebacks()
