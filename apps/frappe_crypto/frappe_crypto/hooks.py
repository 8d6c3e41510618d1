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
		# desk users only: a portal user logging in lands on its portal home (role_home_page)
		"has_permission": "erpnext.check_app_permission",
	}
]

after_install = "frappe_crypto.install.after_install"
before_migrate = "frappe_crypto.install.before_migrate"
after_migrate = "frappe_crypto.install.after_install"
before_uninstall = "frappe_crypto.uninstall.before_uninstall"

before_tests = "frappe_crypto.tests.before_tests"

doc_events = {
	"ToDo": {
		"on_update": [
			"frappe_crypto.treasury.jobs.on_todo_update",
			"frappe_crypto.treasury.sweeps.on_todo_update",
		]
	},
}

scheduler_events = {
	"cron": {
		# the seed's crypto payment worker ran every 60 s
		"* * * * *": [
			"frappe_crypto.treasury.jobs.advance_due",
			"frappe_crypto.shkeeper.callbacks.retry_unbooked",
		],
		"*/5 * * * *": ["frappe_crypto.treasury.deposit_monitor.check_deposits"],
		"*/30 * * * *": ["frappe_crypto.treasury.sweeps.run_sweeps"],
	},
	"daily": ["frappe_crypto.ledger.ledger.daily_verify"],
}

website_route_rules = [{"from_route": "/crypto-pay", "to_route": "crypto_pay"}]

# Vendor obligations of a paid document, for treasury sizing. Apps add functions
# fn(reference_doctype, reference_name) -> [{"kind": "filing_fee" | "commission_reserve" | "other",
# "amount": fiat, "description": str}]; their amounts are off-ramped, the rest stays in crypto.
crypto_obligations = []

export_python_type_annotations = True
