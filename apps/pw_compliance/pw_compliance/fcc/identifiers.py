"""FRNs and the names carriers file under, normalised for matching."""

from __future__ import annotations

import re

FRN_RE = re.compile(r"[0-9]{10}")
# entity-form words dropped before comparing names ("Acme Telecom, L.L.C." == "ACME TELECOM LLC")
ENTITY_WORDS = frozenset(
	"""llc lc l l c inc incorporated corp corporation co company ltd limited lp llp pllc pc plc the""".split()
)


class InvalidFRN(ValueError):
	"""Raised for input that is not an FRN: exactly 10 digits, leading zeros kept (47 CFR 1.8001)."""


def validate_frn(value: object) -> str:
	"""A user-typed FRN: surrounding spaces are forgiven, nothing else (no padding, no dashes)."""
	text = value.strip() if isinstance(value, str) else ""
	if not FRN_RE.fullmatch(text):
		raise InvalidFRN(text)
	return text


def source_frn(value: object) -> str | None:
	"""An FRN as a source data file holds it: spreadsheet exports drop leading zeros (0012345678 -> 12345678),
	so 1 to 10 digits are zero-padded back to 10; anything else (blank, 'N/A', letters) is None."""
	text = str(value or "").strip().replace("-", "")
	if text.endswith(".0"):  # a number cell that went through a float
		text = text[:-2]
	if not re.fullmatch(r"[0-9]{1,10}", text) or not int(text):
		return None
	return text.zfill(10)


def normalise_name(name: object) -> str:
	"""Upper-case words without punctuation or entity forms: the key names are matched on."""
	text = str(name or "").lower().replace("&", " and ")
	text = re.sub(r"\bd/?b/?a\b.*$", "", text)  # "Acme LLC d/b/a Acme Voice": the legal part
	text = re.sub(r"[^a-z0-9]+", " ", text)
	words = [w for w in text.split() if w not in ENTITY_WORDS]
	return " ".join(words).upper()[:140]
