"""PDF work with pypdf (the version Frappe pins) and reportlab (no Frappe import): binders with a
generated cover page, table of contents and a bookmark per document; signature stamping with a
signature certificate page."""

import hashlib
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import Fit
from reportlab.lib.pagesizes import letter
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen import canvas

TOC_ROWS_PER_PAGE = 28
_MARGIN = 0.9 * inch
_ROW_HEIGHT = 20
_TOC_TOP = letter[1] - 1.6 * inch  # the first row of a contents page


def sha256(data: bytes) -> str:
	return hashlib.sha256(data).hexdigest()


def page_count(data: bytes) -> int:
	return len(PdfReader(io.BytesIO(data)).pages)


def is_pdf(data: bytes) -> bool:
	if not data.startswith(b"%PDF-"):
		return False
	try:
		return page_count(data) > 0
	except Exception:
		return False


# ---------- binders ----------


@dataclass(frozen=True)
class Part:
	title: str
	pdf: bytes
	kind: str = ""


@dataclass(frozen=True)
class Cover:
	title: str
	lines: Sequence[str] = ()  # customer, order, date ...
	footer: str = ""


@dataclass
class Binder:
	pdf: bytes
	page_count: int
	toc: list[tuple[str, int]] = field(default_factory=list)  # (title, first page, 1-based)


def _toc_pages(count: int) -> int:
	return max(1, math.ceil(count / TOC_ROWS_PER_PAGE))


def _front_matter(cover: Cover, toc: list[tuple[str, str, int]]) -> bytes:
	"""The cover page and the contents pages."""
	out = io.BytesIO()
	c = canvas.Canvas(out, pagesize=letter)
	width, height = letter
	c.setTitle(cover.title)
	c.setFont("Helvetica-Bold", 26)
	y = height - 3.2 * inch
	for line in simpleSplit(cover.title, "Helvetica-Bold", 26, width - 2 * _MARGIN):
		c.drawCentredString(width / 2, y, line)
		y -= 34
	c.setFont("Helvetica", 13)
	y -= 18
	for line in cover.lines:
		c.drawCentredString(width / 2, y, line)
		y -= 20
	if cover.footer:
		c.setFont("Helvetica", 9)
		c.drawCentredString(width / 2, 0.8 * inch, cover.footer)
	c.showPage()
	for index in range(_toc_pages(len(toc))):
		c.setFont("Helvetica-Bold", 18)
		c.drawString(_MARGIN, height - 1.1 * inch, "Contents" if index == 0 else "Contents (continued)")
		y = _TOC_TOP
		for title, kind, page in toc[index * TOC_ROWS_PER_PAGE : (index + 1) * TOC_ROWS_PER_PAGE]:
			c.setFont("Helvetica", 11)
			label = simpleSplit(title, "Helvetica", 11, width - 2 * _MARGIN - 1.6 * inch)[0]
			c.drawString(_MARGIN, y, label)
			if kind:
				c.setFont("Helvetica-Oblique", 8)
				c.drawString(_MARGIN + c.stringWidth(label, "Helvetica", 11) + 6, y, kind)
			c.setFont("Helvetica", 11)
			c.drawRightString(width - _MARGIN, y, str(page))
			c.setDash(1, 2)
			c.line(_MARGIN, y - 4, width - _MARGIN, y - 4)
			c.setDash()
			y -= _ROW_HEIGHT
		c.showPage()
	c.save()
	return out.getvalue()


def build_binder(parts: Sequence[Part], cover: Cover) -> Binder:
	"""Cover, contents, then each part in order; a bookmark per part pointing at its first page and a
	clickable contents row. Page numbers in the contents are 1-based physical pages."""
	if not parts:
		raise ValueError("A binder needs at least one document.")
	readers = [PdfReader(io.BytesIO(p.pdf)) for p in parts]
	front = 1 + _toc_pages(len(parts))
	toc, page = [], front + 1
	for part, reader in zip(parts, readers, strict=True):
		toc.append((part.title, part.kind, page))
		page += len(reader.pages)
	writer = PdfWriter()
	for front_page in PdfReader(io.BytesIO(_front_matter(cover, toc))).pages:
		writer.add_page(front_page)
	for reader in readers:
		for p in reader.pages:
			writer.add_page(p)
	for part, (_title, _kind, first) in zip(parts, toc, strict=True):
		writer.add_outline_item(part.title, first - 1, fit=Fit.fit())
	width = letter[0]
	for i, (_title, _kind, first) in enumerate(toc):
		toc_page, row = 1 + i // TOC_ROWS_PER_PAGE, i % TOC_ROWS_PER_PAGE
		y = _TOC_TOP - row * _ROW_HEIGHT
		writer.add_annotation(
			toc_page,
			Link(rect=(_MARGIN, y - 5, width - _MARGIN, y + 12), target_page_index=first - 1),
		)
	writer.add_metadata({"/Title": cover.title, "/Producer": "Performance West"})
	writer.page_mode = "/UseOutlines"
	out = io.BytesIO()
	writer.write(out)
	data = out.getvalue()
	return Binder(pdf=data, page_count=len(writer.pages), toc=[(t, p) for t, _k, p in toc])


