app_name = "performancewest_erpnext"
app_title = "Performance West"
app_publisher = "Performance West"
app_description = "Service catalog, orders and fulfilment, checkout, documents and the customer portal"
app_email = "engineering@performancewest.net"
app_license = "mit"

required_apps = ["frappe/erpnext", "frappe/payments"]

add_to_apps_screen = [
	{
		"name": app_name,
		"logo": "/assets/frappe/images/frappe-framework-logo.svg",
		"title": app_title,
		"route": "/app/performance-west",
	}
]

after_install = "performancewest_erpnext.install.after_install"
after_migrate = "performancewest_erpnext.install.after_install"
before_uninstall = "performancewest_erpnext.uninstall.before_uninstall"

before_tests = "performancewest_erpnext.setup.demo.before_tests"

# Demo data: each app adds its sample records to `bench pw-setup demo` through this hook
pw_demo_data = []

export_python_type_annotations = True
