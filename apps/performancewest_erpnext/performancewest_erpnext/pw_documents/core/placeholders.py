"""DOCX placeholders: find them, check them against the known fields, fill them (no Frappe import).

The syntax is `{{ namespace.field }}`, e.g. `{{ customer.customer_name }}` or `{{ order.name }}`.
Word splits text into runs wherever formatting, spell-checking or editing history changes, so one
placeholder is often spread over several `w:t` elements ("{{ cust", "omer.customer_", "name }}").
Both scanning and filling therefore work on the whole text of each paragraph: the paragraph's `w:t`
texts are joined, placeholders are found in the joined text, and a replacement is written into the
`w:t` where the placeholder starts (keeping that run's formatting) while the rest of the placeholder is
cut out of the following `w:t` elements. Body, tables, text boxes, headers and footers are covered.
"""

import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import docx
from docx.opc.part import XmlPart
from docx.oxml.ns import qn

# a well-formed placeholder
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
# anything that looks like one, to report malformed placeholders instead of leaving them in a letter
CANDIDATE = re.compile(r"\{\{(.*?)\}\}", re.S)

_TEXT_PARTS = ("document.main+xml", "header+xml", "footer+xml", "footnotes+xml", "endnotes+xml")
_P, _T = qn("w:p"), qn("w:t")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class TemplateError(ValueError):
	"""The DOCX cannot be used as a template (not a DOCX, malformed or unknown placeholders)."""

	def __init__(self, message: str, unknown: list[str] | None = None, malformed: list[str] | None = None):
		super().__init__(message)
		self.unknown = unknown or []
		self.malformed = malformed or []


@dataclass(frozen=True)
class Scan:
	placeholders: list[str]  # "namespace.field", sorted, unique
	malformed: list[str]  # the raw text of things like "{{ customer name }}"


def open_docx(content: bytes) -> "docx.document.Document":
	try:
		return docx.Document(io.BytesIO(content))
	except Exception as e:
		raise TemplateError(f"Not a readable DOCX file ({type(e).__name__}: {e}).") from e


def _text_parts(document) -> Iterator[XmlPart]:
	for part in document.part.package.iter_parts():
		if isinstance(part, XmlPart) and part.content_type.endswith(_TEXT_PARTS):
			yield part


def _paragraph_texts(paragraph) -> list:
	"""The `w:t` elements of one paragraph in document order, leaving out those of paragraphs nested in
	it (a text box inside a run holds paragraphs of its own, visited separately)."""
	texts = []
	for t in paragraph.iter(_T):
		parent = t.getparent()
		while parent is not None and parent.tag != _P:
			parent = parent.getparent()
		if parent is paragraph:
			texts.append(t)
	return texts


def _paragraphs(document) -> Iterator[list]:
	for part in _text_parts(document):
		for paragraph in part.element.iter(_P):
			texts = _paragraph_texts(paragraph)
			if texts:
				yield texts


def scan(content: bytes) -> Scan:
	document = open_docx(content)
	found: set[str] = set()
	malformed: set[str] = set()
	for texts in _paragraphs(document):
		joined = "".join(t.text or "" for t in texts)
		for match in CANDIDATE.finditer(joined):
			well_formed = PLACEHOLDER.fullmatch(match.group(0))
			if well_formed:
				found.add(f"{well_formed.group(1)}.{well_formed.group(2)}")
			else:
				malformed.add(match.group(0))
		# an opening brace pair with no closing one in the same paragraph
		rest = CANDIDATE.sub("", joined)
		if "{{" in rest:
			malformed.add(rest[rest.index("{{") :][:60])
	return Scan(sorted(found), sorted(malformed))


def unknown_placeholders(
	placeholders: list[str], known: Mapping[str, set[str] | frozenset[str]]
) -> list[str]:
	"""The placeholders whose namespace or field is not in `known` ({namespace: {field, ...}})."""
	unknown = []
	for placeholder in placeholders:
		namespace, _dot, field = placeholder.partition(".")
		if field not in known.get(namespace, ()):
			unknown.append(placeholder)
	return unknown


def validate(content: bytes, known: Mapping[str, set[str] | frozenset[str]]) -> list[str]:
	"""The template's placeholders, or TemplateError naming every unknown or malformed one."""
	result = scan(content)
	unknown = unknown_placeholders(result.placeholders, known)
	if unknown or result.malformed:
		problems = []
		if unknown:
			problems.append("unknown fields: " + ", ".join("{{ " + u + " }}" for u in unknown))
		if result.malformed:
			problems.append("malformed placeholders: " + ", ".join(result.malformed))
		raise TemplateError("; ".join(problems), unknown=unknown, malformed=result.malformed)
	return result.placeholders


def _replace_in_paragraph(texts: list, values: Mapping[str, str]) -> int:
	joined = "".join(t.text or "" for t in texts)
	matches = list(PLACEHOLDER.finditer(joined))
	if not matches:
		return 0
	# where each w:t starts in the joined text
	starts, position = [], 0
	for t in texts:
		starts.append(position)
		position += len(t.text or "")
	new_texts = [t.text or "" for t in texts]
	# right to left, so the offsets of earlier matches stay valid
	for match in reversed(matches):
		key = f"{match.group(1)}.{match.group(2)}"
		value = values[key]
		begin, end = match.start(), match.end()
		for i, t in enumerate(texts):
			t_begin, t_end = starts[i], starts[i] + len(t.text or "")
			if t_end <= begin or t_begin >= end:
				continue
			local_begin, local_end = max(begin, t_begin) - t_begin, min(end, t_end) - t_begin
			text = new_texts[i]
			insert = value if t_begin <= begin < t_end else ""
			new_texts[i] = text[:local_begin] + insert + text[local_end:]
	for t, text in zip(texts, new_texts, strict=True):
		if text != (t.text or ""):
			t.text = text
			t.set(_SPACE, "preserve")
	return len(matches)


def fill(content: bytes, values: Mapping[str, str]) -> bytes:
	"""The DOCX with every placeholder replaced by `values["namespace.field"]` (plain text; a missing
	value is a TemplateError, never a blank)."""
	result = scan(content)
	missing = [p for p in result.placeholders if p not in values]
	if missing or result.malformed:
		raise TemplateError(
			"No value for: " + ", ".join(missing) if missing else "Malformed: " + ", ".join(result.malformed),
			unknown=missing,
			malformed=result.malformed,
		)
	document = open_docx(content)
	for texts in _paragraphs(document):
		_replace_in_paragraph(texts, values)
	out = io.BytesIO()
	document.save(out)
	return out.getvalue()


def document_text(content: bytes) -> str:
	"""All paragraph text of a DOCX, one paragraph a line (for tests and previews)."""
	return "\n".join("".join(t.text or "" for t in texts) for texts in _paragraphs(open_docx(content)))
