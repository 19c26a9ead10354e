"""Declarative aMIT rules: the rule language, its two engines, ranking and explanations."""

from rules.errors import ParameterError, RuleIssue, RuleSetError
from rules.language import RuleSet
from rules.loading import (
    DEFAULT_RULESET,
    load_ruleset,
    parse_ruleset,
    parse_ruleset_text,
    shipped_rulesets,
)
from rules.parameters import with_parameters

__all__ = [
    "DEFAULT_RULESET",
    "ParameterError",
    "RuleIssue",
    "RuleSet",
    "RuleSetError",
    "load_ruleset",
    "parse_ruleset",
    "parse_ruleset_text",
    "shipped_rulesets",
    "with_parameters",
]