def bookmarks(data: bytes) -> list[tuple[str, int]]:
	"""The top-level bookmarks of a PDF as (title, 1-based page)."""
	reader = PdfReader(io.BytesIO(data))
	found = []
	for item in reader.outline:
		if isinstance(item, list):
			continue
		found.append((item.title, reader.get_destination_page_number(item) + 1))
	return found


# ---------- signatures ----------


@dataclass(frozen=True)
class Signature:
	signer_name: str
	signer_email: str
	signed_at: datetime  # UTC
	ip: str
	user_agent: str
	image_png: bytes | None = None  # drawn; None → typed (the name in a script-like face)
	consent: str = ""
	document_title: str = ""
	document_id: str = ""
	request_id: str = ""


def check_signature_image(png: bytes, max_bytes: int = 600_000) -> bytes:
	"""A drawn signature: a real PNG of sane size (raises ValueError otherwise)."""
	if not png or len(png) > max_bytes or not png.startswith(b"\x89PNG\r\n\x1a\n"):
		raise ValueError("The drawn signature is not a PNG image of acceptable size.")
	from PIL import Image

	try:
		with Image.open(io.BytesIO(png)) as image:
			image.verify()
		with Image.open(io.BytesIO(png)) as image:
			width, height = image.size
			if not (10 <= width <= 4000 and 10 <= height <= 2000):
				raise ValueError("The drawn signature has an unusual size.")
			has_ink = image.convert("RGBA").getbbox() is not None
	except ValueError:
		raise
	except Exception as e:
		raise ValueError(f"The drawn signature cannot be read: {e}") from e
	if not has_ink:
		raise ValueError("The drawn signature is empty.")
	return png


def _draw_signature(c: canvas.Canvas, sig: Signature, x: float, y: float, w: float, h: float) -> None:
	if sig.image_png:
		c.drawImage(
			ImageReader(io.BytesIO(sig.image_png)),
			x,
			y,
			w,
			h,
			mask="auto",
			preserveAspectRatio=True,
			anchor="sw",
		)
	else:
		size = 26
		while size > 10 and c.stringWidth(sig.signer_name, "Times-Italic", size) > w:
			size -= 1
		c.setFont("Times-Italic", size)
		c.drawString(x, y + h / 3, sig.signer_name)


def _stamp_overlay(width: float, height: float, sig: Signature) -> bytes:
	out = io.BytesIO()
	c = canvas.Canvas(out, pagesize=(width, height))
	box_w, box_h = min(3.2 * inch, width * 0.45), 0.95 * inch
	x, y = width - box_w - 0.5 * inch, 0.45 * inch
	c.setFillColorRGB(1, 1, 1, alpha=0.85)
	c.setStrokeColorRGB(0.2, 0.3, 0.6)
	c.roundRect(x, y, box_w, box_h, 4, fill=1, stroke=1)
	c.setFillColorRGB(0, 0, 0)
	_draw_signature(c, sig, x + 8, y + 22, box_w - 16, box_h - 28)
	c.setFont("Helvetica", 6.5)
	c.drawString(x + 8, y + 13, f"Signed electronically by {sig.signer_name}"[:90])
	c.drawString(x + 8, y + 5, f"{sig.signed_at:%Y-%m-%d %H:%M:%S} UTC · {sig.request_id}"[:90])
	c.showPage()
	c.save()
	return out.getvalue()


