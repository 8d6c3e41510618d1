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
		# desk users only: a portal user logging in lands on its portal home (role_home_page)
		"has_permission": "erpnext.check_app_permission",
	}
]

after_install = [
	"pw_compliance.install.after_install",
	"pw_compliance.pw_fcc.setup.after_migrate",
	"pw_compliance.fulfilment.documents.after_migrate",
]
after_migrate = [
	"pw_compliance.install.after_install",
	"pw_compliance.pw_fcc.setup.after_migrate",
	"pw_compliance.fulfilment.documents.after_migrate",
]
before_uninstall = ["pw_compliance.uninstall.before_uninstall", "pw_compliance.pw_fcc.setup.before_uninstall"]

doc_events = {
	"Payment Entry": {
		"on_submit": [
			"pw_compliance.calendar.entries.on_payment_entry_submit",
			# a paid CDR study invoice unlocks the study's full report and PDF
			"pw_compliance.cdr.studies.on_payment_entry_submit",
		]
	},
	# a foreign qualification order's registrations exist from placement, one per ordered state
	"Service Order": {"after_insert": "pw_compliance.formation.filings.on_order_placed"},
	"Sales Invoice": {
		"on_submit": [
			"pw_compliance.calendar.entries.follow_amendment",
			"pw_compliance.cdr.studies.follow_amendment",
		]
	},
}

scheduler_events = {
	"daily_long": ["pw_compliance.calendar.entries.daily", "pw_compliance.pw_fcc.sync.daily"],
	# the seed's weekly "RMD removed" tracker (Wednesdays 08:00 CT): a staff ToDo of this week's removals
	"cron": {
		"0 14 * * 3": ["pw_compliance.pw_fcc.sync.weekly_removed_digest"],
		# the seed's CDR retention sweeper (daily 05:00 UTC): raw call records past the retention days
		"0 5 * * *": ["pw_compliance.cdr.studies.daily_sweep"],
		# the seed's CDR unlock nudge (daily 10:00 CT, written as 16:00 UTC: CST)
		"0 16 * * *": ["pw_compliance.cdr.studies.daily_nudges"],
		# the public check queues its log rows in Redis (nothing written while the visitor waits)
		"* * * * *": ["pw_compliance.pw_fcc.lookup.flush_logs"],
		# "USF Factor Monitor" (09:00 America/Chicago) and "De Minimis Factor Check" (03:00 UTC): the hourly
		# entry starts each at its hour in its own time zone, whatever the site's (pw_compliance.usf.factors)
		"0 * * * *": ["pw_compliance.usf.factors.hourly"],
	},
}

# Tools of performancewest_erpnext's MCP server (`bench pw-mcp serve`): the FCC compliance check of an FRN
pw_mcp_tools = ["pw_compliance.pw_fcc.mcp.tools"]
# Who ran the FCC check, a step of performancewest_erpnext's Order Funnel report
pw_funnel_steps = ["pw_compliance.pw_fcc.funnel.steps"]
# Listmonk lists of an e-mail: FCC Carrier, Canadian Carrier, Prospect (an FRN claim not confirmed yet)
pw_mailing_roles = ["pw_compliance.pw_fcc.mailing.roles"]

# Obligations contributed to the compliance calendar: (carrier profile doc, year) -> [DueObligation]
pw_calendar_providers = ["pw_compliance.calendar.entries.state_obligations"]
# Renewals other apps fulfil: {"service slug": "app.module.fn"}, fn(entry name) -> reference, called once a
# billable entry of that service is paid (instead of the filing task); it moves the entry on itself
pw_calendar_renewals = {}

standard_portal_menu_items = [
	{
		"title": "Compliance Calendar",
		"route": "/portal/calendar",
		"reference_doctype": "Compliance Entry",
		"role": "Carrier Customer",
	},
]

# The customer portal of performancewest_erpnext: what customers see of this app, and where
pw_portal_doctypes = {"Carrier Profile": "customer", "Compliance Entry": "customer"}
has_website_permission = {
	"Carrier Profile": "performancewest_erpnext.pw_portal.permissions.has_website_permission",
	"Compliance Entry": "performancewest_erpnext.pw_portal.permissions.has_website_permission",
}
pw_portal_pages = [
	{"title": "Compliance calendar", "route": "/portal/calendar", "icon": "calendar", "order": 40},
	{"title": "What we need from you", "route": "/portal/intake", "icon": "edit", "order": 45},
	{"title": "CDR traffic studies", "route": "/portal/cdr", "icon": "bar-chart", "order": 48},
]
pw_portal_dashboard = [
	"pw_compliance.www.compliance_calendar.dashboard_cards",
	"pw_compliance.www.filing_intake.dashboard_cards",
	"pw_compliance.formation.portal.dashboard_cards",
]
pw_portal_profile = ["pw_compliance.www.compliance_calendar.profile_sections"]
website_route_rules = [
	{"from_route": "/portal/calendar", "to_route": "compliance_calendar"},
	{"from_route": "/portal/intake", "to_route": "filing_intake"},
	{"from_route": "/portal/intake/<path:order>", "to_route": "filing_intake"},
	{"from_route": "/portal/cdr", "to_route": "cdr_study"},
	{"from_route": "/portal/cdr/<path:study>", "to_route": "cdr_study"},
]
website_redirects = [
	{"source": "/compliance_calendar", "target": "/portal/calendar", "redirect_http_status": 302}
]

pw_demo_data = ["pw_compliance.demo.load"]

# Fulfilment handlers (performancewest_erpnext's engine) and the state fees on file
pw_service_handlers = {
	"dc-agent": "pw_compliance.fulfilment.dc_agent",
	"cpni-certification": "pw_compliance.fulfilment.cpni_certification",
	"rmd-filing": "pw_compliance.fulfilment.rmd_filing",
	"cores-frn-registration": "pw_compliance.fulfilment.cores_frn_registration",
	"calea-ssi": "pw_compliance.fulfilment.calea_ssi",
	"ocn-registration": "pw_compliance.fulfilment.ocn_registration",
	"bdc-filing": "pw_compliance.fulfilment.bdc_filing",
	"bdc-broadband": "pw_compliance.fulfilment.bdc_broadband",
	"bdc-voice": "pw_compliance.fulfilment.bdc_voice",
	"fcc-499a": "pw_compliance.fulfilment.form_499a",
	"fcc-499a-499q": "pw_compliance.fulfilment.form_499a_499q",
	"fcc-499-initial": "pw_compliance.fulfilment.form_499_initial",
	"us-state-formation": "pw_compliance.formation.filings.formation_handler",
	"foreign-qualification-single": "pw_compliance.formation.filings.foreign_handler",
	"foreign-qualification-multi": "pw_compliance.formation.filings.foreign_handler",
}
# After a filing is recorded (fulfilment.filings.record, formation.filings.record): fn(FCC Filing or
# State Filing doc), each safe to run again
pw_filing_completed = [
	"pw_compliance.fulfilment.after.filing_completed",
	"pw_compliance.formation.after.filing_completed",
]
# Other records the intake form ("What we need from you") fills: doctype -> fn(doc) giving its spec
pw_intake_doctypes = {"State Filing": "pw_compliance.formation.filings.intake_spec"}
# The `filing` namespace of the FCC Document Templates (performancewest_erpnext's documents)
pw_document_context = ["pw_compliance.fulfilment.filings.known_context"]
pw_government_fees = ["pw_compliance.fulfilment.government_fee"]

before_tests = "performancewest_erpnext.setup.demo.before_tests"

export_python_type_annotations = True
