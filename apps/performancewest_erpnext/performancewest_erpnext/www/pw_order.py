"""Portal order page: /order/<service or group>, e.g. /order/fcc-compliance?services=cpni,499a."""

import frappe
from frappe import _

from performancewest_erpnext.pw_orders import catalog
from performancewest_erpnext.pw_orders.status import PAYMENT_METHODS

no_cache = 1


def get_context(context):
	key = (frappe.form_dict.key or "fcc-compliance").strip().lower()
	services = catalog.portal_services(key)
	if not services:
		raise frappe.PageDoesNotExistError(_("No service called {0}").format(key))
	wanted = {catalog.resolve(k) for k in (frappe.form_dict.services or "").split(",") if k.strip()}
	if len(services) == 1:
		wanted.add(services[0].name)
	name = services[0].service_name if len(services) == 1 else catalog.group_title(key)
	context.title = _("Order") + (f": {_(name)}" if name else "")
	context.services = services
	context.preselected = sorted(s for s in wanted if s)
	context.payment_methods = [m for m in PAYMENT_METHODS if m not in ("Manual", "Bank Transfer")]
	context.guest = frappe.session.user == "Guest"
	settings = frappe.get_cached_doc("Performance West Settings")
	context.discount_percent = settings.bundle_discount_percent
	context.discount_min = settings.bundle_discount_min_services or 2
	context.no_breadcrumbs = True
	# an agent's referral link (?agent=CODE): remembered until the visitor's first order
	from performancewest_erpnext.pw_business.commissions import remember_code

	remember_code(frappe.form_dict.agent)
