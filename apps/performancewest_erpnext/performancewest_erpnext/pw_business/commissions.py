"""Agent commissions. Agents are ERPNext Sales Partners; their referral code (Sales Partner.referral_code)
comes in through `/order/...?agent=CODE`, is remembered in a cookie, and a customer's first order is
attributed to the agent on its Sales Order (sales_partner, commission_rate).

A commission is earned when the order's funds have cleared and the holdback (Agent Commission Settings,
14 days) passed without a refund or a dispute. The daily job (`run`) makes one Agent Commission per earned
commission; its `commission_key` is unique, so the database refuses a second. A refund or dispute inside
the holdback makes the commission's record Cancelled (same key: it is never paid); one after the holdback
adds a Clawback (its own unique key) which nets the commission out of the agent's next payout."""

from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import frappe
from frappe import _
from frappe.utils import getdate, today

COMMISSION = "Agent Commission"
PAYOUT = "Agent Payout"
SETTINGS = "Agent Commission Settings"
ORDER = "Service Order"
COOKIE = "pw_agent"
COOKIE_DAYS = 60
# Service Order statuses an order moves to from Funds Pending without its funds clearing
NOT_CLEARED = ("Refunded", "Cancelled")
# Staff ToDos the gateways make for a chargeback (pw_checkout.webhooks, frappe_adyen.adyen.booking)
DISPUTE_TODOS = ("%Stripe dispute %", "%Adyen chargeback %")


# ---------- attribution ----------


def partner_of_code(code: str | None) -> str | None:
	code = (code or "").strip()
	if not code or len(code) > 140:
		return None
	return frappe.db.get_value("Sales Partner", {"referral_code": code}, "name")


def remember_code(code: str | None) -> str | None:
	"""The order page: a valid `?agent=` code is kept in a cookie until the visitor orders."""
	partner = partner_of_code(code)
	if partner and getattr(frappe.local, "cookie_manager", None):
		expires = frappe.utils.add_days(frappe.utils.now_datetime(), COOKIE_DAYS)
		frappe.local.cookie_manager.set_cookie(COOKIE, code.strip(), expires=expires, httponly=True)
	return partner


def partner_for_order(customer: str, code: str | None = None) -> str | None:
	"""The agent a new order of `customer` is attributed to: the code sent with the order or remembered
	in the cookie, only for the customer's first order."""
	if not code and getattr(frappe.local, "request", None):
		code = frappe.request.cookies.get(COOKIE)
	partner = partner_of_code(code)
	if not partner or frappe.db.exists(ORDER, {"customer": customer}):
		return None
	return partner


def attribute(sales_order: Any, partner: str | None) -> None:
	"""Before the Sales Order is inserted: the agent and its rate, ERPNext's own commission fields."""
	if partner:
		sales_order.sales_partner = partner
		sales_order.commission_rate = frappe.db.get_value("Sales Partner", partner, "commission_rate") or 0


# ---------- what an order earns ----------


def rates() -> dict[str, Decimal]:
	settings = frappe.get_single(SETTINGS)
	return {row.service: Decimal(str(row.rate or 0)) for row in settings.service_rates}


def holdback_days() -> int:
	# nosemgrep: frappe-using-db-sql -- a Single's stored value, told apart from one never saved
	stored = frappe.db.sql(
		"select value from `tabSingles` where doctype = %s and field = 'holdback_days'", SETTINGS
	)  # the settings never saved: the seed's 14 days (0 is a holdback of none)
	return 14 if not stored or stored[0][0] in (None, "") else int(stored[0][0])


def commission_of(order: Any, partner: str) -> tuple[Decimal, Decimal]:
	"""(commissionable amount, commission): each service line at its service's rate, else the agent's
	own; government fees (pass-through) and the payment surcharge earn nothing."""
	by_service = rates()
	default = Decimal(str(frappe.db.get_value("Sales Partner", partner, "commission_rate") or 0))
	base = commission = Decimal(0)
	for line in order.items:
		if line.fee_of:
			continue
		amount = Decimal(str(line.amount or 0))
		base += amount
		commission += amount * by_service.get(line.service, default) / 100
	cent = Decimal("0.01")
	return base.quantize(cent, ROUND_HALF_UP), commission.quantize(cent, ROUND_HALF_UP)


def funds_cleared_on(order: Any) -> date | None:
	"""The day the order left Funds Pending with its funds cleared (its status history)."""
	days = [
		getdate(t.changed_on)
		for t in order.transitions
		if t.from_status == "Funds Pending" and t.to_status not in NOT_CLEARED and t.changed_on
	]
	return min(days) if days else None


