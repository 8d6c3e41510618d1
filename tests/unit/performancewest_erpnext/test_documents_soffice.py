"""LibreOffice conversion runner: a hanging converter is killed with its whole process group, a failed
attempt is retried, and a destination is never half-written (pw_documents.core.soffice, no Frappe: the
converter is replaced by small scripts standing in for soffice)."""

import os
import stat
import time
from pathlib import Path

import pytest
from performancewest_erpnext.pw_documents.core import pdfs, soffice

PDF = pdfs.simple_pdf("Converted")


def script(tmp_path: Path, name: str, body: str) -> list[str]:
	path = tmp_path / name
	path.write_text("#!/bin/sh\n" + body)
	path.chmod(path.stat().st_mode | stat.S_IEXEC)
	return [str(path)]


def fake_soffice(tmp_path: Path) -> list[str]:
	"""Writes <outdir>/<stem>.pdf like soffice --convert-to pdf --outdir DIR FILE does."""
	(tmp_path / "out.pdf").write_bytes(PDF)
	return script(
		tmp_path,
		"fake-soffice",
		'for a in "$@"; do prev="$last"; last="$a"; [ "$prev" = "--outdir" ] && outdir="$a"; done\n'
		'stem=$(basename "$last" .docx)\n'
		f'cp {tmp_path}/out.pdf "$outdir/$stem.pdf"\n',
	)


def alive(pid: int) -> bool:
	try:
		os.kill(pid, 0)
	except ProcessLookupError:
		return False
	# a killed child not yet reaped by init shows as a zombie
	status = Path(f"/proc/{pid}/stat")
	return status.exists() and status.read_text().split()[2] != "Z"


def test_a_hanging_conversion_and_its_children_are_killed_at_the_timeout(tmp_path):
	pids = tmp_path / "pids"
	command = script(tmp_path, "hang", f"sleep 300 & echo $! >> {pids}\necho $$ >> {pids}\nwait\n")
	started = time.monotonic()
	with pytest.raises(soffice.ConversionTimeout):
		soffice.convert_bytes(b"docx", timeout=1, command=command)
	assert time.monotonic() - started < 10
	recorded = [int(p) for p in pids.read_text().split()]
	assert len(recorded) == 2
	time.sleep(0.2)
	assert not any(alive(pid) for pid in recorded)


def test_a_failed_attempt_is_retried_and_the_next_one_succeeds(tmp_path):
	counter = tmp_path / "attempts"
	real = fake_soffice(tmp_path)[0]
	command = script(
		tmp_path,
		"flaky",
		f'echo x >> {counter}\nif [ $(wc -l < {counter}) -lt 2 ]; then sleep 300; fi\nexec {real} "$@"\n',
	)
	failures = []
	pdf = soffice.convert_with_retries(
		b"docx",
		timeout=1,
		retries=2,
		command=command,
		pause=0,
		on_failure=lambda n, e: failures.append((n, e)),
	)
	assert pdf == PDF
	assert [n for n, _e in failures] == [1] and isinstance(failures[0][1], soffice.ConversionTimeout)


def test_every_attempt_failing_raises_the_last_error(tmp_path):
	command = script(tmp_path, "broken", "echo 'Error: source file could not be loaded' >&2\nexit 1\n")
	with pytest.raises(soffice.ConversionError, match="could not be loaded"):
		soffice.convert_with_retries(b"docx", timeout=5, retries=1, command=command, pause=0)


def test_the_destination_only_appears_complete(tmp_path):
	destination = tmp_path / "final" / "letter.pdf"
	source = tmp_path / "letter.docx"
	source.write_bytes(b"docx")
	truncated = script(
		tmp_path,
		"truncated",
		'for a in "$@"; do prev="$last"; last="$a"; [ "$prev" = "--outdir" ] && outdir="$a"; done\n'
		'printf "%%PDF-1.4 half a file" > "$outdir/letter.pdf"\n',
	)
	with pytest.raises(soffice.ConversionError, match="not a complete PDF"):
		soffice.convert(source, destination, timeout=5, command=truncated)
	assert not destination.exists()
	assert soffice.convert(source, destination, timeout=5, command=fake_soffice(tmp_path)) == destination
	assert destination.read_bytes() == PDF
	assert [p.name for p in destination.parent.iterdir()] == ["letter.pdf"]  # no temporary file left
