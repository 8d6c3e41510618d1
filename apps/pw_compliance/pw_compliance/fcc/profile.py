"""FRN to calendar: the Carrier Profile values the synced FCC records tell, and the questions they cannot.

The 499 Filer Database gives the filer ID, the communications types (Form 499-A Line 105) and USF
contributor status (de minimis); the RMD gives whether the carrier files there; the check's BDC answers
give the BDC kinds. Entity type, formation state and date and numbering resources are not in any of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Form 499-A Line 105 communications types -> Carrier Profile service kinds (first match wins per type)
COMM_TYPE_KINDS = (
	("non-interconnected voip", "non_interconnected_voip"),
	("interconnected voip", "interconnected_voip"),
	("voip", "interconnected_voip"),
	("clec", "clec"),
	("cap/", "clec"),
	("incumbent", "clec"),
	("local reseller", "clec"),
	("other local", "clec"),
	("coaxial", "clec"),
	("building lec", "clec"),
	("interexchange", "ixc"),
	("ixc", "ixc"),
	("toll reseller", "ixc"),
	("other toll", "ixc"),
	("operator service", "ixc"),
	("prepaid", "ixc"),
	("wireless data", "broadband_provider"),
	("cellular", "wireless_reseller"),
	("pcs", "wireless_reseller"),
	("other mobile", "wireless_reseller"),
	("paging", "wireless_reseller"),
	("wireless", "wireless_reseller"),
)
KIND_FIELDS = (
	"interconnected_voip", "non_interconnected_voip", "clec", "ixc", "wireless_reseller", "broadband_provider",
)  # fmt: skip


def carrier_kinds(comm_type: str | None) -> set[str]:
	"""The service kinds named in a 499 communications type cell (several types are comma- or
	semicolon-separated in exports)."""
	kinds = set()
	for part in (comm_type or "").lower().replace(";", ",").split(","):
		for needle, kind in COMM_TYPE_KINDS:
			if needle in part:
				kinds.add(kind)
				break
	return kinds


def yes_no(value: object) -> bool | None:
	"""True/False from the ways a yes or no arrives (bool, 1/0, "Yes"/"No", "true"); None when unknown."""
	if isinstance(value, bool):
		return value
	text = str(value if value is not None else "").strip().lower()
	if text in ("1", "yes", "y", "true"):
		return True
	if text in ("0", "no", "n", "false"):
		return False
	return None


def rmd_status(rmd: Mapping | None) -> str:
	if not rmd:
		return "Not Filed"
	if rmd.get("removed"):
		return "Removed"
	return "Certified" if rmd.get("last_recertified") else "Filed"


def profile_values(
	frn: str,
	filer: Mapping | None,
	rmd: Mapping | None,
	broadband: bool | None = None,
	voice: bool | None = None,
) -> dict:
	"""Carrier Profile fields from the matched records (and the check's BDC answers)."""
	values: dict[str, Any] = {"frn": frn, "country": "US"}
	if filer:
		values["filer_499_id"] = filer.get("filer_id")
		usf = yes_no(filer.get("usf_contributor"))
		if usf is not None:
			values["de_minimis"] = 0 if usf else 1
		for kind in carrier_kinds(filer.get("comm_type")):
			values[kind] = 1
	values["rmd_status"] = rmd_status(rmd)
	if rmd:
		values["rmd_required"] = "Yes"
	if broadband is not None:
		values["bdc_broadband"] = int(bool(broadband))
		if broadband:
			values["broadband_provider"] = 1
	if voice is not None:
		values["bdc_voice"] = int(bool(voice))
	return values


def open_questions(values: Mapping) -> list[str]:
	"""What the FCC data could not tell, in the order the sign-up form asks it."""
	questions = ["entity_type", "formation_jurisdiction", "formed_on", "holds_numbering"]
	if not any(values.get(k) for k in KIND_FIELDS):
		questions.insert(0, "services")
	if "bdc_broadband" not in values or "bdc_voice" not in values:
		questions.append("bdc")
	return questions
