"""Intake declarations: the facts a filing needs, how each is checked and where it can be prefilled
from (no Frappe import).

A service handler declares its facts once; the portal form ("What we need from you"), the desk and the
document templates all read the same declaration. A bundle's form is the merge of its members'.

Prefill sources are dotted names the site resolves (`filings.prefill`): `profile.<field>` (the Carrier
Profile), `customer.<field>`, `fcc.<record>.<field>` (the synced FCC records matched by FRN) and
`previous.<fact>` (the same fact in the carrier's latest earlier filing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

TYPES = ("text", "long_text", "email", "int", "select", "check", "date", "digits", "file")
FILE_URL = re.compile(r"^/(private/)?files/[^\s/]+$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Fact:
	key: str
	label: str
	type: str = "text"
	required: bool = True
	options: tuple[str, ...] = ()  # select: the allowed values
	help: str = ""
	prefill: tuple[str, ...] = ()
	min_value: int | None = None
	max_value: int | None = None
	length: int | None = None  # digits: exact number of digits
	max_length: int = 2000
	produced_by: str = ""  # a service whose filing produces this fact (CORES → FRN): not asked beside it
	extensions: tuple[str, ...] = ()  # file: the accepted endings (".csv"); its content is the spec's check

	def __post_init__(self) -> None:
		if self.type not in TYPES:
			raise ValueError(f"{self.key}: unknown type {self.type}")
		if self.type == "select" and not self.options:
			raise ValueError(f"{self.key}: a select needs options")


@dataclass(frozen=True)
class Declaration:
	facts: tuple[Fact, ...] = field(default_factory=tuple)

	def __post_init__(self) -> None:
		keys = [f.key for f in self.facts]
		if len(set(keys)) != len(keys):
			raise ValueError(f"Facts repeat: {keys}")

	def fact(self, key: str) -> Fact:
		for f in self.facts:
			if f.key == key:
				return f
		raise KeyError(key)

	@property
	def keys(self) -> tuple[str, ...]:
		return tuple(f.key for f in self.facts)


def merge(declarations: Iterable[Declaration]) -> Declaration:
	"""One form for several services: each fact once, in first-seen order. The same key declared with
	another type or other options is a programming error."""
	seen: dict[str, Fact] = {}
	for declaration in declarations:
		for f in declaration.facts:
			if f.key in seen:
				if (seen[f.key].type, seen[f.key].options) != (f.type, f.options):
					raise ValueError(f"{f.key} is declared twice with different types")
				if f.required and not seen[f.key].required:
					seen[f.key] = f
				continue
			seen[f.key] = f
	return Declaration(tuple(seen.values()))


def _blank(value: Any) -> bool:
	return value is None or (isinstance(value, str) and not value.strip())


def clean_value(f: Fact, value: Any) -> tuple[Any, str | None]:
	"""(the value as stored, an error message or None)."""
	if f.type == "check":
		if isinstance(value, str):
			value = value.strip().lower() in ("1", "true", "yes", "on")
		return bool(value), None
	if _blank(value):
		return None, ("This is required." if f.required else None)
	if f.type == "int":
		text = str(value).strip()
		if isinstance(value, bool) or not re.fullmatch(r"-?\d+", text):
			return None, "Enter a whole number."
		number = int(text)
		if f.min_value is not None and number < f.min_value:
			return None, f"Enter {f.min_value} or more."
		if f.max_value is not None and number > f.max_value:
			return None, f"Enter {f.max_value} or less."
		return number, None
	text = str(value).strip()
	if len(text) > f.max_length:
		return None, f"Keep it under {f.max_length} characters."
	if f.type == "email":
		text = text.lower()
		if not EMAIL.match(text):
			return None, "Enter an e-mail address like name@example.com."
	elif f.type == "select":
		if text not in f.options:
			return None, "Choose one of: " + ", ".join(f.options) + "."
	elif f.type == "date":
		if not DATE.match(text):
			return None, "Enter a date as YYYY-MM-DD."
	elif f.type == "file":
		if not FILE_URL.match(text):
			return None, "Upload the file."
		if f.extensions and not text.lower().endswith(tuple(e.lower() for e in f.extensions)):
			return None, "Upload a " + " or ".join(f.extensions) + " file."
	elif f.type == "digits":
		digits = re.sub(r"[\s-]", "", text)
		if not digits.isdigit() or (f.length and len(digits) != f.length):
			return None, f"Enter exactly {f.length} digits." if f.length else "Enter digits only."
		text = digits
	return text, None


def validate(declaration: Declaration, answers: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
	"""(clean answers for every declared fact, {fact key: error}). Keys not declared are dropped."""
	clean: dict[str, Any] = {}
	errors: dict[str, str] = {}
	for f in declaration.facts:
		value, error = clean_value(f, answers.get(f.key))
		if error:
			errors[f.key] = error
		elif value is not None:
			clean[f.key] = value
	return clean, errors


def missing(declaration: Declaration, answers: Mapping[str, Any]) -> list[str]:
	"""The facts still to be answered (required ones that are blank or invalid)."""
	return list(validate(declaration, answers)[1])


def without(declaration: Declaration, produced: Iterable[str]) -> Declaration:
	"""The declaration less the facts an earlier service of the same order produces (a bundle's CORES
	registration gives the FRN its RMD filing needs)."""
	produced = set(produced)
	return Declaration(
		tuple(f for f in declaration.facts if f.produced_by not in produced or not f.produced_by)
	)
