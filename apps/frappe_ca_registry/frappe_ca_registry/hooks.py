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

after_install = ["frappe_ca_registry.install.after_install", "frappe_ca_registry.crtc.letter.after_migrate"]
after_migrate = ["frappe_ca_registry.install.after_install", "frappe_ca_registry.crtc.letter.after_migrate"]
before_uninstall = "frappe_ca_registry.uninstall.before_uninstall"
# its catalog services (data/catalog.json) need ERPNext's price list, made by the setup wizard
setup_wizard_complete = "frappe_ca_registry.install.load_catalog"

before_tests = "performancewest_erpnext.setup.demo.before_tests"

export_python_type_annotations = True

# The CRTC carrier registration on performancewest_erpnext's fulfilment engine
pw_service_handlers = {"crtc-carrier-registration": "frappe_ca_registry.crtc.handler.handler"}
# Its intake is answered in pw_compliance's form ("What we need from you")
pw_intake_doctypes = {"CRTC Registration": "frappe_ca_registry.crtc.registration.intake_spec"}
# The Canadian obligations of a carrier profile with country CA (pw_compliance's calendar)
pw_calendar_providers = ["frappe_ca_registry.crtc.calendar.canadian_obligations"]
# Paid renewal entries of the domain, number and mailbox it provisioned (pw_compliance's calendar)
pw_calendar_renewals = {
	"ca-domain-renewal": "frappe_ca_registry.crtc.renewals.start",
	"ca-did-renewal": "frappe_ca_registry.crtc.renewals.start",
	"ca-mailbox-renewal": "frappe_ca_registry.crtc.renewals.start",
}
# The `crtc` and `crtc_intake` namespaces of the CRTC registration letter
pw_document_context = ["frappe_ca_registry.crtc.registration.document_context"]

scheduler_events = {
	"hourly": ["frappe_ca_registry.crtc.handler.poll_name_requests"],
	"cron": {"*/15 * * * *": ["frappe_ca_registry.crtc.mail.process"]},
}

website_route_rules = [
	{"from_route": "/portal/crtc-selection/<path:order>", "to_route": "crtc_selection"},
]
# The customer portal of performancewest_erpnext: a CRTC order waiting for the customer's selection
pw_portal_dashboard = ["frappe_ca_registry.www.crtc_selection.dashboard_cards"]
