"""The CDR study's number reader, `pw_cdr.c`, compiled into a DuckDB extension and loaded into each study's
connection (pw_compliance.cdr.analysis.connect).

Reading each calling and called number with DuckDB's own functions (a number cast, a CASE over its length
and value, a regex for the rest) cost more than DuckDB's whole scan of the file; the extension reads a
number in one pass over its bytes. It is built from the source here with the machine's C compiler
against DuckDB's stable C API (v1.2.0, headers in `duckdb_capi/`), once per source and platform: the file
is kept in a folder named by a digest of what it was built from, so a changed source is built again and
never mixed up with an old build. `scripts/setup.sh` and the production image build it ahead
(`python -m pw_compliance.cdr.native`); a worker that finds none builds it on first use.

The extension is not signed: the study's own connection is opened with allow_unsigned_extensions, and
loads this file only, from this folder.
"""

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
SOURCE = HERE / "pw_cdr.c"  # it includes duckdb_capi/duckdb_extension.h from this folder
C_API_VERSION = "v1.2.0"  # the version pw_cdr.c asks for (DUCKDB_EXTENSION_API_VERSION_*)
FLAGS = ("-O2", "-shared", "-fPIC", "-fvisibility=hidden", "-std=c99", "-Wall", "-Werror")
# DuckDB reads an extension's last 512 bytes: eight fields of 32 bytes, last field first, then a
# signature of 256 (extension_load.cpp, ParseExtensionMetaData)
FIELD, SIGNATURE = 32, 256


class BuildError(Exception):
	"""The extension could not be built (no C compiler, or the compiler refused the source)."""


def build_dir() -> Path:
	"""Where the built extension is kept: PW_CDR_BUILD_DIR, else `build/` beside the source."""
	return Path(os.environ.get("PW_CDR_BUILD_DIR") or HERE / "build")


def defines() -> list[str]:
	"""The study's end codes, passed to the compiler: pw_cdr.c has no copy of them."""
	from pw_compliance.cdr.analysis import INTL_BASE, NOT_A_NUMBER

	return [f"-DINTL_BASE=({INTL_BASE})", f"-DNOT_A_NUMBER=({NOT_A_NUMBER})"]


def extension_path(platform: str) -> Path:
	digest = hashlib.sha256()
	for part in (SOURCE.read_bytes(), platform.encode(), " ".join([*FLAGS, *defines()]).encode()):
		digest.update(part)
	# DuckDB calls the file's <name>_init_c_api: the name stays pw_cdr, the folder tells the builds apart
	return build_dir() / f"{platform}-{digest.hexdigest()[:16]}" / "pw_cdr.duckdb_extension"


def footer(platform: str) -> bytes:
	"""DuckDB's extension metadata: magic "4", the platform, the C API version and the ABI (C_STRUCT)."""
	fields = ["4", platform, C_API_VERSION, "pw_cdr", "C_STRUCT", "", "", ""]  # first field last
	for value in fields:
		if len(value.encode()) > FIELD:
			raise BuildError(f"Extension metadata field too long: {value!r}")
	return b"".join(v.encode().ljust(FIELD, b"\0") for v in reversed(fields)) + b"\0" * SIGNATURE


def compiler() -> str:
	found = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
	if not found:
		raise BuildError(
			"No C compiler found (cc, gcc or clang; or set CC): the CDR study's number reader is built from "
			f"{SOURCE} on first use. Install one (Debian: build-essential) or build it where one is "
			"installed with `python -m pw_compliance.cdr.native`."
		)
	return found


def build(platform: str) -> Path:
	"""The extension for DuckDB's `platform` (PRAGMA platform), built unless it already is. Written to a
	temporary file and renamed into place, so that two workers building at once both end with a whole
	file."""
	path = extension_path(platform)
	if path.exists():
		return path
	path.parent.mkdir(parents=True, exist_ok=True)
	handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".pw_cdr-", suffix=".tmp")
	os.close(handle)
	try:
		command = [compiler(), *FLAGS, *defines(), f"-I{HERE}", "-o", temporary, str(SOURCE)]
		try:
			done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
		except (OSError, subprocess.TimeoutExpired) as e:
			raise BuildError(f"Could not run the C compiler ({' '.join(command)}): {e}") from e
		if done.returncode:
			raise BuildError(f"The C compiler refused {SOURCE.name}:\n{done.stderr.strip()}")
		with open(temporary, "ab") as f:
			f.write(footer(platform))
		os.replace(temporary, path)
	finally:
		if os.path.exists(temporary):
			os.unlink(temporary)
	for old in path.parent.parent.glob(f"{platform}-*/pw_cdr.duckdb_extension"):
		if old != path:  # built from an earlier source
			shutil.rmtree(old.parent, ignore_errors=True)
	return path


def load(con: Any) -> Path:
	"""Build if needed and load the extension into `con` (opened with allow_unsigned_extensions)."""
	path = build(con.execute("PRAGMA platform").fetchone()[0])
	con.execute(f"LOAD '{str(path).replace(chr(39), chr(39) * 2)}'")
	return path
