app_name = "pw_compliance"
app_title = "PW Compliance"
app_publisher = "Performance West"
app_description = "US telecom compliance: jurisdictions, FCC filings, the compliance calendar and renewals"
app_email = "engineering@performancewest.net"
app_license = "mit"

required_apps = ["frappe/erpnext", "performancewest/performancewest_erpnext"]

add_to_apps_screen = [
	{
		"name": app_name,
		"logo": "/assets/frappe/images/frappe-framework-logo.svg",
		"title": app_title,
		"route": "/app/compliance",
	}
]

after_install = "pw_compliance.install.after_install"
after_migrate = "pw_compliance.install.after_install"
before_uninstall = "pw_compliance.uninstall.before_uninstall"

before_tests = "performancewest_erpnext.setup.demo.before_tests"

export_python_type_annotations = True
