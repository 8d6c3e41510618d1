"""Where an order stands, as the customer reads it (pw_portal.progress, no Frappe)."""

import pytest
from performancewest_erpnext.pw_portal import progress as pr


def step(status="Pending", kind="Staff Task", event=None, waiting_on=None, attempts=0):
	return {"status": status, "kind": kind, "event": event, "waiting_on": waiting_on, "attempts": attempts}


@pytest.mark.parametrize(
	"row,order_status,waiting_on,expected",
	[
		(step("Done"), "In Progress", None, "done"),
		(step("Done"), "Cancelled", None, "done"),  # what was done stays done
		(step(), "Awaiting Payment", None, "payment"),
		(step(), "Funds Pending", None, "funds"),
		(step(), "Waiting", "Identity", "identity"),
		(step("Waiting", "Wait", "document_signed"), "Waiting", "Customer", "signature"),
		(step("Waiting", "Wait", "client_selection"), "Client Selection", None, "choices"),
		(
			step("Waiting", "Wait", "registry_answer", "Outside Body"),
			"Waiting",
			"Outside Body",
			"outside_body",
		),
		(step("Waiting", "Wait", "staff_approval", "Staff"), "Waiting", "Staff", "staff"),
		(step("Waiting", "Wait", "something"), "Waiting", "Customer", "your_action"),
		(step("Waiting", "Staff Task"), "Waiting", "Staff", "staff"),
		(step("Needs Staff", "Auto"), "Waiting", "Staff", "staff"),
		(step("Running", "Auto"), "In Progress", None, "working"),
		(step("Pending", "Auto", attempts=2), "In Progress", None, "working"),  # retrying
		(step("Pending", "Auto"), "In Progress", None, "next"),
		(step(), "Refunded", None, "stopped"),
	],
)
def test_each_step_in_words(row, order_status, waiting_on, expected):
	assert pr.step_state(row, order_status, waiting_on) == expected


@pytest.mark.parametrize(
	"status,waiting_on,steps,expected",
	[
		("Awaiting Payment", None, ["payment"], "payment"),
		("Waiting", "Identity", ["identity"], "identity"),
		("Waiting", "Customer", ["done", "signature"], "signature"),
		("Waiting", "Staff", ["staff", "signature"], "signature"),  # the customer's part comes first
		("Waiting", "Staff", ["staff"], "staff"),
		("Waiting", "Outside Body", ["outside_body"], "outside_body"),
		("Client Selection", None, ["choices"], "choices"),
		("Review", None, ["done"], "review"),
		("Delivered", None, ["done"], "delivered"),
	],
)
def test_the_order_in_words(status, waiting_on, steps, expected):
	assert pr.order_state(status, waiting_on, steps) == expected


def test_progress_counts_delivery_as_the_last_step():
	assert pr.progress([], "Awaiting Payment") == pr.Progress(0, 1)
	assert pr.progress(["Done", "Waiting", "Pending"], "Waiting").percent == 25
	assert pr.progress(["Done", "Done"], "Review").percent == 67
	assert pr.progress(["Done", "Done"], "Delivered").percent == 100


def test_what_the_customer_must_act_on():
	assert {
		s
		for s in ("signature", "choices", "your_action", "payment", "identity", "staff", "done")
		if pr.needs_customer(s)
	} == {
		"signature",
		"choices",
		"your_action",
		"payment",
		"identity",
	}
