"""SPEC §3 queue order and the worked example of SPEC §4."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from cases.validation import validate_records
from tests.factories import case, convictions, incident, months_ago, offence

EXAMPLES = Path(__file__).parents[1] / "fixtures" / "examples.jsonl"


def load_examples():
    return validate_records([json.loads(line) for line in EXAMPLES.read_text().splitlines()])


def test_worked_example(queue):
    rows = queue(load_examples(), as_of=date(2026, 11, 23))
    assert [
        (r["case_id"], r["tier"], r["score"], r["criteria"], r["blockers"], r["actions"])
        for r in rows
    ] == [
        ("EX-1", "P1", 55, ["VIOLENT", "REPEAT"], [], ["A_DOCUMENTS"]),
        ("EX-2", "P3", 15, ["SOCIAL"], [], []),
        ("EX-3", "BLOCKED", 40, ["SERIOUS"], ["B_ASYLUM"], ["A_DOCUMENTS", "A_PROSECUTOR"]),
    ]


def test_tier_before_score(queue):
    p1 = case("A", offences=convictions(3))  # P1, 25 points
    p2 = case(
        "B", offences=[offence(sentence=30, category="robbery")], departure_status="pending"
    )  # P2, 70 points
    assert [r["case_id"] for r in queue([p2, p1])] == ["A", "B"]


def test_score_descending_within_tier(queue):
    low = case("LOW", offences=convictions(3))
    high = case("HIGH", offences=[*convictions(3), offence("V", category="robbery", sentence=12)])
    assert [r["case_id"] for r in queue([low, high])] == ["HIGH", "LOW"]


def test_most_recent_event_first_then_cases_without_events_last(queue):
    older = case("OLD", incidents=[incident(severity=3, when=months_ago(6))])
    newer = case("NEW", incidents=[incident(severity=3, when=months_ago(1))])
    none_a = case("N-A")
    none_b = case("N-B", offences=[offence(status="dismissed", sentence=None)])
    ids = [r["case_id"] for r in queue([none_b, older, none_a, newer])]
    assert ids[:2] == ["NEW", "OLD"]
    assert set(ids[2:]) == {"N-A", "N-B"}


def test_dismissed_offence_is_no_event_for_ordering(queue):
    with_dismissed = case(
        "D",
        offences=[offence(status="dismissed", sentence=None, when=months_ago(0))],
        received_on=date(2026, 1, 2),
    )
    plain = case("P", received_on=date(2026, 1, 1))
    assert [r["case_id"] for r in queue([with_dismissed, plain])] == ["P", "D"]


def test_received_on_then_case_id_break_ties(queue):
    a = case("B-2", received_on=date(2026, 3, 1))
    b = case("B-1", received_on=date(2026, 3, 1))
    c = case("A-9", received_on=date(2026, 4, 1))
    assert [r["case_id"] for r in queue([c, a, b])] == ["B-1", "B-2", "A-9"]
