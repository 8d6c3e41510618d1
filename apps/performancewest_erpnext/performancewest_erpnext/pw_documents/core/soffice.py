"""DOCX → PDF with LibreOffice headless (no Frappe import).

Each conversion runs `soffice --headless --convert-to pdf` in its own process group with a profile
directory of its own (`-env:UserInstallation`), so parallel conversions never share LibreOffice's user
profile and lock file. A run that outlives its timeout is killed with its whole process group (soffice
starts `soffice.bin` as a child). The PDF is written into a private temporary directory, checked, and
only then moved to its destination with an atomic rename: a reader never sees a half-written file.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

# The command that starts LibreOffice; a test (or a site with LibreOffice elsewhere) replaces it.
SOFFICE: list[str] = ["soffice"]


class ConversionError(RuntimeError):
	pass


class ConversionTimeout(ConversionError):
	pass


def _kill_group(process: subprocess.Popen) -> None:
	try:
		os.killpg(process.pid, signal.SIGKILL)
	except ProcessLookupError:
		pass
	try:
		process.wait(timeout=10)
	except subprocess.TimeoutExpired:
		pass


def is_pdf(path: Path) -> bool:
	try:
		with open(path, "rb") as f:
			head = f.read(5)
			f.seek(0, os.SEEK_END)
			size = f.tell()
			f.seek(max(size - 1024, 0))
			tail = f.read()
	except OSError:
		return False
	return head == b"%PDF-" and b"%%EOF" in tail


def convert(
	source: Path,
	destination: Path,
	timeout: float = 120,
	command: Sequence[str] | None = None,
	profile_root: Path | None = None,
) -> Path:
	"""Convert `source` (DOCX) to the PDF `destination`. Raises ConversionTimeout (the process group was
	killed) or ConversionError; `destination` is then untouched."""
	source, destination = Path(source), Path(destination)
	command = list(command or SOFFICE)
	work = Path(tempfile.mkdtemp(prefix="pw-soffice-", dir=profile_root))
	try:
		profile = work / "profile"
		outdir = work / "out"
		outdir.mkdir()
		args = [
			*command,
			f"-env:UserInstallation={profile.as_uri()}",
			"--headless",
			"--norestore",
			"--nolockcheck",
			"--convert-to",
			"pdf:writer_pdf_Export",
			"--outdir",
			str(outdir),
			str(source),
		]
		process = subprocess.Popen(
			args,
			stdin=subprocess.DEVNULL,
			stdout=subprocess.PIPE,
			stderr=subprocess.STDOUT,
			start_new_session=True,  # its own process group, killed as a whole on timeout
			env={**os.environ, "HOME": str(work)},
		)
		try:
			output, _err = process.communicate(timeout=timeout)
		except subprocess.TimeoutExpired:
			_kill_group(process)
			raise ConversionTimeout(f"LibreOffice did not finish within {timeout:g} s and was killed.")
		finally:
			# soffice may leave helpers behind in its group even after a normal exit
			if process.returncode is not None:
				try:
					os.killpg(process.pid, signal.SIGKILL)
				except (ProcessLookupError, PermissionError):
					pass
		produced = outdir / (source.stem + ".pdf")
		text = (output or b"").decode(errors="replace").strip()
		if process.returncode != 0 or not produced.exists():
			raise ConversionError(
				f"LibreOffice exited with {process.returncode} and no PDF: {text[-500:] or 'no output'}"
			)
		if not is_pdf(produced):
			raise ConversionError("LibreOffice produced a file that is not a complete PDF.")
		destination.parent.mkdir(parents=True, exist_ok=True)
		partial = destination.with_name(f".tmp_{uuid.uuid4().hex}_{destination.name}")
		shutil.move(str(produced), partial)  # same file system as the destination from here on
		os.replace(partial, destination)
		return destination
	finally:
		shutil.rmtree(work, ignore_errors=True)


def convert_bytes(
	docx: bytes, timeout: float = 120, command: Sequence[str] | None = None, name: str = "document"
) -> bytes:
	"""Convenience: DOCX bytes in, PDF bytes out (through a temporary directory)."""
	with tempfile.TemporaryDirectory(prefix="pw-convert-") as tmp:
		source = Path(tmp) / f"{name}.docx"
		source.write_bytes(docx)
		target = convert(source, Path(tmp) / f"{name}.pdf", timeout=timeout, command=command)
		return target.read_bytes()


def convert_with_retries(
	docx: bytes,
	timeout: float,
	retries: int,
	command: Sequence[str] | None = None,
	pause: float = 1.0,
	on_failure=None,
) -> bytes:
	"""Up to `retries` more attempts after a failed or timed-out one; `on_failure(attempt, error)` is
	told about each failure. Raises the last error when every attempt failed."""
	last: Exception | None = None
	for attempt in range(1, retries + 2):
		try:
			return convert_bytes(docx, timeout=timeout, command=command)
		except ConversionError as e:
			last = e
			if on_failure:
				on_failure(attempt, e)
			if attempt <= retries:
				time.sleep(pause)
	assert last is not None
	raise last
