"""The DocServer's heartbeat and queue (pw_documents.core.docserver) against an in-memory bucket."""

import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from botocore.exceptions import ClientError
from performancewest_erpnext.pw_documents.core import docserver

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)


class Bucket:
	"""The few S3 calls the DocServer client makes, in memory."""

	def __init__(self, on_put=None):
		self.objects: dict[str, tuple[bytes, datetime]] = {}
		self.on_put = on_put

	def put_object(self, Bucket, Key, Body, **kwargs):
		self.objects[Key] = (Body, NOW)
		if self.on_put:
			self.on_put(self, Key)

	def get_object(self, Bucket, Key):
		if Key not in self.objects:
			raise ClientError({"Error": {"Code": "NoSuchKey"}}, "GetObject")
		body, modified = self.objects[Key]
		return {"Body": io.BytesIO(body), "LastModified": modified}

	def delete_object(self, Bucket, Key):
		self.objects.pop(Key, None)


def beat(bucket: Bucket, body: dict | None, modified: datetime = NOW) -> None:
	bucket.objects[docserver.HEARTBEAT_KEY] = (
		json.dumps(body).encode() if body is not None else b"",
		modified,
	)


def test_the_heartbeat_age_comes_from_its_timestamp_or_else_its_last_modified():
	bucket = Bucket()
	assert docserver.heartbeat_age(bucket, "b", now=NOW) is None
	beat(bucket, {"timestamp": (NOW - timedelta(seconds=61)).isoformat().replace("+00:00", "Z")})
	assert docserver.heartbeat_age(bucket, "b", now=NOW) == 61
	beat(bucket, {"timestamp": (NOW - timedelta(minutes=10)).timestamp()})
	assert docserver.heartbeat_age(bucket, "b", now=NOW) == 600
	beat(bucket, None, modified=NOW - timedelta(seconds=30))
	assert docserver.heartbeat_age(bucket, "b", now=NOW) == 30


def test_a_stale_or_missing_heartbeat_queues_nothing():
	bucket = Bucket()
	with pytest.raises(docserver.DocServerUnavailable, match="never"):
		docserver.convert(bucket, "b", b"docx", timeout=1)
	beat(bucket, {"timestamp": (datetime.now(timezone.utc) - timedelta(seconds=301)).isoformat()})
	with pytest.raises(docserver.DocServerUnavailable, match="it is down"):
		docserver.convert(bucket, "b", b"docx", timeout=1, max_heartbeat_age=300)
	assert list(bucket.objects) == [docserver.HEARTBEAT_KEY]


def test_a_queued_job_comes_back_as_a_pdf_and_the_queue_is_cleaned():
	def word(bucket: Bucket, key: str) -> None:
		if key.startswith(docserver.QUEUE_PREFIX):
			job = key.removeprefix(docserver.QUEUE_PREFIX).removesuffix(".docx")
			bucket.objects[f"{docserver.DONE_PREFIX}{job}.pdf"] = (b"%PDF-1.7 from Word", NOW)

	bucket = Bucket(on_put=word)
	beat(bucket, {"timestamp": datetime.now(timezone.utc).isoformat()})
	assert docserver.convert(bucket, "b", b"docx", timeout=5, sleep=lambda s: None) == b"%PDF-1.7 from Word"
	assert list(bucket.objects) == [docserver.HEARTBEAT_KEY]


def test_no_pdf_in_time_is_a_timeout_and_the_job_is_withdrawn():
	bucket = Bucket()
	beat(bucket, {"timestamp": datetime.now(timezone.utc).isoformat()})
	with pytest.raises(docserver.DocServerTimeout):
		docserver.convert(bucket, "b", b"docx", timeout=0.05, poll_interval=0.01)
	assert list(bucket.objects) == [docserver.HEARTBEAT_KEY]