def _certificate(sig: Signature, sha_before: str, sha_stamped: str, pages: int) -> bytes:
	out = io.BytesIO()
	c = canvas.Canvas(out, pagesize=letter)
	width, height = letter
	c.setFont("Helvetica-Bold", 18)
	c.drawString(_MARGIN, height - 1.1 * inch, "Electronic Signature Certificate")
	y = height - 1.6 * inch
	rows = [
		("Document", sig.document_title),
		("Document ID", sig.document_id),
		("Signature request", sig.request_id),
		("Signer", sig.signer_name),
		("Signer e-mail", sig.signer_email),
		("Signed at (UTC)", f"{sig.signed_at:%Y-%m-%d %H:%M:%S}"),
		("IP address", sig.ip or "unknown"),
		("User agent", sig.user_agent or "unknown"),
		("Signature", "drawn by the signer" if sig.image_png else "typed by the signer"),
		("Consent", sig.consent),
		("SHA-256 before signing", sha_before),
		(f"SHA-256 after signing (pages 1-{pages})", sha_stamped),
	]
	label_w = 2.3 * inch
	for label, value in rows:
		c.setFont("Helvetica-Bold", 9)
		c.drawString(_MARGIN, y, label)
		font, size = ("Courier", 7.5) if label.startswith("SHA") else ("Helvetica", 9)
		c.setFont(font, size)
		for line in simpleSplit(str(value or ""), font, size, width - 2 * _MARGIN - label_w) or [""]:
			c.drawString(_MARGIN + label_w, y, line)
			y -= 13
		y -= 5
	y -= 10
	c.setFont("Helvetica-Bold", 9)
	c.drawString(_MARGIN, y, "Signature")
	_draw_signature(c, sig, _MARGIN + label_w, y - 50, 3 * inch, 60)
	c.setFont("Helvetica", 7.5)
	c.drawString(
		_MARGIN,
		0.7 * inch,
		"The SHA-256 values identify the document as it was before signing and as signed (without this page).",
	)
	c.showPage()
	c.save()
	return out.getvalue()


@dataclass(frozen=True)
class Signed:
	pdf: bytes
	sha256_before: str
	sha256_stamped: str  # the signed pages, printed on the certificate
	sha256_after: str  # the whole signed PDF, certificate included
	page_count: int


def sign(original: bytes, sig: Signature) -> Signed:
	"""Stamp the signature onto the last page and append the signature certificate page."""
	before = sha256(original)
	reader = PdfReader(io.BytesIO(original))
	writer = PdfWriter()
	for p in reader.pages:
		writer.add_page(p)
	last = writer.pages[-1]
	box = last.mediabox
	overlay = PdfReader(io.BytesIO(_stamp_overlay(float(box.width), float(box.height), sig))).pages[0]
	last.merge_translated_page(overlay, float(box.left), float(box.bottom))
	stamped_io = io.BytesIO()
	writer.write(stamped_io)
	stamped = stamped_io.getvalue()
	stamped_sha = sha256(stamped)
	final = PdfWriter()
	for p in PdfReader(io.BytesIO(stamped)).pages:
		final.add_page(p)
	final.add_page(PdfReader(io.BytesIO(_certificate(sig, before, stamped_sha, len(reader.pages)))).pages[0])
	final.add_metadata({"/Producer": "Performance West eSign"})
	out = io.BytesIO()
	final.write(out)
	data = out.getvalue()
	return Signed(
		pdf=data,
		sha256_before=before,
		sha256_stamped=stamped_sha,
		sha256_after=sha256(data),
		page_count=len(final.pages),
	)


def simple_pdf(title: str, paragraphs: Sequence[str] = (), pages: int = 1) -> bytes:
	"""A plain PDF (demo data, tests)."""
	out = io.BytesIO()
	c = canvas.Canvas(out, pagesize=letter)
	c.setTitle(title)
	for n in range(pages):
		c.setFont("Helvetica-Bold", 16)
		c.drawString(_MARGIN, letter[1] - _MARGIN, title + (f" ({n + 1}/{pages})" if pages > 1 else ""))
		c.setFont("Helvetica", 11)
		y = letter[1] - _MARGIN - 30
		for text in paragraphs:
			for line in simpleSplit(text, "Helvetica", 11, letter[0] - 2 * _MARGIN):
				c.drawString(_MARGIN, y, line)
				y -= 15
			y -= 8
		c.showPage()
	c.save()
	return out.getvalue()
