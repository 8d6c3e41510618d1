"""SHKeeper callback authentication (no Frappe import).

SHKeeper signs each callback (shkeeper/services/webhook_hmac.py, vsys-host/shkeeper.io since 98932a4):
`X-Shkeeper-Timestamp` is Unix seconds and `X-Shkeeper-Signature` the lowercase hex HMAC-SHA256, keyed
with the API key, over `"{timestamp}."` followed by the raw body; the reference verifier allows ±300 s.
Installations older than that send only the legacy `X-Shkeeper-Api-Key` header.
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Shkeeper-Signature"
TIMESTAMP_HEADER = "X-Shkeeper-Timestamp"
API_KEY_HEADER = "X-Shkeeper-Api-Key"
MAX_AGE_SECONDS = 300


class SignatureError(ValueError):
	"""Why a callback is refused (the reason is logged, never echoed with secrets)."""


def same_secret(expected: str, given: object) -> bool:
	"""`given` equals `expected`, compared in constant time as bytes: a value that is not ASCII text of
	the expected length (a header may carry anything) is simply not equal."""
	want = expected.encode()
	if not want or not isinstance(given, str) or not given.isascii() or len(given) != len(want):
		return False
	return hmac.compare_digest(want, given.encode())


def sign(secret: str, body: bytes, timestamp: int) -> str:
	return hmac.new(secret.encode(), f"{int(timestamp)}.".encode() + body, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
	"""The headers SHKeeper sends with `body` (tests and the recorded fake use it)."""
	ts = int(time.time()) if timestamp is None else int(timestamp)
	return {TIMESTAMP_HEADER: str(ts), SIGNATURE_HEADER: sign(secret, body, ts)}


def verify(
	secret: str,
	body: bytes,
	headers: dict[str, str | None],
	*,
	legacy: bool = False,
	now: int | None = None,
	max_age: int = MAX_AGE_SECONDS,
) -> str:
	"""Return how the callback was authenticated ("hmac" or "legacy-api-key") or raise SignatureError.

	`headers` maps header names (any case) to values. The API-key header alone is accepted only when
	the installation is marked legacy; a signature that is present is always checked."""
	if not secret:
		raise SignatureError("no API key configured")
	found = {k.lower(): v for k, v in headers.items() if v is not None}
	signature = (found.get(SIGNATURE_HEADER.lower()) or "").strip().lower()
	timestamp = (found.get(TIMESTAMP_HEADER.lower()) or "").strip()
	if not signature and not timestamp:
		api_key = found.get(API_KEY_HEADER.lower()) or ""
		if legacy and same_secret(secret, api_key):
			return "legacy-api-key"
		raise SignatureError("signature headers missing")
	if not signature or not timestamp:
		raise SignatureError("signature or timestamp header missing")
	if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
		raise SignatureError("timestamp is not a number")
	ts = int(timestamp)
	clock = int(time.time()) if now is None else int(now)
	if abs(clock - ts) > max_age:
		raise SignatureError(f"timestamp {ts} is {clock - ts} s from now (allowed ±{max_age} s)")
	if not same_secret(sign(secret, body, ts), signature):
		raise SignatureError("signature does not match")
	return "hmac"
