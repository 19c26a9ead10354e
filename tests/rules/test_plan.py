"""The evaluation plan: rules refer to each other in any acyclic order; a cycle is a named issue.

The shapes below crashed the batch and per-case engines (``KeyError``) while the checker said OK,
and a cycle between flags crashed the checker itself (``RecursionError``). Each runs on all three
engines through the ``outcome`` fixture.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import yaml

from rules import RuleSetError, parse_ruleset
from rules.loading import shipped_rulesets
from rules.plan import Plan
from tests.factories import AS_OF, case, convictions, incident

DEFAULT = yaml.safe_load(shipped_rulesets()["amit-nrw-default"].read_text())


def variant(mutate: Callable[[dict[str, Any]], None]) -> Any:
    doc = copy.deepcopy(DEFAULT)
    mutate(doc)
    return parse_ruleset(doc, source="variant.yaml")


def refused(mutate: Callable[[dict[str, Any]], None]) -> list[Any]:
    doc = copy.deepcopy(DEFAULT)
    mutate(doc)
    with pytest.raises(RuleSetError) as info:
        parse_ruleset(doc, source="variant.yaml")
    return info.value.issues


def criterion(doc: dict[str, Any], rule_id: str) -> dict[str, Any]:
    return next(c for c in doc["criteria"] if c["id"] == rule_id)


def also(body: dict[str, Any], extra: dict[str, Any]) -> None:
    body["when"] = {"all": [body["when"], extra]}


def positions(plan: Plan) -> dict[tuple[str, str], int]:
    return {step.node: i for i, step in enumerate(plan.steps)}


# --- the reported shapes, on every engine -----------------------------------------------------


def test_a_criterion_may_read_a_flag(outcome) -> None:
    ruleset = variant(lambda d: also(criterion(d, "RELEASE_SOON"), {"flag": "ENFORCEABLE"}))
    soon = {"in_custody": True, "release_date": AS_OF + timedelta(days=10)}
    enforceable = outcome(case(**soon), ruleset=ruleset)
    assert "RELEASE_SOON" in enforceable["criteria"] and enforceable["actions"] == ["A_CUSTODY"]
    pending = outcome(case(departure_status="pending", **soon), ruleset=ruleset)
    assert "RELEASE_SOON" not in pending["criteria"] and pending["actions"] == []


def test_a_criterion_may_read_a_blocker(outcome) -> None:
    ruleset = variant(lambda d: also(criterion(d, "SOCIAL"), {"not": {"blocker": "B_ASYLUM"}}))
    social = [incident(f"I{i}", severity=3) for i in range(3)]
    assert outcome(case(incidents=social), ruleset=ruleset)["criteria"] == ["SOCIAL"]
    asylum = outcome(case(incidents=social, asylum_pending=True), ruleset=ruleset)
    assert asylum["criteria"] == [] and asylum["tier"] == "NONE"


def test_a_blocker_may_read_a_flag(outcome) -> None:
    ruleset = variant(lambda d: also(d["blockers"][0], {"flag": "aMIT"}))
    repeat = convictions(3)
    blocked = outcome(case(offences=repeat, asylum_pending=True), ruleset=ruleset)
    assert blocked["blockers"] == ["B_ASYLUM"] and blocked["tier"] == "BLOCKED"
    social = [incident(f"I{i}", severity=3) for i in range(3)]
    no_amit = outcome(case(incidents=social, asylum_pending=True), ruleset=ruleset)
    assert no_amit["blockers"] == [] and no_amit["tier"] == "P2"


def test_a_flag_may_read_a_flag_declared_after_it(outcome) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        also(doc["flags"]["aMIT"], {"flag": "ENFORCEABLE"})

    ruleset = variant(mutate)
    assert list(ruleset.flags) == ["aMIT", "ENFORCEABLE"]  # the file's order is kept
    plan = positions(ruleset.plan)
    assert plan[("flag", "ENFORCEABLE")] < plan[("flag", "aMIT")]
    repeat = convictions(3)
    assert outcome(case(offences=repeat), ruleset=ruleset)["tier"] == "P1"
    # aMIT now needs ENFORCEABLE, so a pending case is no aMIT case and not P2 either
    pending = outcome(case(offences=repeat, departure_status="pending"), ruleset=ruleset)
    assert pending["tier"] == "NONE"


def test_an_action_may_read_a_flag_and_a_criterion_an_action_reads(outcome) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        doc["actions"].insert(0, {"id": "A_FIRST", "title": "x", "when": {"flag": "aMIT"}})
        criterion(doc, "REPEAT")["when"] = {"fact": "repeat_convictions", "ge": 1}

    ruleset = variant(mutate)
    result = outcome(case(offences=convictions(1)), ruleset=ruleset)
    assert result["actions"] == ["A_FIRST"] and result["criteria"] == ["REPEAT"]


# --- the plan itself --------------------------------------------------------------------------


def test_every_step_comes_after_what_it_reads() -> None:
    ruleset = variant(lambda d: also(criterion(d, "SERIOUS"), {"not": {"blocker": "any"}}))
    plan = ruleset.plan
    at = positions(plan)
    for step in plan.steps:
        assert all(at[node] < at[step.node] for node in step.reads), step
    serious = plan.step(("criterion", "SERIOUS"))
    assert {n for n in serious.reads} == {("blocker", b.id) for b in ruleset.blockers}
    assert len(plan.steps) == (
        len(ruleset.criteria) + len(ruleset.blockers) + len(ruleset.flags) + len(ruleset.actions)
    )


def test_facts_are_planned_after_the_facts_they_combine() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        facts = doc["facts"]
        doc["facts"] = {"first": {"sum_of": ["latest_event", "open_proceedings"]}, **facts}

    ruleset = variant(mutate)
    order = ruleset.plan.facts
    assert order.index("latest_event") < order.index("first")
    assert order.index("latest_offence") < order.index("latest_event")


def test_the_shipped_plan_decides_flags_after_the_criteria_they_read() -> None:
    plan = variant(lambda d: None).plan
    at = positions(plan)
    assert at[("criterion", "SERIOUS")] < at[("flag", "aMIT")]
    assert at[("criterion", "RELEASE_SOON")] < at[("action", "A_CUSTODY")]


# --- cycles are issues, never exceptions ------------------------------------------------------


def test_a_cycle_between_flags_is_a_named_issue() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        also(doc["flags"]["aMIT"], {"flag": "ENFORCEABLE"})
        also(doc["flags"]["ENFORCEABLE"], {"not": {"flag": "aMIT"}})

    issues = refused(mutate)
    assert len(issues) == 1
    issue = issues[0]
    assert issue.source == "variant.yaml"
    assert (issue.rule_id, issue.key) == ("aMIT", "flags.aMIT.when")
    assert issue.code == "rulecheck.cycle.rules"
    assert issue.values == {
        "chain": "aMIT → ENFORCEABLE → aMIT",
        "keys": "flags.aMIT.when, flags.ENFORCEABLE.when",
    }
    assert issue.message() == (
        "Regeln verweisen im Kreis aufeinander: aMIT → ENFORCEABLE → aMIT "
        "(bei flags.aMIT.when, flags.ENFORCEABLE.when)"
    )


def test_a_cycle_through_criterion_blocker_and_flag_names_every_rule() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        also(criterion(doc, "SERIOUS"), {"not": {"blocker": "any"}})
        also(doc["blockers"][2], {"flag": "aMIT"})  # B_MINOR reads aMIT, which reads SERIOUS

    (issue,) = refused(mutate)
    assert issue.code == "rulecheck.cycle.rules"
    for name in ("SERIOUS", "B_MINOR", "aMIT"):
        assert name in issue.values["chain"]
    for key in ("blockers.B_MINOR.when", "criteria.SERIOUS.when", "flags.aMIT.when"):
        assert key in str(issue.values["keys"])


def test_a_flag_reading_itself_is_a_cycle() -> None:
    (issue,) = refused(lambda d: also(d["flags"]["ENFORCEABLE"], {"flag": "ENFORCEABLE"}))
    assert issue.rule_id == "ENFORCEABLE" and issue.values["chain"] == "ENFORCEABLE → ENFORCEABLE"


def test_a_fact_cycle_is_a_named_issue() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        doc["facts"]["a"] = {"max_of": ["b"]}
        doc["facts"]["b"] = {"max_of": ["a"]}

    (issue,) = refused(mutate)
    assert issue.key == "facts.a" and issue.code == "rulecheck.cycle.facts"
    assert issue.message("en") == (
        "derived facts refer to each other in a cycle: a → b → a (at facts.a, facts.b)"
    )


def test_two_cycles_are_two_issues() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        also(doc["flags"]["aMIT"], {"flag": "ENFORCEABLE"})
        also(doc["flags"]["ENFORCEABLE"], {"flag": "aMIT"})
        also(criterion(doc, "SOCIAL"), {"not": {"blocker": "B_BAN"}})
        also(doc["blockers"][1], {"criterion": "SOCIAL"})

    issues = refused(mutate)
    assert len(issues) == 2 and all(i.code == "rulecheck.cycle.rules" for i in issues)
