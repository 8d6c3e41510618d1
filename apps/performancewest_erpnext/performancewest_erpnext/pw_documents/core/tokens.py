"""Signing links: HS256 JWTs (PyJWT, which Frappe ships) naming one signature request and its signer
(no Frappe import). RFC 7519; PyJWT: https://pyjwt.readthedocs.io/en/stable/usage.html

Claims: `jti` (random, stored only as its SHA-256 on the request: single use), `exp`, `iat`,
`sub` (the signer's e-mail), `doc` (the eSign Request name), `aud` (fixed, so a token minted for
another purpose with the same key is refused).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

import jwt

AUDIENCE = "pw-esign"
ALGORITHM = "HS256"


class LinkError(ValueError):
	"""A link that must be refused; `reason` is one of: malformed, tampered, expired, used, wrong_signer,
	cancelled, unknown."""

	def __init__(self, reason: str, message: str = "") -> None:
		super().__init__(message or reason)
		self.reason = reason


@dataclass(frozen=True)
class Claims:
	request: str
	signer_email: str
	jti: str
	expires: datetime


def jti_hash(jti: str) -> str:
	return hashlib.sha256(jti.encode()).hexdigest()


def mint(key: bytes, request: str, signer_email: str, expires: datetime) -> tuple[str, str]:
	"""A signed link token and its jti."""
	jti = secrets.token_urlsafe(24)
	now = datetime.now(tz=timezone.utc)
	if expires.tzinfo is None:
		expires = expires.replace(tzinfo=timezone.utc)
	payload = {
		"jti": jti,
		"sub": signer_email.strip().lower(),
		"doc": request,
		"aud": AUDIENCE,
		"iat": int(now.timestamp()),
		"exp": int(expires.timestamp()),
	}
	return jwt.encode(payload, key, algorithm=ALGORITHM), jti


def read(key: bytes, token: str, leeway: int = 0) -> Claims:
	"""The claims of a valid token, or LinkError(expired | tampered | malformed)."""
	if not token or not isinstance(token, str) or token.count(".") != 2 or len(token) > 2048:
		raise LinkError("malformed", "This is not a signing link.")
	try:
		payload = jwt.decode(
			token,
			key,
			algorithms=[ALGORITHM],
			audience=AUDIENCE,
			leeway=leeway,
			options={"require": ["exp", "jti", "sub", "doc", "aud"]},
		)
	except jwt.ExpiredSignatureError:
		raise LinkError("expired", "This signing link has expired.")
	except jwt.InvalidSignatureError:
		raise LinkError("tampered", "This signing link has been altered.")
	except jwt.DecodeError:
		raise LinkError("malformed", "This is not a signing link.")
	except jwt.InvalidTokenError as e:
		raise LinkError("tampered", f"This signing link is not valid ({e}).")
	return Claims(
		request=str(payload["doc"]),
		signer_email=str(payload["sub"]),
		jti=str(payload["jti"]),
		expires=datetime.fromtimestamp(payload["exp"], tz=timezone.utc),
	)
