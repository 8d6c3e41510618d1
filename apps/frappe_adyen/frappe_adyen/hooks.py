app_name = "frappe_adyen"
app_title = "Adyen"
app_publisher = "Performance West"
app_description = (
	"Adyen payment gateway (Checkout API v71 sessions and Drop-in, HMAC webhooks, refunds) for ERPNext"
)
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

after_install = "frappe_adyen.install.after_install"
after_migrate = "frappe_adyen.install.after_install"
before_uninstall = "frappe_adyen.uninstall.before_uninstall"

before_tests = "frappe_adyen.tests.before_tests"

website_route_rules = [{"from_route": "/adyen-pay", "to_route": "adyen_pay"}]

# Frappe answers a webhook body that is not JSON with a 500 before the endpoint runs: a 400 for Adyen
after_request = ["frappe_adyen.adyen.webhooks.after_request"]

# Desk: Payment Entry → Provider → Refund through Adyen
doctype_js = {"Payment Entry": "public/js/payment_entry.js"}

# For a site's checkout: fn() -> [{"method": Mode of Payment, "gateway": Payment Gateway}] of the
# methods Adyen takes now (none while Adyen Settings are not enabled and complete)
payment_gateway_methods = ["frappe_adyen.adyen.gateway.payment_methods"]

# Apps that follow refunds add fn(payment_entry, refund_entry), called when a refund of an Adyen
# payment is booked (from the desk or from Adyen's REFUND notification)
adyen_payment_refunded = []

export_python_type_annotations = True
