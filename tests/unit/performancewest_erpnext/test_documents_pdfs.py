"""Binders (cover, contents, bookmarks) and signature stamping (pw_documents.core.pdfs, no Frappe)."""

import io
from datetime import datetime

import pytest
from performancewest_erpnext.pw_documents.core import pdfs
from PIL import Image, ImageDraw
from pypdf import PdfReader


def _text(data: bytes, page: int) -> str:
	return PdfReader(io.BytesIO(data)).pages[page].extract_text()


def test_a_binder_has_a_cover_contents_and_a_bookmark_per_document():
	parts = [
		pdfs.Part("Engagement Letter", pdfs.simple_pdf("Letter", ["Dear customer"]), "Letter"),
		pdfs.Part("Certificate", pdfs.simple_pdf("Certificate", pages=2), "Certificate"),
		pdfs.Part("Form 499-A", pdfs.simple_pdf("499-A", pages=3), "Filed Form"),
	]
	binder = pdfs.build_binder(parts, pdfs.Cover("Compliance Binder", ["Prairie Telecom LLC", "PWO-1"]))
	assert binder.page_count == 1 + 1 + 1 + 2 + 3 == pdfs.page_count(binder.pdf)
	assert pdfs.bookmarks(binder.pdf) == [("Engagement Letter", 3), ("Certificate", 4), ("Form 499-A", 6)]
	assert binder.toc == [("Engagement Letter", 3), ("Certificate", 4), ("Form 499-A", 6)]
	assert "Compliance Binder" in _text(binder.pdf, 0) and "Prairie Telecom LLC" in _text(binder.pdf, 0)
	contents = _text(binder.pdf, 1)
	assert "Contents" in contents and "Form 499-A" in contents
	assert "Certificate (1/2)" in _text(binder.pdf, 3)  # the documents follow in order
	links = [a.get_object() for a in PdfReader(io.BytesIO(binder.pdf)).pages[1]["/Annots"]]
	assert len(links) == 3 and all(link["/Subtype"] == "/Link" for link in links)


def test_a_long_binder_gets_more_contents_pages_and_the_page_numbers_follow():
	parts = [pdfs.Part(f"Doc {i}", pdfs.simple_pdf(f"Doc {i}")) for i in range(pdfs.TOC_ROWS_PER_PAGE + 2)]
	binder = pdfs.build_binder(parts, pdfs.Cover("Big"))
	marks = pdfs.bookmarks(binder.pdf)
	assert marks[0] == ("Doc 0", 4)  # cover + two contents pages
	assert marks[-1] == (f"Doc {len(parts) - 1}", 3 + len(parts))
	assert binder.page_count == 3 + len(parts)


def test_an_empty_binder_is_refused():
	with pytest.raises(ValueError):
		pdfs.build_binder([], pdfs.Cover("Empty"))


def _signature_png() -> bytes:
	image = Image.new("RGBA", (300, 90), (0, 0, 0, 0))
	ImageDraw.Draw(image).line([(10, 60), (80, 20), (150, 70), (290, 15)], fill=(20, 30, 80, 255), width=4)
	out = io.BytesIO()
	image.save(out, "PNG")
	return out.getvalue()


def test_signing_stamps_the_last_page_and_appends_a_certificate_with_both_hashes():
	original = pdfs.simple_pdf("Letter", ["Please sign"], pages=2)
	sig = pdfs.Signature(
		signer_name="Casey Prairie",
		signer_email="carrier@example.com",
		signed_at=datetime(2026, 11, 28, 12, 30, 5),
		ip="203.0.113.9",
		user_agent="Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0",
		image_png=pdfs.check_signature_image(_signature_png()),
		consent="I agree to sign electronically.",
		document_title="Engagement Letter",
		document_id="DOC-2026-00001",
		request_id="ESR-2026-00001",
	)
	signed = pdfs.sign(original, sig)
	assert signed.sha256_before == pdfs.sha256(original)
	assert signed.sha256_after == pdfs.sha256(signed.pdf)
	assert len({signed.sha256_before, signed.sha256_stamped, signed.sha256_after}) == 3
	assert signed.page_count == 3 == pdfs.page_count(signed.pdf)
	assert "Signed electronically by Casey Prairie" in _text(signed.pdf, 1)
	assert "Signed electronically" not in _text(signed.pdf, 0)
	certificate = _text(signed.pdf, 2).replace("\n", " ")
	for expected in (
		"Casey Prairie",
		"carrier@example.com",
		"2026-11-28 12:30:05",
		"203.0.113.9",
		"TestBrowser/1.0",
		signed.sha256_before,
		signed.sha256_stamped,
		"DOC-2026-00001",
	):
		assert expected in certificate, expected


def test_a_typed_signature_is_written_in_the_signers_name():
	signed = pdfs.sign(
		pdfs.simple_pdf("Letter"),
		pdfs.Signature("Lee Star", "lee@example.com", datetime(2026, 1, 2), "127.0.0.1", "UA"),
	)
	assert "Lee Star" in _text(signed.pdf, 0)
	assert "typed by the signer" in _text(signed.pdf, 1)


def test_bad_signature_images_are_refused():
	blank = io.BytesIO()
	Image.new("RGBA", (300, 90), (0, 0, 0, 0)).save(blank, "PNG")
	for bad in (b"", b"GIF89a....", b"\x89PNG\r\n\x1a\n" + b"garbage", blank.getvalue()):
		with pytest.raises(ValueError):
			pdfs.check_signature_image(bad)
