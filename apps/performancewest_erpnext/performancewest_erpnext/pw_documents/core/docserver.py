"""The DocServer: a Windows Word server converting DOCX to PDF through an S3 queue (no Frappe import).

No direct connection exists between the site and the DocServer; both talk to the bucket:

	site:      put   to-convert/{uuid}.docx
	DocServer: polls to-convert/ every ~12 s, converts with Word, puts converted/{uuid}.pdf
	site:      polls converted/{uuid}.pdf, downloads it, deletes both objects
	DocServer: writes docserver-heartbeat.json every 60 s

A heartbeat older than the allowed age (5 minutes) means the DocServer is down: the caller falls back
to LibreOffice. The heartbeat's age is its JSON `timestamp` (ISO 8601 or epoch seconds) when present,
else the object's LastModified.
"""

import json
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from botocore.exceptions import ClientError

HEARTBEAT_KEY = "docserver-heartbeat.json"
QUEUE_PREFIX = "to-convert/"
DONE_PREFIX = "converted/"


class DocServerUnavailable(RuntimeError):
	"""No fresh heartbeat: use LibreOffice."""


class DocServerTimeout(RuntimeError):
	"""The DocServer took the job but no PDF came back in time."""


def _parse_timestamp(value: Any) -> datetime | None:
	if isinstance(value, int | float):
		return datetime.fromtimestamp(value, tz=timezone.utc)
	if isinstance(value, str) and value:
		try:
			parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
		except ValueError:
			return None
		return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
	return None


def heartbeat_age(s3: Any, bucket: str, now: datetime | None = None) -> float | None:
	"""Seconds since the DocServer's last heartbeat, None when there is none."""
	now = now or datetime.now(tz=timezone.utc)
	try:
		obj = s3.get_object(Bucket=bucket, Key=HEARTBEAT_KEY)
	except ClientError:
		return None
	beat = None
	try:
		data = json.loads(obj["Body"].read() or b"{}")
		if isinstance(data, dict):
			beat = _parse_timestamp(data.get("timestamp") or data.get("time") or data.get("ts"))
	except ValueError:
		pass
	beat = beat or obj.get("LastModified")
	if beat is None:
		return None
	return max((now - beat).total_seconds(), 0.0)


def check_alive(s3: Any, bucket: str, max_age: float) -> float:
	age = heartbeat_age(s3, bucket)
	if age is None:
		raise DocServerUnavailable("The DocServer has never written a heartbeat.")
	if age > max_age:
		raise DocServerUnavailable(
			f"The DocServer's last heartbeat is {age:.0f} s old (more than {max_age:g} s): it is down."
		)
	return age


def convert(
	s3: Any,
	bucket: str,
	docx: bytes,
	timeout: float,
	poll_interval: float = 3,
	max_heartbeat_age: float = 300,
	sleep: Callable[[float], None] = time.sleep,
) -> bytes:
	"""Queue the DOCX for the DocServer and wait for its PDF. Raises DocServerUnavailable before queueing
	anything when the heartbeat is stale, DocServerTimeout (the queued job withdrawn) when no PDF arrives
	within `timeout` seconds. A single S3 PUT is atomic, so the DocServer never reads a partial DOCX."""
	check_alive(s3, bucket, max_heartbeat_age)
	job = uuid.uuid4().hex
	source, result = f"{QUEUE_PREFIX}{job}.docx", f"{DONE_PREFIX}{job}.pdf"
	s3.put_object(
		Bucket=bucket,
		Key=source,
		Body=docx,
		ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	)
	deadline = time.monotonic() + timeout
	try:
		while True:
			try:
				pdf = s3.get_object(Bucket=bucket, Key=result)["Body"].read()
			except ClientError as e:
				if e.response.get("Error", {}).get("Code") not in ("404", "NoSuchKey", "NotFound"):
					raise
			else:
				if pdf.startswith(b"%PDF-"):
					return pdf
			if time.monotonic() >= deadline:
				raise DocServerTimeout(f"The DocServer returned no PDF for job {job} within {timeout:g} s.")
			sleep(poll_interval)
	finally:
		for key in (source, result):
			try:
				s3.delete_object(Bucket=bucket, Key=key)
			except ClientError:
				pass
