"""Customers of the portal: a Customer, its Contact and a portal user (Carrier Customer), made once."""

import re
from typing import Any

import frappe
from frappe import _
from frappe.utils import validate_email_address

PORTAL_ROLES = ("Customer", "Carrier Customer")


def customer_of(user: str) -> str | None:
	"""The customer a portal user orders for (ERPNext links them through Customer.portal_users)."""
	return frappe.db.get_value("Portal User", {"user": user, "parenttype": "Customer"}, "parent")


def new_customer(company_name: str, email: str | None = None) -> str:
	"""A new Customer called `company_name` (a company, in the first customer group and territory). Never
	an existing one: a carrier's legal name is public, so a match by name proves nothing. When the name is
	taken (in any letter case) the record's name gets a random suffix; `customer_name` keeps the legal
	name. Joining an existing customer is by invitation only (`pw_orders.invitations`). Callers check who
	may create customers."""
	doc = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": company_name,
			"customer_type": "Company",
			"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}, "name"),
			"territory": frappe.db.get_value("Territory", {"is_group": 0}, "name"),
			"email_id": email,
		}
	)
	base = re.sub(r"[<>]", "", company_name).strip() or _("Customer")  # Frappe refuses < and > in names
	name = base
	for _attempt in range(5):
		if not frappe.db.exists("Customer", name):
			frappe.db.savepoint("pw_new_customer")
			try:
				return doc.insert(ignore_permissions=True, set_name=name).name
			except frappe.DuplicateEntryError:  # taken by a concurrent sign-up
				frappe.db.rollback(save_point="pw_new_customer")
				doc.flags.name_set = False
		name = f"{base[:130]} - {frappe.generate_hash(length=6).upper()}"
	frappe.throw(_("Could not name the new customer; please try again."))


def ensure_portal_customer(
	company_name: str, email: str, full_name: str, phone: str | None = None, welcome: bool = False
) -> str:
	"""The portal user for one e-mail with its Customer and Contact: the customer the user already belongs
	to, else a new Customer (`new_customer`). With `welcome`, Frappe e-mails a new user a link to set a
	password, which verifies the address."""
	customer = customer_of(email) or new_customer(company_name, email)
	add_portal_user(customer, email, full_name, phone, welcome)
	return customer


def add_portal_user(
	customer: str, email: str, full_name: str, phone: str | None = None, welcome: bool = False
) -> None:
	"""Make `email` a portal user of `customer` (User, roles, Portal User row, Contact linked to the
	customer); each piece only if missing. Callers decide who may join which customer."""
	first, _sep, last = (full_name or email).strip().partition(" ")
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first,
				"last_name": last,
				"user_type": "Website User",
				"send_welcome_email": 1 if welcome else 0,
			}
		).insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	user.flags.ignore_permissions = True  # a guest signing up
	user.add_roles(*PORTAL_ROLES)
	doc = frappe.get_doc("Customer", customer)
	if email not in {row.user for row in doc.portal_users}:
		doc.append("portal_users", {"user": email})
		doc.save(ignore_permissions=True)
	contact_name = frappe.db.get_value("Contact", {"email_id": email})
	if contact_name:
		contact = frappe.get_doc("Contact", contact_name)
		if not any(l.link_doctype == "Customer" and l.link_name == customer for l in contact.links):
			contact.append("links", {"link_doctype": "Customer", "link_name": customer})
			contact.save(ignore_permissions=True)
	else:
		contact = frappe.get_doc(
			{"doctype": "Contact", "first_name": first, "last_name": last, "user": email}
		)
		contact.append("email_ids", {"email_id": email, "is_primary": 1})
		if phone:
			contact.append("phone_nos", {"phone": phone, "is_primary_phone": 1})
		contact.append("links", {"link_doctype": "Customer", "link_name": customer})
		contact.insert(ignore_permissions=True)


def sign_up(signup: Any) -> tuple[str, str]:
	"""A new customer ordering as a guest: always a Customer of its own, whatever the company name.
	Returns (customer, e-mail)."""
	data = frappe.parse_json(signup) if isinstance(signup, str) else (signup or {})
	if not isinstance(data, dict):
		frappe.throw(_("Tell us who you are to place the order."), title=_("Invalid order"))
	company = (data.get("company_name") or "").strip()
	name = (data.get("full_name") or "").strip()
	email = (data.get("email") or "").strip().lower()
	phone = (data.get("phone") or "").strip() or None
	missing = [
		label
		for label, value in ((_("company name"), company), (_("your name"), name), (_("e-mail"), email))
		if not value
	]
	if missing:
		frappe.throw(_("Please give your {0}.").format(", ".join(missing)), title=_("Invalid order"))
	if len(company) > 140 or len(name) > 140:
		frappe.throw(_("Company and person names are at most 140 characters."), title=_("Invalid order"))
	if re.search(r"[<>]", company + name):
		frappe.throw(_("Company and person names cannot contain < or >."), title=_("Invalid order"))
	if not validate_email_address(email):
		frappe.throw(
			_("{0} is not a valid e-mail address.").format(frappe.utils.escape_html(email)),
			title=_("Invalid order"),
		)
	if frappe.db.exists("User", email):
		frappe.throw(
			_("An account with {0} already exists. Please log in to order.").format(email),
			title=_("Please log in"),
		)
	customer = new_customer(company, email)
	add_portal_user(customer, email, name, phone, welcome=True)
	return customer, email
