app_name = "frappe_crypto"
app_title = "Crypto Payments"
app_publisher = "Performance West"
app_description = "SHKeeper crypto payment gateway, append-only crypto ledger and treasury for ERPNext"
app_email = "engineering@performancewest.net"
app_license = "mit"

required_apps = ["frappe/erpnext", "frappe/payments"]

add_to_apps_screen = [
	{
		"name": app_name,
		"logo": "/assets/frappe/images/frappe-framework-logo.svg",
		"title": app_title,
		"route": "/app/treasury",
	}
]

after_install = "frappe_crypto.install.after_install"
after_migrate = "frappe_crypto.install.after_install"
before_uninstall = "frappe_crypto.uninstall.before_uninstall"

before_tests = "erpnext.setup.utils.before_tests"

export_python_type_annotations = True
