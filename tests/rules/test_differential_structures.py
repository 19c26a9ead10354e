"""Three engines, one meaning -- over rule sets of every shape, not only the shipped one.

Hypothesis draws whole rule sets (:mod:`tests.ruleset_strategies`): facts, criteria, blockers,
flags and actions that refer to each other in any acyclic order, tiers in any order, parameters
and queue orders, and edge cases for them. Every rule set the checker accepts must rank
identically on the batch engine, the per-case engine and durable_rules (tier, score, criteria,
blockers, actions and the order of the queue); every rule set it refuses is refused with named
issues (file, key, message), never with another exception.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rules import RuleSet, RuleSetError, parse_ruleset
from tests.rules.conftest import assert_engines_agree
from tests.ruleset_strategies import ruleset_documents
from tests.strategies import EDGE_AS_OF, caseloads

_SLOW_DRAWS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


def _checked(document: dict[str, Any]) -> RuleSet | None:
    """The rule set, or None after making sure the refusal names every issue."""
    try:
        return parse_ruleset(document, source="drawn.yaml")
    except RuleSetError as error:
        assert error.issues
        for issue in error.issues:
            assert (
                issue.source == "drawn.yaml" and issue.key and issue.code.startswith("rulecheck.")
            )
        event(f"refused: {error.issues[0].code}")
        return None


@settings(max_examples=60, deadline=None, suppress_health_check=_SLOW_DRAWS)
@given(document=ruleset_documents(), as_of=st.sampled_from(EDGE_AS_OF), data=st.data())
def test_engines_agree_on_drawn_rule_sets(
    document: dict[str, Any], as_of: date, data: st.DataObject
) -> None:
    ruleset = _checked(document)
    if ruleset is None:
        return
    event("accepted")
    kinds = {(step.kind, node[0]) for step in ruleset.plan.steps for node in step.reads}
    for reader, read in sorted(kinds):
        event(f"{reader} reads {read}")
    cases = data.draw(caseloads(as_of, max_size=8))
    queue = assert_engines_agree(cases, ruleset, as_of)
    event(f"tiers in the queue: {queue['tier'].nunique()}")


@settings(max_examples=40, deadline=None, suppress_health_check=_SLOW_DRAWS)
@given(document=ruleset_documents(cycle=True))
def test_a_drawn_cycle_is_refused_with_a_named_issue(document: dict[str, Any]) -> None:
    try:
        parse_ruleset(document, source="drawn.yaml")
    except RuleSetError as error:
        cycles = [i for i in error.issues if i.code.startswith("rulecheck.cycle.")]
        assert cycles, error.issues
        for issue in cycles:
            assert issue.source == "drawn.yaml" and issue.rule_id and issue.key.endswith(".when")
    else:
        raise AssertionError("a rule set with a cycle was accepted")
