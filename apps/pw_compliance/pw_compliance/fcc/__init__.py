"""FCC public data and the compliance check, as plain Python (no Frappe import).

- `identifiers`: FRN validation and the legal-name normalisation used for matching.
- `parsers`: the sources' real formats (499 Filer Database export, RMD CSV export, ECFS API JSON,
  the CORES registration detail page), each citing where the format is documented.
- `matching`: FRN first, then 499 Filer ID, then normalised legal name, with the method kept.
- `rules`: the per-area check (CORES, RMD, CPNI, 499-A, 499-Q, BDC) for a given day.
- `profile`: the Carrier Profile values the synced records can tell, and the questions they cannot.
"""
