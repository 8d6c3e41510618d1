"""The FCC compliance check as a tool of performancewest_erpnext's MCP server (hook `pw_mcp_tools`): the
same lookup as the public check page, from the locally synced FCC data."""

from typing import Any

from pw_compliance.pw_fcc import lookup
from pw_compliance.pw_fcc.onboarding import clean_frn


def fcc_check(arguments: dict) -> dict[str, Any]:
	frn = clean_frn(arguments.get("frn"))
	return lookup.public(lookup.run(frn))


def tools() -> list[dict]:
	return [
		{
			"name": "fcc_check",
			"description": (
				"Check where a carrier's FCC Registration Number (FRN) stands with the FCC (Form 499, RMD, "
				"CPNI, BDC, CORES ...), from the locally synced public FCC data."
			),
			"inputSchema": {
				"type": "object",
				"properties": {"frn": {"type": "string", "description": "10 digits, leading zeros included"}},
				"required": ["frn"],
			},
			"run": fcc_check,
		}
	]