def adverse_events(order: Any) -> list[tuple[date, str]]:
	"""Refunds of the order's payments (Payment Entries paying back a receipt of its invoice) and
	chargebacks on them (the gateways' dispute ToDos), with their dates, oldest first."""
	receipts = frappe.get_all(
		"Payment Entry Reference",
		filters={
			"reference_doctype": "Sales Invoice",
			"reference_name": order.sales_invoice or "",
			"parenttype": "Payment Entry",
			"docstatus": 1,
		},
		pluck="parent",
	)
	events: list[tuple[date, str]] = []
	for receipt in set(receipts):
		for pe in frappe.get_all(
			"Payment Entry",
			filters={"payment_type": "Pay", "docstatus": 1, "remarks": ("like", f"%refund of {receipt}%")},
			fields=["name", "posting_date"],
		):
			events.append((getdate(pe.posting_date), _("refund {0}").format(pe.name)))
		todos = frappe.get_all(
			"ToDo",
			filters={"reference_type": "Payment Entry", "reference_name": receipt},
			or_filters=[["description", "like", pattern] for pattern in DISPUTE_TODOS],
			fields=["name", "creation"],
		)
		for todo in todos:
			events.append((getdate(todo.creation), _("dispute ({0})").format(todo.name)))
	for t in order.transitions:
		if t.to_status == "Refunded" and t.changed_on:
			events.append((getdate(t.changed_on), _("order refunded")))
	return sorted(events)


# ---------- the daily job ----------

RUN_HOUR_UTC = 2


def scheduled() -> None:
	"""Scheduler (hourly): the daily run at 02:00 UTC (Frappe's cron reads the site's own time zone)."""
	if datetime.now(timezone.utc).hour == RUN_HOUR_UTC:
		run()


def run(as_of: Any = None) -> dict[str, int]:
	"""The daily job: commissions whose holdback has passed, cancellations inside it, clawbacks after
	it. Run again, it makes nothing new."""
	as_of = getdate(as_of or today())
	made = {"earned": 0, "cancelled": 0, "clawed_back": 0}
	for row in _attributed_without_commission():
		order = frappe.get_doc(ORDER, row.order)
		cleared = funds_cleared_on(order)
		events = [e for e in adverse_events(order) if e[0] <= as_of]
		if cleared is None:
			continue
		until = cleared + timedelta(days=holdback_days())
		inside = [e for e in events if e[0] <= until]
		if inside:
			reason = _("Cancelled inside the holdback: {0} on {1}.").format(inside[0][1], inside[0][0])
			made["cancelled"] += _insert(order, row, "Commission", "Cancelled", cleared, until, reason, as_of)
		elif until <= as_of:
			made["earned"] += _insert(order, row, "Commission", "Payable", cleared, until, "", as_of)
	for c in _clawable():
		order = frappe.get_doc(ORDER, c.service_order)
		after = [e for e in adverse_events(order) if getdate(c.holdback_until) < e[0] <= as_of]
		if after:
			reason = _("Clawed back: {0} on {1}, after the holdback.").format(after[0][1], after[0][0])
			made["clawed_back"] += _clawback(c, reason, as_of)
	return made


def _attributed_without_commission() -> list[Any]:
	# nosemgrep: frappe-using-db-sql -- a join of the order, its Sales Order and the missing commission
	return frappe.db.sql(
		"""select so.name as `order`, s.sales_partner, s.name as sales_order, so.customer
		from `tabService Order` so join `tabSales Order` s on s.name = so.sales_order
		where s.docstatus = 1 and ifnull(s.sales_partner, '') != ''
			and not exists (select 1 from `tabAgent Commission` c
				where c.service_order = so.name and c.kind = 'Commission')
		order by so.name""",
		as_dict=True,
	)


def _clawable() -> list[Any]:
	# nosemgrep: frappe-using-db-sql -- commissions without their clawback (a self anti-join)
	return frappe.db.sql(
		"""select c.name, c.service_order, c.sales_partner, c.sales_order, c.customer, c.base_amount,
			c.commission_amount, c.funds_cleared_on, c.holdback_until
		from `tabAgent Commission` c
		where c.kind = 'Commission' and c.status in ('Payable', 'Paid')
			and not exists (select 1 from `tabAgent Commission` k
				where k.service_order = c.service_order and k.kind = 'Clawback')
		order by c.name""",
		as_dict=True,
	)


def key(kind: str, order: str) -> str:
	return f"{kind.lower()}:{order}"


def _save_once(doc: dict) -> int:
	"""Insert the record; a second one for the same key (another run at the same time) is refused by
	the unique key, and nothing else of the run is undone."""
	frappe.db.savepoint("pw_commission")
	try:
		frappe.get_doc({"doctype": COMMISSION, **doc}).insert(ignore_permissions=True)
	except frappe.DuplicateEntryError:
		frappe.db.rollback(save_point="pw_commission")
		return 0
	return 1


