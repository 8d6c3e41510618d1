import pytest
from performancewest_erpnext.pw_orders.steps import (
	Auto,
	Handler,
	StaffTask,
	Wait,
	backoff_minutes,
	staff_handler,
)


def test_handler_steps_are_named_once_and_found_by_name():
	handler = Handler(
		(
			Auto("file", run=lambda ctx: "ref"),
			Wait("sign", "document_signed"),
			StaffTask("check", "Check it"),
		)
	)
	assert [s.kind for s in handler.steps] == ["Auto", "Wait", "Staff Task"]
	assert handler.step("sign").event == "document_signed"
	with pytest.raises(KeyError):
		handler.step("missing")
	with pytest.raises(ValueError):
		Handler((StaffTask("a", "x"), StaffTask("a", "y")))
	with pytest.raises(ValueError):
		Handler(())


def test_a_service_without_a_handler_goes_to_staff():
	handler = staff_handler("OCN Registration")
	assert [s.kind for s in handler.steps] == ["Staff Task"]
	assert "OCN Registration" in handler.steps[0].instructions


def test_backoff_doubles():
	assert [backoff_minutes(n, 5) for n in (1, 2, 3, 4)] == [5, 10, 20, 40]


def test_a_wait_may_be_satisfied_already_and_a_staff_task_may_refuse_closing():
	def refuse(ctx):
		raise ValueError("evidence missing")

	wait = Wait("intake", "intake_complete", ready=lambda ctx: ctx == "answered")
	task = StaffTask("file", "File it", describe=lambda ctx: [f"FRN {ctx}"], before_close=refuse)
	assert wait.ready("answered") and not wait.ready("blank")
	assert task.describe("0012345678") == ["FRN 0012345678"]
	with pytest.raises(ValueError):
		task.before_close(None)
	assert Wait("sign", "document_signed").ready is None
	assert StaffTask("x", "y").before_close is None
