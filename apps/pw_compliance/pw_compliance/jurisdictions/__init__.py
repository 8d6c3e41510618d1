"""US and Canadian jurisdictions and state entity obligations: seed data and the due-date rule engine.

Pure Python (no Frappe import): the DocTypes load their seed rows from ``data/`` through ``dataset``.
"""

from pw_compliance.jurisdictions.dataset import (
	find_rule,
	load_entity_rules,
	load_jurisdictions,
	validate_dataset,
	validate_jurisdiction_row,
	validate_rule_row,
)
from pw_compliance.jurisdictions.rules import (
	RULE_KINDS,
	Obligation,
	RuleError,
	describe,
	due_obligations,
	validate_rule,
)

__all__ = [
	"RULE_KINDS",
	"Obligation",
	"RuleError",
	"describe",
	"due_obligations",
	"find_rule",
	"load_entity_rules",
	"load_jurisdictions",
	"validate_dataset",
	"validate_jurisdiction_row",
	"validate_rule",
	"validate_rule_row",
]