def _insert(
	order: Any, row: Any, kind: str, status: str, cleared: date, until: date, reason: str, as_of: date
) -> int:
	base, commission = commission_of(order, row.sales_partner)
	return _save_once(
		{
			"kind": kind,
			"status": status,
			"commission_key": key(kind, order.name),
			"sales_partner": row.sales_partner,
			"service_order": order.name,
			"sales_order": row.sales_order,
			"customer": row.customer,
			"posting_date": as_of,
			"base_amount": base,
			"commission_amount": commission if status != "Cancelled" else 0,
			"funds_cleared_on": cleared,
			"holdback_until": until,
			"reason": reason,
		}
	)


def _clawback(c: Any, reason: str, as_of: date) -> int:
	return _save_once(
		{
			"kind": "Clawback",
			"status": "Payable",
			"commission_key": key("Clawback", c.service_order),
			"sales_partner": c.sales_partner,
			"service_order": c.service_order,
			"sales_order": c.sales_order,
			"customer": c.customer,
			"posting_date": as_of,
			"base_amount": c.base_amount,
			"commission_amount": -(c.commission_amount or 0),
			"funds_cleared_on": c.funds_cleared_on,
			"holdback_until": c.holdback_until,
			"reason": reason,
		}
	)


# ---------- payouts ----------


def make_payout(sales_partner: str, reference: str = "", on: Any = None) -> str:
	"""Pay an agent what is payable: every Payable commission and clawback, netted. The rows are taken
	by one UPDATE (a row already in a payout is never taken again); nothing is taken when the net is not
	positive (the clawbacks wait for later commissions)."""
	# nosemgrep: frappe-using-db-sql -- the locking read (for update) of the rows the payout takes
	payable = frappe.db.sql(
		"""select name, kind, service_order, commission_amount from `tabAgent Commission`
		where sales_partner = %s and status = 'Payable' and payout is null order by name for update""",
		sales_partner,
		as_dict=True,
	)
	total = sum(Decimal(str(r.commission_amount or 0)) for r in payable)
	if not payable or total <= 0:
		frappe.throw(_("{0} has nothing to be paid (net {1}).").format(sales_partner, total))
	payout = frappe.get_doc(
		{
			"doctype": PAYOUT,
			"sales_partner": sales_partner,
			"payout_date": getdate(on or today()),
			"reference": reference,
			"total": total,
			"entries": [
				{
					"commission": r.name,
					"kind": r.kind,
					"service_order": r.service_order,
					"amount": r.commission_amount,
				}
				for r in payable
			],
		}
	).insert(ignore_permissions=True)
	# nosemgrep: frappe-using-db-sql -- the conditional UPDATE is the claim: a row already in a payout is never taken
	frappe.db.sql(
		"""update `tabAgent Commission` set status = 'Paid', payout = %(payout)s
		where name in %(names)s and status = 'Payable' and payout is null""",
		{"payout": payout.name, "names": tuple(r.name for r in payable)},
	)
	return payout.name


@frappe.whitelist(methods=["POST"])
def pay_agent(sales_partner: str, reference: str = "") -> str:
	"""Desk: record a payout to an agent (Accounts Manager)."""
	frappe.only_for(("Accounts Manager", "System Manager"))
	return make_payout(sales_partner, reference)


# ---------- the agent's own page ----------


def partner_of_user(user: str) -> str | None:
	if not user or user == "Guest":
		return None
	return frappe.db.get_value("Sales Partner", {"pw_agent_user": user}, "name")


def agent_view(partner: str) -> dict:
	"""What an agent sees: its referral code, the orders it referred and its commissions; nothing that
	names what the customers bought beyond the order total."""
	code = frappe.db.get_value("Sales Partner", partner, "referral_code")
	# nosemgrep: frappe-using-db-sql -- the agent's orders through their Sales Orders and customers' names
	referrals = frappe.db.sql(
		"""select so.name as `order`, so.transaction_date, so.status, c.customer_name, s.grand_total
		from `tabSales Order` s join `tabService Order` so on so.sales_order = s.name
		left join `tabCustomer` c on c.name = so.customer
		where s.sales_partner = %s and s.docstatus = 1 order by so.transaction_date desc, so.name desc""",
		partner,
		as_dict=True,
	)
	commissions = frappe.get_all(
		COMMISSION,
		filters={"sales_partner": partner},
		fields=["kind", "status", "service_order", "posting_date", "commission_amount", "holdback_until"],
		order_by="posting_date desc, name desc",
	)
	return {
		"partner": partner,
		"code": code,
		"referrals": referrals,
		"commissions": commissions,
		"payable": sum(c.commission_amount or 0 for c in commissions if c.status == "Payable"),
		"paid": sum(c.commission_amount or 0 for c in commissions if c.status == "Paid"),
	}
