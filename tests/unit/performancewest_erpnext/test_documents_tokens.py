"""Signing-link tokens: valid, expired, tampered, other key or audience (pw_documents.core.tokens)."""

import base64
import json
from datetime import datetime, timedelta, timezone

import jwt
import pytest
from performancewest_erpnext.pw_documents.core import tokens

KEY = b"k" * 32


def _later(**delta) -> datetime:
	return datetime.now(tz=timezone.utc) + timedelta(**delta)


def test_a_minted_link_reads_back_with_its_claims_and_a_fresh_jti_each_time():
	token, jti = tokens.mint(KEY, "ESR-2026-00001", " Carrier@Example.com ", _later(days=14))
	claims = tokens.read(KEY, token)
	assert claims.request == "ESR-2026-00001"
	assert claims.signer_email == "carrier@example.com"
	assert claims.jti == jti and len(tokens.jti_hash(jti)) == 64
	assert tokens.mint(KEY, "ESR-2026-00001", "a@b.c", _later(days=1))[1] != jti


def test_an_expired_link_is_refused_as_expired():
	token, _jti = tokens.mint(KEY, "ESR-1", "a@b.c", _later(seconds=-5))
	with pytest.raises(tokens.LinkError) as e:
		tokens.read(KEY, token)
	assert e.value.reason == "expired"


def test_a_link_with_an_edited_payload_or_another_key_is_refused_as_tampered():
	token, _jti = tokens.mint(KEY, "ESR-1", "a@b.c", _later(days=1))
	header, payload, signature = token.split(".")
	claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
	claims["doc"] = "ESR-2"
	forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
	for bad in (
		f"{header}.{forged}.{signature}",
		tokens.mint(b"x" * 32, "ESR-1", "a@b.c", _later(days=1))[0],
	):
		with pytest.raises(tokens.LinkError) as e:
			tokens.read(KEY, bad)
		assert e.value.reason == "tampered"


def test_a_token_for_another_purpose_or_algorithm_is_refused():
	other_audience = jwt.encode(
		{"jti": "x", "sub": "a@b.c", "doc": "ESR-1", "aud": "password-reset", "exp": _later(days=1)},
		KEY,
		algorithm="HS256",
	)
	unsigned = jwt.encode(
		{"jti": "x", "sub": "a", "doc": "E", "aud": tokens.AUDIENCE, "exp": _later(days=1)},
		None,
		algorithm="none",
	)
	for bad in (other_audience, unsigned):
		with pytest.raises(tokens.LinkError):
			tokens.read(KEY, bad)


def test_garbage_is_malformed():
	for bad in ("", "abc", "a.b.c", "x" * 3000):
		with pytest.raises(tokens.LinkError) as e:
			tokens.read(KEY, bad)
		assert e.value.reason in ("malformed", "tampered")
