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
		# desk users only: a portal user logging in lands on its portal home (role_home_page)
		"has_permission": "erpnext.check_app_permission",
	}
]

after_install = [
	"performancewest_erpnext.install.after_install",
	"performancewest_erpnext.install.hide_tracebacks",
	"performancewest_erpnext.patches.v1_0.web_page_views.execute",
	"performancewest_erpnext.pw_business.setup.after_migrate",
]
after_migrate = [
	"performancewest_erpnext.install.after_install",
	"performancewest_erpnext.pw_business.setup.after_migrate",
]
before_uninstall = [
	"performancewest_erpnext.uninstall.before_uninstall",
	"performancewest_erpnext.pw_business.setup.before_uninstall",
]

before_tests = "performancewest_erpnext.setup.demo.before_tests"

# The catalog and surcharges need ERPNext's company, price list and units, which the setup wizard makes
setup_wizard_complete = "performancewest_erpnext.setup.defaults.load_defaults"

doc_events = {
	"Payment Entry": {"on_submit": "performancewest_erpnext.pw_orders.orders.on_payment_entry_submit"},
	"ToDo": {
		"validate": "performancewest_erpnext.pw_orders.engine.before_todo_save",
		"on_update": "performancewest_erpnext.pw_orders.engine.on_todo_update",
	},
	"Sales Invoice": {"on_submit": "performancewest_erpnext.pw_checkout.surcharges.follow_amendment"},
	# a cancelled request's Stripe Checkout Session is expired
	"Payment Request": {
		"on_cancel": "performancewest_erpnext.pw_checkout.checkout.on_payment_request_cancel"
	},
	# Listmonk: a new contact or a changed e-mail, an agent's portal user (pw_business.listmonk)
	"Contact": {
		"after_insert": "performancewest_erpnext.pw_business.listmonk.on_contact_update",
		"on_update": "performancewest_erpnext.pw_business.listmonk.on_contact_update",
	},
	"Sales Partner": {"on_update": "performancewest_erpnext.pw_business.listmonk.on_sales_partner_update"},
	"Service Order": {"after_insert": "performancewest_erpnext.pw_business.listmonk.on_order_placed"},
}

scheduler_events = {
	"cron": {
		"*/5 * * * *": [
			"performancewest_erpnext.pw_orders.engine.run_due_retries",
			"performancewest_erpnext.pw_checkout.checkout.send_reminders",
		]
	},
	"hourly": [
		"performancewest_erpnext.pw_orders.orders.clear_due_funds",
		# agent commissions, run at 02:00 UTC (seed): holdback passed, cancelled or clawed back
		"performancewest_erpnext.pw_business.commissions.scheduled",
		# Listmonk's bounces and unsubscribes written back
		"performancewest_erpnext.pw_business.listmonk.pull_feedback",
	],
	"daily": ["performancewest_erpnext.pw_documents.esign.expire_overdue"],
}

standard_portal_menu_items = [
	{"title": "Customer Portal", "route": "/portal", "role": "Carrier Customer"},
	{"title": "Verify Identity", "route": "/verify_identity", "role": "Carrier Customer"},
]

# ---------- the customer portal (/portal, pw_portal) ----------
# DocTypes the portal shows a customer, each with its Customer link field. A customer's portal user
# reads only its own through REST, whitelisted methods and web views (pw_portal.permissions); apps
# depending on this one declare theirs the same way.
pw_portal_doctypes = {
	"Service Order": "customer",
	"Identity Verification": "customer",
	"Order Document": "customer",
	"eSign Request": "customer",
	"Sales Invoice": "customer",
	"Sales Order": "customer",
	"Issue": "customer",  # support tickets (pw_business.tickets)
}
# pw.call, the web pages' one way to call a whitelisted method (public/js/pw_portal.bundle.js)
web_include_js = ["pw_portal.bundle.js"]
# Extra entries of the portal's navigation: [{"title", "route", "icon", "order"}]
pw_portal_pages = [{"title": "Support", "route": "/portal/tickets", "icon": "support", "order": 40}]
# Dashboard cards: "app.module.fn", fn(customer) -> [{"title", "items": [{"label", "detail", "date",
# "status", "route"}], "empty", "link": {"route", "label"}, "order"}]
pw_portal_dashboard = []
# Read-only sections of /portal/profile: "app.module.fn", fn(customer) -> [{"title", "fields":
# [{"label", "value"}], "order"}]
pw_portal_profile = []

