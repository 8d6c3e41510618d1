app_name = "frappe_ca_registry"
app_title = "Canada Registry"
app_publisher = "Performance West"
app_description = "Canadian carrier registration: BC incorporation, the CRTC pipeline and provisioning"
app_email = "engineering@performancewest.net"
app_license = "mit"

required_apps = ["frappe/erpnext", "performancewest/performancewest_erpnext", "performancewest/pw_compliance"]

add_to_apps_screen = [
	{
		"name": app_name,
		"logo": "/assets/frappe/images/frappe-framework-logo.svg",
		"title": app_title,
		"route": "/app/canada-registry",
		# desk users only: a portal user logging in lands on its portal home (role_home_page)
		"has_permission": "erpnext.check_app_permission",
	}
]

after_install = "frappe_ca_registry.install.after_install"
after_migrate = "frappe_ca_registry.install.after_install"
before_uninstall = "frappe_ca_registry.uninstall.before_uninstall"

before_tests = "performancewest_erpnext.setup.demo.before_tests"

export_python_type_annotations = True
