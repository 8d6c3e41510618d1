"""Which synced records belong to an FRN: FRN first, then 499 Filer ID, then normalised legal name.

The database side (pw_fcc.check) fetches candidates in two rounds: everything keyed by the FRN, then, with
`second_round_keys`, whatever names and filer IDs those records reveal. `match` picks per source and keeps
how each was found, so the page can say "matched by legal name" where that is all we had.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

METHOD_LABELS = {"frn": "FRN", "filer_id": "499 Filer ID", "legal_name": "Legal name"}
MIN_NAME_LENGTH = 4  # a normalised name shorter than this ("A B") matches too much to trust


@dataclass
class Match:
	record: Mapping | None = None
	method: str | None = None
	records: list[Mapping] = field(default_factory=list)

	@property
	def found(self) -> bool:
		return self.record is not None

	@property
	def method_label(self) -> str | None:
		return METHOD_LABELS.get(self.method or "")


@dataclass
class Candidates:
	filers: list[Mapping] = field(default_factory=list)  # FCC Filer rows with this FRN
	rmd: list[Mapping] = field(default_factory=list)
	cpni: list[Mapping] = field(default_factory=list)
	cores: list[Mapping] = field(default_factory=list)
	filers_by_name: list[Mapping] = field(default_factory=list)
	rmd_by_name: list[Mapping] = field(default_factory=list)
	cpni_by_filer_id: list[Mapping] = field(default_factory=list)
	cpni_by_name: list[Mapping] = field(default_factory=list)


@dataclass
class Matched:
	frn: str
	filer: Match
	rmd: Match
	cpni: Match
	cores: Match

	@property
	def anything(self) -> bool:
		return any(m.found for m in (self.filer, self.rmd, self.cpni)) or (
			self.cores.found and self.cores.record.get("status") == "Registered"
		)

	@property
	def legal_name(self) -> str | None:
		for match, fieldname in (
			(self.filer, "legal_name"), (self.cores, "entity_name"), (self.rmd, "business_name"), (self.cpni, "filer_name"),
		):  # fmt: skip
			if match.found and match.record.get(fieldname):
				return match.record[fieldname]
		return None


def _usable(names: Iterable[str | None]) -> set[str]:
	return {n for n in names if n and len(n) >= MIN_NAME_LENGTH}


def names_of(c: Candidates, filers: Iterable[Mapping] = ()) -> set[str]:
	"""Normalised names the FRN's own records give (legal, DBA, RMD business name, CORES entity)."""
	found: list[str | None] = []
	for f in [*c.filers, *filers]:
		found += [f.get("legal_name_norm"), f.get("dba_name_norm")]
	found += [r.get("business_name_norm") for r in c.rmd]
	found += [r.get("entity_name_norm") for r in c.cores if r.get("status") == "Registered"]
	return _usable(found)


def second_round_keys(c: Candidates) -> tuple[set[str], set[str]]:
	"""(names, filer IDs) to look up when the FRN alone did not find every source."""
	return names_of(c), {f["filer_id"] for f in c.filers if f.get("filer_id")}


def _latest(rows: list[Mapping], *fields: str) -> Mapping:
	return max(rows, key=lambda r: tuple(r.get(f) or date.min for f in fields))


def _unique(rows: list[Mapping], key: str) -> list[Mapping]:
	"""The rows if they are all one entity (same key), else none: an ambiguous name is no match."""
	return rows if len({r.get(key) for r in rows}) == 1 else []


def match(frn: str, c: Candidates) -> Matched:
	# the filer: by FRN (its latest filing), else the one filer whose legal or DBA name is the FRN's name
	if c.filers:
		filer = Match(_latest(c.filers, "last_filed"), "frn", list(c.filers))
	else:
		names = names_of(c)
		rows = _unique(
			[
				f
				for f in c.filers_by_name
				if f.get("legal_name_norm") in names or f.get("dba_name_norm") in names
			],
			"filer_id",
		)
		filer = Match(_latest(rows, "last_filed"), "legal_name", rows) if rows else Match()

	names = names_of(c, filer.records)
	if c.rmd:
		listed = [r for r in c.rmd if not r.get("removed")] or c.rmd
		rmd = Match(_latest(listed, "last_recertified", "date_of_filing"), "frn", list(c.rmd))
	else:
		rows = _unique([r for r in c.rmd_by_name if r.get("business_name_norm") in names], "rmd_number")
		rmd = Match(rows[0], "legal_name", rows) if rows else Match()

	# CPNI: every certification found by FRN, by the filer's 499 ID or by name; the method shown is the
	# one that found the latest certification
	filer_id = filer.record.get("filer_id") if filer.found else None
	found: dict[str, tuple[Mapping, str]] = {}
	for rows, method in (
		(c.cpni, "frn"),
		([r for r in c.cpni_by_filer_id if filer_id and r.get("filer_499_id") == filer_id], "filer_id"),
		([r for r in c.cpni_by_name if r.get("filer_name_norm") in names], "legal_name"),
	):
		for r in rows:
			found.setdefault(r.get("filing_id") or id(r), (r, method))
	ranked = sorted(
		found.values(),
		key=lambda rm: (rm[0].get("year_certified") or 0, rm[0].get("date_received") or date.min),
		reverse=True,
	)
	cpni = Match(ranked[0][0], ranked[0][1], [r for r, _m in ranked]) if ranked else Match()

	cores = Match(c.cores[0], "frn", list(c.cores)) if c.cores else Match()
	return Matched(frn=frn, filer=filer, rmd=rmd, cpni=cpni, cores=cores)
