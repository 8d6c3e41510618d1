"""S3-compatible object storage (MinIO in production) through boto3 (no Frappe import).

API reference: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html, CopyObject,
DeleteObject, and presigned URLs (SigV4 query authentication):
https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
"""

import posixpath
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

TEMP_PREFIX = ".tmp_"


@dataclass(frozen=True)
class S3Config:
	bucket: str
	endpoint_url: str | None = None
	region: str | None = None
	access_key_id: str | None = None
	secret_access_key: str | None = None
	connect_timeout: float = 10
	read_timeout: float = 60
	max_attempts: int = 3


def client(config: S3Config) -> Any:
	return boto3.client(
		"s3",
		endpoint_url=config.endpoint_url or None,
		region_name=config.region or "us-east-1",
		aws_access_key_id=config.access_key_id or None,
		aws_secret_access_key=config.secret_access_key or None,
		config=Config(
			signature_version="s3v4",
			s3={"addressing_style": "path"},  # MinIO and local servers serve path-style URLs
			connect_timeout=config.connect_timeout,
			read_timeout=config.read_timeout,
			retries={"max_attempts": config.max_attempts, "mode": "standard"},
		),
	)


def temp_key(key: str) -> str:
	"""Where an upload is written before it is copied to `key`: the same folder, `.tmp_` prefix."""
	folder, name = posixpath.split(key)
	return posixpath.join(folder, f"{TEMP_PREFIX}{uuid.uuid4().hex}_{name}")


def atomic_put(
	s3: Any,
	bucket: str,
	key: str,
	data: bytes,
	content_type: str = "application/octet-stream",
	metadata: dict[str, str] | None = None,
	before_copy: Callable[[str], None] | None = None,
) -> str:
	"""Upload `data` to a temporary key, copy it to `key`, delete the temporary key. Nothing exists
	under `key` until the copy (a server-side, all-or-nothing operation) has succeeded, so a reader never
	gets a partial object; a failed upload leaves no temporary object behind. Returns the ETag."""
	temp = temp_key(key)
	try:
		s3.put_object(Bucket=bucket, Key=temp, Body=data, ContentType=content_type, Metadata=metadata or {})
		if before_copy:
			before_copy(temp)
		result = s3.copy_object(
			Bucket=bucket,
			Key=key,
			CopySource={"Bucket": bucket, "Key": temp},
			MetadataDirective="COPY",
		)
	finally:
		try:
			s3.delete_object(Bucket=bucket, Key=temp)
		except ClientError:
			pass
	return (result.get("CopyObjectResult") or {}).get("ETag", "")


def get(s3: Any, bucket: str, key: str) -> bytes:
	return s3.get_object(Bucket=bucket, Key=key)["Body"].read()


def exists(s3: Any, bucket: str, key: str) -> bool:
	try:
		s3.head_object(Bucket=bucket, Key=key)
		return True
	except ClientError as e:
		if e.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
			return False
		raise


def delete(s3: Any, bucket: str, key: str) -> None:
	s3.delete_object(Bucket=bucket, Key=key)


def presigned_get(s3: Any, bucket: str, key: str, expires_in: int, filename: str | None = None) -> str:
	params: dict[str, str] = {"Bucket": bucket, "Key": key}
	if filename:
		safe = filename.replace('"', "")
		params["ResponseContentDisposition"] = f'inline; filename="{safe}"'
		params["ResponseContentType"] = (
			"application/pdf" if safe.lower().endswith(".pdf") else "application/octet-stream"
		)
	return s3.generate_presigned_url("get_object", Params=params, ExpiresIn=int(expires_in))


def ensure_bucket(s3: Any, bucket: str) -> None:
	try:
		s3.head_bucket(Bucket=bucket)
	except ClientError:
		s3.create_bucket(Bucket=bucket)
