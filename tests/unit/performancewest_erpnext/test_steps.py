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