has_permission = {"*": "performancewest_erpnext.pw_portal.permissions.has_permission"}
permission_query_conditions = {"*": "performancewest_erpnext.pw_portal.permissions.query_conditions"}
has_website_permission = {
	"Service Order": "performancewest_erpnext.pw_portal.permissions.has_website_permission",
	"Identity Verification": "performancewest_erpnext.pw_portal.permissions.has_website_permission",
	"Order Document": "performancewest_erpnext.pw_portal.permissions.has_website_permission",
	"eSign Request": "performancewest_erpnext.pw_portal.permissions.has_website_permission",
	"Issue": "performancewest_erpnext.pw_portal.permissions.has_website_permission",
}
role_home_page = {"Carrier Customer": "portal"}
before_request = [
	# an API call whose JSON body did not parse: 400 before any method runs (request_guard)
	"performancewest_erpnext.request_guard.refuse_unparsed_body",
	"performancewest_erpnext.pw_portal.permissions.refuse_child_rows_by_name",
]
# Frappe's count methods count rows a user may not read; these count only what the user may read
override_whitelisted_methods = {
	"frappe.client.get_count": "performancewest_erpnext.pw_portal.api.get_count",
	"frappe.desk.listview.get_group_by_count": "performancewest_erpnext.pw_portal.api.get_group_by_count",
}

doctype_js = {
	"Payment Entry": "public/js/payment_entry.js",
	"Customer": "public/js/customer.js",
	# "Draft reply" with the local model (pw_business.drafting)
	"Issue": "public/js/drafting.js",
	"Communication": "public/js/drafting.js",
	"Service Order": "public/js/drafting.js",
}

website_route_rules = [
	{"from_route": "/order", "to_route": "pw_order"},
	{"from_route": "/order/<path:key>", "to_route": "pw_order"},
	{"from_route": "/portal/orders/<path:name>", "to_route": "portal/order"},
	{"from_route": "/portal/tickets/<path:name>", "to_route": "portal/ticket"},
]

# Fulfilment handlers by catalog slug: {"slug": "app.module.handler"}, a function returning a
# steps.Handler. Services without a handler are fulfilled by a staff task.
pw_service_handlers = {"pw-demo-documents": "performancewest_erpnext.pw_documents.demo.handler"}

# Pass-through government fees on file: fn(basis, jurisdiction, variant) -> amount or None
pw_government_fees = []

# frappe_crypto's treasury sizing: the vendor obligations of a paid invoice (filing fees, commissions)
crypto_obligations = ["performancewest_erpnext.pw_checkout.crypto_sizing.obligations"]
crypto_job_settled = ["performancewest_erpnext.pw_checkout.crypto_sizing.job_settled"]
# frappe_adyen: a booked refund of an Adyen payment moves its order as a Stripe refund does
adyen_payment_refunded = ["performancewest_erpnext.pw_checkout.refunds.on_adyen_refund"]

# Listmonk roles of an e-mail beyond Customer and Agent: "app.module.fn", fn(email) -> role names
# (Listmonk Settings maps each role to a list)
pw_mailing_roles = []

# Tools of the MCP server (`bench --site S pw-mcp serve`, pw_business.mcp_server): "app.module.fn",
# fn() -> [{"name", "description", "inputSchema", "run": fn(arguments) -> JSON-able}], read-only
pw_mcp_tools = []
# Steps of the Order Funnel report (pw_business.analytics): "app.module.fn", fn(from_date, to_date) ->
# [{"step", "count", "order"}]
pw_funnel_steps = []

# Demo data: each app adds its sample records to `bench pw-setup demo` through this hook
pw_demo_data = [
	"performancewest_erpnext.pw_orders.demo.load",
	"performancewest_erpnext.pw_documents.demo.load",
]

# ---------- documents and eSign (pw_documents) ----------
# Extra namespaces for document templates: "app.module.fn", fn(order or None) -> {namespace: (doctype,
# name) or {field: value}} (see pw_documents.templates)
pw_document_context = ["performancewest_erpnext.pw_business.drafting.narrative_context"]
# /esign answers a refused link with its 4xx status
page_renderer = ["performancewest_erpnext.pw_documents.web.ESignPage"]

export_python_type_annotations = True
