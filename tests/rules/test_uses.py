"""What generic code reads from a rule set is declared in its file and checked at load time.

Nothing outside ``rules/sets/*.yaml`` knows a tier, fact or parameter of the shipped rule set
by name: the priority tiers, the date fact shown as the latest event and the counterfactual
changes are declared (``queue:``, ``counterfactuals:``). A rule set with other ids works the same.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

import pytest
import yaml

from cases.frames import frames_from_cases
from cases.io import load_cases
from rules import RuleSetError, load_ruleset, parse_ruleset
from rules.counterfactuals import counterfactuals
from rules.engines import rank_with
from rules.loading import shipped_rulesets
from tests.factories import AS_OF, case, convictions

TEXT = shipped_rulesets()["amit-nrw-default"].read_text(encoding="utf-8")
DEFAULT = yaml.safe_load(TEXT)


def refused(mutate) -> list[Any]:  # type: ignore[no-untyped-def]
    doc = copy.deepcopy(DEFAULT)
    mutate(doc)
    with pytest.raises(RuleSetError) as info:
        parse_ruleset(doc, source="uses.yaml")
    return info.value.issues


def test_the_shipped_rule_set_declares_what_generic_code_reads() -> None:
    rs = load_ruleset()
    assert rs.queue.priority == ("P1", "P2") and rs.priority_tiers() == ("P1", "P2")
    assert rs.queue.latest_event == "latest_event"
    assert rs.counterfactuals.fields == (
        "departure_status",
        "asylum_pending",
        "deportation_ban",
        "toleration_reason",
    )


def test_an_unknown_priority_tier_is_named_with_a_suggestion() -> None:
    (issue,) = refused(lambda d: d["queue"].update(priority=["P1", "P22"]))
    assert issue.key == "queue.priority" and issue.code == "rulecheck.unknown.tier"
    assert issue.message() == "unbekannte Stufe" and issue.message("en") == "unknown tier"
    assert issue.found == "P22" and issue.suggestion in ("P2", "P1")


def test_the_latest_event_must_be_a_date_fact() -> None:
    (issue,) = refused(lambda d: d["queue"].update(latest_event="open_proceedings"))
    assert issue.key == "queue.latest_event" and issue.code == "rulecheck.latest_event_date"


def test_counterfactual_fields_are_case_fields_with_values_to_try() -> None:
    issues = refused(
        lambda d: d["counterfactuals"].update(fields=["nationality", "release_date", "depature"])
    )
    codes = {i.found or "": i.code for i in issues}
    assert any(i.code == "rulecheck.audit_only" for i in issues)
    assert codes["release_date"] == "rulecheck.counterfactual_field"
    assert next(i for i in issues if i.found == "depature").suggestion == "departure_status"


def test_without_a_declaration_asking_for_priority_tiers_is_a_named_issue() -> None:
    doc = copy.deepcopy(DEFAULT)
    del doc["queue"]
    rs = parse_ruleset(doc, source="bare.yaml")
    assert rs.queue.latest_event is None
    with pytest.raises(RuleSetError) as info:
        rs.priority_tiers()
    assert info.value.issues[0].key == "queue.priority"
    frame = rank_with("batch", frames_from_cases([case()]), rs, AS_OF)
    assert "latest_event" not in frame  # nothing to show: no fact is declared for it


def _renamed() -> Any:
    """The shipped rule set with every tier, fact and parameter renamed."""
    text = TEXT
    for old, new in {
        r"\bP1\b": "HIGH",
        r"\bP2\b": "MIDDLE",
        r"\blatest_event\b": "most_recent",
        r"\bserious_sentence_months\b": "grave_months",
        r"\bsocial_min_severity\b": "least_severity",
    }.items():
        text = re.sub(old, new, text)
    text = text.replace("most_recent: most_recent", "latest_event: most_recent")  # the key stays
    return parse_ruleset(yaml.safe_load(text), source="renamed.yaml")


def test_a_rule_set_with_other_ids_works_everywhere() -> None:
    from policy.simulation import simulate

    rs = _renamed()
    assert rs.queue.priority == ("HIGH", "MIDDLE")
    subject = case(offences=convictions(3))
    cases = [subject, case("T-2")]
    frames = frames_from_cases(cases)
    for engine in ("batch", "durable"):
        queue = rank_with(engine, frames, rs, AS_OF)
        assert list(queue["tier"]) == ["HIGH", "NONE"]
        assert queue["latest_event"].iloc[0] == subject.offences[-1].date.isoformat()
        assert queue["latest_event"].iloc[1] is None
    result = simulate(frames, rs, rs, AS_OF, capacity={})
    assert result.selected_tiers == ("HIGH", "MIDDLE")
    moves = counterfactuals(case(offences=convictions(3), departure_status="pending"), rs, AS_OF)
    assert any(m.to_tier == "HIGH" for m in moves)


def test_the_worked_example_still_ranks_by_the_declared_latest_event() -> None:
    from pathlib import Path

    examples = Path(__file__).parents[1] / "fixtures" / "examples.jsonl"
    cases = load_cases(examples, today=date(2026, 11, 23))
    queue = rank_with("batch", frames_from_cases(cases), _renamed(), date(2026, 11, 23))
    assert list(queue["case_id"]) == ["EX-1", "EX-2", "EX-3"]
