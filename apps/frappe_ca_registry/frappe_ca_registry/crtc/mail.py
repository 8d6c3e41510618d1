"""The client e-mail processor (scheduler, every 15 minutes): the provisioned .ca mailboxes named in CA
Registry Settings "Mailboxes Read for the Customer" are read over IMAP; each new message becomes a
Communication on the customer, and a staff ToDo when it looks like government mail (CRA, CRTC, BC
Registries). Once per Message-ID: a CA Mail Message row named by the Message-ID's hash is inserted
first, so a message read twice (the next run, a second worker) is skipped by the database."""

import hashlib
from datetime import timedelta
from typing import Any

import frappe
from frappe import _
from frappe.utils import escape_html, now_datetime

from frappe_ca_registry.integrations import imap_mail
from frappe_ca_registry.integrations.settings import settings

GOVERNMENT = ("cra-arc.gc.ca", "canada.ca", "crtc.gc.ca", "gov.bc.ca", "bcregistry.ca", "bcregistries")


def is_government(message: imap_mail.Message) -> bool:
	text = f"{message.sender} {message.subject}".lower()
	return any(mark in text for mark in GOVERNMENT) or any(
		word in message.subject.lower() for word in ("canada revenue agency", "crtc", "bc registries")
	)


def record(message: imap_mail.Message, mailbox: str, customer: str) -> str | None:
	"""One message once: its row, its Communication and (government mail) a staff ToDo."""
	if not message.message_id:
		return None
	key = hashlib.sha1(message.message_id.encode()).hexdigest()
	if frappe.db.exists("CA Mail Message", key):
		return None
	frappe.db.savepoint("ca_mail")
	try:
		row = frappe.get_doc(
			{"doctype": "CA Mail Message", "message_key": key, "message_id": message.message_id, "mailbox": mailbox,
				"customer": customer, "sender": message.sender, "subject": message.subject[:140],
				"government": int(is_government(message))}
		).insert(ignore_permissions=True)  # fmt: skip
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		frappe.db.rollback(save_point="ca_mail")
		return None
	comm = frappe.get_doc(
		{"doctype": "Communication", "communication_type": "Communication", "communication_medium": "Email",
			"sent_or_received": "Received", "subject": message.subject[:140] or _("(no subject)"),
			"content": escape_html(message.body).replace("\n", "<br>"), "sender": message.sender,
			"recipients": mailbox, "reference_doctype": "Customer", "reference_name": customer,
			"message_id": message.message_id[:995]}
	).insert(ignore_permissions=True)  # fmt: skip
	values = {"communication": comm.name}
	if row.government:
		values["todo"] = (
			frappe.get_doc(
				{"doctype": "ToDo", "reference_type": "Customer", "reference_name": customer,
					"role": "CA Registry Staff", "allocated_to": settings().registry_assignee, "priority": "High",
					"description": escape_html(_("Government mail to {0} from {1}: {2}. Read it and act on it.").format(
						mailbox, message.sender, message.subject))}
			).insert(ignore_permissions=True).name
		)  # fmt: skip
	row.db_set(values)
	return row.name


def mailboxes() -> list[tuple[str, str, str]]:
	"""(address, password, customer) of every provisioned mailbox that is read."""
	read = {line.strip().lower() for line in (settings().read_mailboxes or "").splitlines() if line.strip()}
	found = []
	for row in frappe.get_all(
		"CA Provisioning",
		filters={"kind": "Mailbox", "status": "Done"},
		fields=["name", "item", "registration"],
	):
		if row.item.split("@")[0] not in read:
			continue
		doc = frappe.get_doc("CA Provisioning", row.name)
		customer = frappe.db.get_value("CRTC Registration", row.registration, "customer")
		found.append((row.item, doc.get_password("secret", raise_exception=False) or "", customer))
	return found


def process(fetch: Any = None) -> int:
	"""Scheduler: read every mailbox; returns the messages recorded. A mailbox that fails is logged."""
	conf = settings()
	if not conf.mail_host:
		return 0
	fetch = fetch or imap_mail.fetch
	since = (now_datetime() - timedelta(days=2)).strftime("%d-%b-%Y")
	count = 0
	for address, password, customer in mailboxes():
		try:
			messages = fetch(
				conf.mail_host, conf.imap_port or 993, address, password, since, bool(conf.imap_ssl)
			)
		except Exception:
			frappe.log_error(title=f"IMAP {address}")
			continue
		for message in messages:
			if record(message, address, customer):
				count += 1
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- each mailbox is its own unit of work
	return count
