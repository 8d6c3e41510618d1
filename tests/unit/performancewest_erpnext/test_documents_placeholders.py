"""DOCX placeholders: scanning and filling across Word's runs, tables, headers; unknown and malformed
placeholders refused (pw_documents.core.placeholders, no Frappe)."""

import io

import docx
import pytest
from performancewest_erpnext.pw_documents.core import placeholders as ph

KNOWN = {"customer": {"customer_name", "name"}, "order": {"name", "expected_delivery"}}


def make(paragraphs: list[list[str]], table: list[str] | None = None, header: str | None = None) -> bytes:
	"""A DOCX whose paragraphs are made of the given runs (each string its own run, as Word splits)."""
	document = docx.Document()
	for runs in paragraphs:
		p = document.add_paragraph()
		for i, text in enumerate(runs):
			run = p.add_run(text)
			run.bold = i % 2 == 1  # different formatting forces separate runs
	if table:
		t = document.add_table(rows=1, cols=len(table))
		for cell, text in zip(t.rows[0].cells, table, strict=True):
			cell.paragraphs[0].add_run(text[:5])
			cell.paragraphs[0].add_run(text[5:])
	if header:
		document.sections[0].header.paragraphs[0].add_run(header)
	out = io.BytesIO()
	document.save(out)
	return out.getvalue()


def test_a_placeholder_split_over_runs_is_found_and_filled_keeping_the_first_runs_format():
	content = make([["Dear {{ cust", "omer.custo", "mer_name }}, your order {{order.name}}."]])
	assert ph.scan(content).placeholders == ["customer.customer_name", "order.name"]
	filled = ph.fill(content, {"customer.customer_name": "Prairie Telecom LLC", "order.name": "PWO-1"})
	assert ph.document_text(filled) == "Dear Prairie Telecom LLC, your order PWO-1."
	paragraph = docx.Document(io.BytesIO(filled)).paragraphs[0]
	# the value sits in the run where the placeholder started; the other runs lost only their part of it
	assert [r.text for r in paragraph.runs] == ["Dear Prairie Telecom LLC", "", ", your order PWO-1."]
	assert ph.scan(filled).placeholders == []


def test_tables_headers_and_repeated_placeholders_are_filled():
	content = make(
		[["{{ order.name }} and again {{ order.name }}"]],
		table=["{{ customer.customer_name }}", "{{ order.expected_delivery }}"],
		header="Ref {{ order.name }}",
	)
	assert ph.scan(content).placeholders == [
		"customer.customer_name",
		"order.expected_delivery",
		"order.name",
	]
	values = {
		"order.name": "PWO-7",
		"customer.customer_name": "A & B <LLC>",
		"order.expected_delivery": "May 1",
	}
	text = ph.document_text(ph.fill(content, values))
	assert "PWO-7 and again PWO-7" in text
	assert "A & B <LLC>" in text  # text, not markup: the XML stays valid
	assert "May 1" in text
	assert "Ref PWO-7" in text


def test_unknown_fields_and_namespaces_are_refused_at_upload():
	content = make([["{{ customer.customer_name }} {{ customer.shoe_size }} {{ carrier.frn }}"]])
	with pytest.raises(ph.TemplateError) as e:
		ph.validate(content, KNOWN)
	assert e.value.unknown == ["carrier.frn", "customer.shoe_size"]
	assert "shoe_size" in str(e.value)
	assert ph.validate(make([["{{ customer.name }}"]]), KNOWN) == ["customer.name"]


def test_malformed_placeholders_are_refused_not_left_in_a_letter():
	for text in ("{{ customer name }}", "{{customer}}", "Dear {{ customer.customer_name"):
		with pytest.raises(ph.TemplateError) as e:
			ph.validate(make([[text]]), KNOWN)
		assert e.value.malformed, text


def test_filling_without_a_value_fails_instead_of_leaving_a_blank():
	content = make([["{{ customer.customer_name }} {{ order.name }}"]])
	with pytest.raises(ph.TemplateError) as e:
		ph.fill(content, {"customer.customer_name": "X"})
	assert e.value.unknown == ["order.name"]


def test_a_file_that_is_not_a_docx_is_refused():
	with pytest.raises(ph.TemplateError):
		ph.scan(b"%PDF-1.4 not a docx")
