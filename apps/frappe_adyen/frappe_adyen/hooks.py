app_name = "frappe_adyen"
app_title = "Adyen"
app_publisher = "Performance West"
app_description = "Adyen payment gateway (Sessions API v71, HMAC webhooks) for ERPNext"
app_email = "engineering@performancewest.net"
app_license = "mit"

required_apps = ["frappe/erpnext", "frappe/payments"]

add_to_apps_screen = [
	{
		"name": app_name,
		"logo": "/assets/frappe/images/frappe-framework-logo.svg",
		"title": app_title,
		"route": "/app/adyen",
		# desk users only: a portal user logging in lands on its portal home (role_home_page)
		"has_permission": "erpnext.check_app_permission",
	}
]

before_tests = "erpnext.setup.utils.before_tests"

export_python_type_annotations = True
