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

# The catalog and surcharges need ERPNext's company, price list and units, which the setup wizard makes
setup_wizard_complete = "performancewest_erpnext.setup.defaults.load_defaults"

doc_events = {
	"Payment Entry": {"on_submit": "performancewest_erpnext.pw_orders.orders.on_payment_entry_submit"},
	"ToDo": {"on_update": "performancewest_erpnext.pw_orders.engine.on_todo_update"},
	"Sales Invoice": {"on_submit": "performancewest_erpnext.pw_checkout.surcharges.follow_amendment"},
}

scheduler_events = {
	"cron": {
		"*/5 * * * *": [
			"performancewest_erpnext.pw_orders.engine.run_due_retries",
			"performancewest_erpnext.pw_checkout.checkout.send_reminders",
		]
	},
	"hourly": ["performancewest_erpnext.pw_orders.orders.clear_due_funds"],
}

standard_portal_menu_items = [
	{"title": "Verify Identity", "route": "/verify_identity", "role": "Carrier Customer"},
]

doctype_js = {"Payment Entry": "public/js/payment_entry.js"}

website_route_rules = [
	{"from_route": "/order", "to_route": "pw_order"},
	{"from_route": "/order/<path:key>", "to_route": "pw_order"},
]

# Fulfilment handlers by catalog slug: {"slug": "app.module.handler"}, a function returning a
# steps.Handler. Services without a handler are fulfilled by a staff task.
pw_service_handlers = {}

# Pass-through government fees on file: fn(basis, jurisdiction, variant) -> amount or None
pw_government_fees = []

# Demo data: each app adds its sample records to `bench pw-setup demo` through this hook
pw_demo_data = ["performancewest_erpnext.pw_orders.demo.load"]

export_python_type_annotations = True
