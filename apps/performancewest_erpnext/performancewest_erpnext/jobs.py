"""The one way the bench's apps queue background work (performancewest_erpnext and the apps built on it;
the gateway apps frappe_crypto and frappe_adyen stand alone and call Frappe's `frappe.enqueue` the same
way)."""

import frappe


def enqueue(
	method: str, *, queue: str = "short", job_id: str | None = None, timeout: int | None = None, **kwargs
) -> None:
	"""Queue `method(**kwargs)` on `queue` once the current transaction commits (a job never reads rows
	that may still roll back; a rolled-back request queues nothing). With `job_id`, at most one job of that
	id is queued or running at a time (Frappe's deduplication by job id; a finished job does not hold the
	next one back). Under run-tests the job runs inline, as Frappe's tests expect; the Frappe test
	`test_background_jobs` runs the same calls through real RQ workers."""
	frappe.enqueue(
		method,
		queue=queue,
		timeout=timeout,
		job_id=job_id,
		deduplicate=bool(job_id),
		enqueue_after_commit=True,
		now=bool(frappe.flags.in_test),
		**kwargs,
	)
