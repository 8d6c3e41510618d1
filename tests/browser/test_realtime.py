"""Realtime through the stack's one address (scripts/web_proxy.js): the desk's socket.io client connects,
and an open portal order page shows its order's new status without a reload. Every test here also fails
when a page logs a socket.io connection error (the `page` fixture)."""

import json
import os
import subprocess

from conftest import ROOT, SITE, login
from playwright.sync_api import expect

ADMIN_PASSWORD = os.environ.get("ADMIN_PASSWORD", "admin")
CARRIER = ("carrier@example.com", "demo-Carrier-2026")
CONNECTED = "() => Boolean(frappe.realtime.socket && frappe.realtime.socket.connected)"

# Run on the served site: what staff and the engine do (engine.set_status), committed
SITE_SCRIPT = """
import json, sys, frappe
frappe.init(site=sys.argv[1], sites_path=sys.argv[2])
frappe.connect()
frappe.set_user("Administrator")
from performancewest_erpnext.pw_orders import engine
from performancewest_erpnext.pw_orders.customers import customer_of
args = json.loads(sys.argv[3])
if args["action"] == "find":  # an order of the customer that is being worked on
	for status in ("Waiting", "In Progress"):
		found = frappe.get_all("Service Order", limit=1, order_by="name",
			fields=["name", "status", "waiting_on", "hold_reason"],
			filters={"customer": customer_of(args["user"]), "status": status})
		if found:
			print(json.dumps(found[0]))
			break
else:
	order = frappe.get_doc("Service Order", args["order"])
	reason = args.get("reason") or "Checked by the browser test"
	engine.set_status(order, args["status"], reason, args["waiting_on"])
	frappe.db.commit()
"""


def on_site(**args) -> str:
	return subprocess.run(
		[str(ROOT / "env/bin/python"), "-c", SITE_SCRIPT, SITE, str(ROOT / "sites"), json.dumps(args)],
		cwd=ROOT / "sites",
		check=True,
		capture_output=True,
		text=True,
	).stdout.strip()


def test_the_desk_connects_to_socketio(page):
	login(page, "Administrator", ADMIN_PASSWORD)
	page.goto("/app/service-order")
	page.wait_for_function(CONNECTED, timeout=30000)


def test_an_open_order_page_follows_its_status(page):
	order = json.loads(on_site(action="find", user=CARRIER[0]))
	# to another status (or another party it waits on) and back
	other = "Staff" if order["waiting_on"] == "Customer" else "Customer"
	login(page, *CARRIER)
	page.goto(f"/portal/orders/{order['name']}")
	status = page.locator('section[aria-labelledby="pw-status"] h2')
	before = status.text_content()
	page.wait_for_function(CONNECTED, timeout=30000)
	page.evaluate("() => { window.pwSamePage = true; }")  # gone if the page were reloaded
	try:
		on_site(action="set", order=order["name"], status="Waiting", waiting_on=other)
		expect(status).not_to_have_text(before, timeout=20000)
		assert page.evaluate("() => window.pwSamePage") is True
	finally:
		on_site(
			action="set",
			order=order["name"],
			status=order["status"],
			waiting_on=order["waiting_on"],
			reason=order["hold_reason"],
		)
	expect(status).to_have_text(before, timeout=20000)
