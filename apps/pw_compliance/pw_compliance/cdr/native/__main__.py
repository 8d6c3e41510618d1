"""Build the CDR study's number reader ahead of its first use: `python -m pw_compliance.cdr.native`
(scripts/setup.sh and the production image run it). Prints the extension's path once it has loaded and
read a number."""

from pw_compliance.cdr import analysis, native

if __name__ == "__main__":
	con = analysis.connect()
	if con.execute("SELECT pw_cdr_code('+1 212 555 0100')").fetchone()[0] != 212:
		raise SystemExit("pw_cdr loaded but misread +1 212 555 0100")
	print(native.extension_path(con.execute("PRAGMA platform").fetchone()[0]))
