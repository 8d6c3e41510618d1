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

doc_events = {
	"Payment Entry": {"on_submit": "pw_compliance.calendar.entries.on_payment_entry_submit"},
	"Sales Invoice": {"on_submit": "pw_compliance.calendar.entries.follow_amendment"},
}

scheduler_events = {
	"daily_long": ["pw_compliance.calendar.entries.daily"],
}

# Obligations contributed to the compliance calendar: (carrier profile doc, year) -> [DueObligation]
pw_calendar_providers = ["pw_compliance.calendar.entries.state_obligations"]

standard_portal_menu_items = [
	{
		"title": "Compliance Calendar",
		"route": "/compliance_calendar",
		"reference_doctype": "Compliance Entry",
		"role": "Carrier Customer",
	},
]

pw_demo_data = ["pw_compliance.demo.load"]

# Fulfilment handlers (performancewest_erpnext's engine) and the state fees on file
pw_service_handlers = {"dc-agent": "pw_compliance.fulfilment.dc_agent"}
pw_government_fees = ["pw_compliance.fulfilment.government_fee"]

before_tests = "performancewest_erpnext.setup.demo.before_tests"

export_python_type_annotations = True
