"""Events: apply one change to one case, re-evaluate on durable_rules, report what changed."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from cases.io import load_cases
from rules import load_ruleset
from rules.durable import engine_for
from rules.events import (
    EventError,
    EventInputError,
    apply_event,
    diff,
    parse_event,
    parse_events,
    replay,
    replay_file,
)
from tests.factories import AS_OF, case, convictions, offence

RULES = load_ruleset()
EXAMPLES = Path(__file__).parents[2] / "examples"
EXAMPLE_AS_OF = date(2026, 11, 23)
#: What ``triage replay examples/cases.jsonl examples/events.jsonl --as-of 2026-11-23`` prints
#: (also shown in docs/event-path.md).
EXAMPLE_OUTPUT = """\
R-0000015: P2 -> P1 (ENFORCEABLE)
R-0000118: NONE -> P1 (aMIT, REPEAT, not A_PROSECUTOR)
R-0000109: BLOCKED -> P2 (not B_ASYLUM)
R-0000109: P2 -> P1 (ENFORCEABLE)
R-0000137: NONE -> P2 (SOCIAL)
R-0000155: NONE -> P2 (SOCIAL)
R-0000003: NONE, score 0 -> 10 (RELEASE_SOON, A_CUSTODY)
R-0000003: NONE unchanged
R-0000005: NONE (A_PROSECUTOR)
R-0000005: NONE (not A_PROSECUTOR)
R-0000006: P1 -> BLOCKED (B_TOLERATION)
R-0000006: BLOCKED (not A_DOCUMENTS)
R-0000006: BLOCKED -> P1 (not B_TOLERATION)
"""


def event(**fields: Any) -> Any:
    return parse_event({"case_id": "R-000123", **fields})


def change_of(before_case: Any, raw_event: dict[str, Any]) -> Any:
    ev = parse_event({"case_id": before_case.case_id, **raw_event})
    after_case = apply_event(before_case, ev, as_of=AS_OF)
    engine = engine_for(RULES)
    return diff(
        engine.evaluate_case(before_case, AS_OF), engine.evaluate_case(after_case, AS_OF), ev
    )


# --- each kind of event ------------------------------------------------------------------------
#: What the command prints: the same changes in words (the ids stay in --format jsonl).
CLI_OUTPUT = (
    "R-0000015: Priorität 2 → Priorität 1 – neu: „vollziehbar ausreisepflichtig“\n"
    "R-0000118: Kein aMIT-Fall → Priorität 1 – neu: „aMIT-Kriterium erfüllt“ und "
    "„Mehrfachtäter“; entfällt: „Einvernehmen der Staatsanwaltschaft einholen (§ 72 Abs. 4 "
    "AufenthG)“\n"
    "R-0000109: Rechtliches Hindernis → Priorität 2 – entfällt: „Asylverfahren anhängig“\n"
    "R-0000109: Priorität 2 → Priorität 1 – neu: „vollziehbar ausreisepflichtig“\n"
    "R-0000137: Kein aMIT-Fall → Priorität 2 – neu: „Erheblich negatives Sozialverhalten“\n"
    "R-0000155: Kein aMIT-Fall → Priorität 2 – neu: „Erheblich negatives Sozialverhalten“\n"
    "R-0000003: Kein aMIT-Fall, Punktwert 0 → 10 – neu: „Haftentlassung steht bevor“ und "
    "„Abschiebung aus der Haft vorbereiten“\n"
    "R-0000003: Kein aMIT-Fall, unverändert\n"
    "R-0000005: Kein aMIT-Fall – neu: „Einvernehmen der Staatsanwaltschaft einholen (§ 72 "
    "Abs. 4 AufenthG)“\n"
    "R-0000005: Kein aMIT-Fall – entfällt: „Einvernehmen der Staatsanwaltschaft einholen "
    "(§ 72 Abs. 4 AufenthG)“\n"
    "R-0000006: Priorität 1 → Rechtliches Hindernis – neu: „Duldung aus rechtlichen "
    "Gründen“\n"
    "R-0000006: Rechtliches Hindernis – entfällt: „Passersatzbeschaffung einleiten“\n"
    "R-0000006: Rechtliches Hindernis → Priorität 1 – entfällt: „Duldung aus rechtlichen "
    "Gründen“\n"
)


def test_departure_becoming_enforceable_moves_p2_to_p1() -> None:
    change = change_of(
        case("R-000123", departure_status="pending", offences=convictions(3)),
        {"type": "departure_status_changed", "departure_status": "enforceable"},
    )
    assert change.describe() == "R-000123: P2 -> P1 (ENFORCEABLE)"
    assert change.gained("flags") == ["ENFORCEABLE"] and change.before.score == 25


def test_an_investigation_becoming_a_conviction() -> None:
    before = case("R-1", offences=[*convictions(2), offence("X", status="under_investigation")])
    change = change_of(
        before,
        {
            "type": "offence_updated",
            "offence_id": "X",
            "status": "convicted",
            "sentence_months": 14,
        },
    )
    assert change.describe() == "R-1: NONE -> P1 (aMIT, REPEAT, not A_PROSECUTOR)"
    assert change.after.criteria == ("REPEAT",) and change.after.score == 25


def test_a_conviction_needs_its_sentence() -> None:
    before = case("R-1", offences=[offence("X", status="charged")])
    with pytest.raises(EventError, match=r"offences\[0\].sentence_months"):
        apply_event(
            before,
            event(type="offence_updated", offence_id="X", status="convicted").model_copy(
                update={"case_id": "R-1"}
            ),
        )


def test_a_dismissal_clears_the_sentence_and_the_criterion() -> None:
    before = case("R-1", offences=[offence("X", sentence=30)])
    change = change_of(
        before, {"type": "offence_updated", "offence_id": "X", "status": "dismissed"}
    )
    assert change.describe() == "R-1: P1 -> NONE (not aMIT, not SERIOUS)"


def test_a_new_offence_and_a_new_incident() -> None:
    new_offence = {"offence_id": "N", "date": str(AS_OF), "category": "theft", "status": "charged"}
    change = change_of(case("R-1"), {"type": "offence_added", "offence": new_offence})
    assert change.describe() == "R-1: NONE (A_PROSECUTOR)"
    grave = {
        "incident_id": "V",
        "date": str(AS_OF - timedelta(days=3)),
        "type": "violence_against_persons",
        "severity": 3,
    }
    change = change_of(case("R-1"), {"type": "incident_added", "incident": grave})
    assert change.describe() == "R-1: NONE -> P2 (SOCIAL)"


def test_custody_and_release_date() -> None:
    soon = str(AS_OF + timedelta(days=90))
    change = change_of(
        case("R-1", offences=convictions(3)),
        {"type": "custody_changed", "in_custody": True, "release_date": soon},
    )
    assert change.describe() == "R-1: P1, score 25 -> 35 (RELEASE_SOON, A_CUSTODY)"
    later = case("R-1", in_custody=True, release_date=AS_OF + timedelta(days=10))
    change = change_of(
        later,
        {
            "type": "custody_changed",
            "in_custody": True,
            "release_date": str(AS_OF + timedelta(days=91)),
        },
    )
    assert change.lost("criteria") == ["RELEASE_SOON"] and change.after.score == 0


def test_blockers_set_and_lifted() -> None:
    three = case("R-1", offences=convictions(3))
    assert (
        change_of(three, {"type": "legal_status_changed", "asylum_pending": True}).describe()
        == "R-1: P1 -> BLOCKED (B_ASYLUM)"
    )
    banned = case("R-1", offences=convictions(3), deportation_ban=True, toleration_reason="family")
    change = change_of(
        banned,
        {"type": "legal_status_changed", "deportation_ban": False, "toleration_reason": None},
    )
    assert change.describe() == "R-1: BLOCKED -> P1 (not B_BAN, not B_TOLERATION)"


def test_travel_documents() -> None:
    change = change_of(
        case("R-1"), {"type": "travel_document_changed", "travel_document": "expired"}
    )
    assert change.describe() == "R-1: NONE (A_DOCUMENTS)"
    assert not change_of(
        case("R-1"), {"type": "travel_document_changed", "travel_document": "valid"}
    ).changed


# --- applying is safe ---------------------------------------------------------------------------


def test_applying_returns_a_new_case_and_leaves_the_old_one() -> None:
    before = case("R-000123")
    after = apply_event(before, event(type="departure_status_changed", departure_status="none"))
    assert before.departure_status == "enforceable" and after.departure_status == "none"


def test_events_that_cannot_apply_say_why() -> None:
    subject = case("R-000123", offences=[offence("O1")])
    duplicate = event(
        type="offence_added",
        offence={"offence_id": "O1", "date": str(AS_OF), "category": "theft", "status": "charged"},
    )
    with pytest.raises(EventError, match="duplicate offence_id 'O1'"):
        apply_event(subject, duplicate)
    with pytest.raises(EventError, match=r"no offence 'O9'.*known: O1"):
        apply_event(subject, event(type="offence_updated", offence_id="O9", status="charged"))
    future = event(
        type="incident_added",
        incident={
            "incident_id": "I1",
            "date": str(AS_OF + timedelta(days=1)),
            "type": "threat",
            "severity": 2,
        },
    )
    with pytest.raises(EventError, match="after the reference date"):
        apply_event(subject, future, as_of=AS_OF)
    with pytest.raises(EventError, match="applied to case 'OTHER'"):
        apply_event(case("OTHER"), duplicate)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"type": "departure_changed"}, "unknown event type"),
        (
            {"type": "departure_status_changed", "departure_status": "enforceable", "x": 1},
            "unknown field",
        ),
        ({"type": "departure_status_changed"}, "required field is missing"),
        ({"type": "custody_changed", "in_custody": "yes"}, "valid boolean"),
        ({"type": "legal_status_changed"}, "names no field to change"),
        ({"type": "legal_status_changed", "asylum_pending": None}, "true or false"),
        ({"type": "offence_updated", "offence_id": "O1"}, "names no field to change"),
        ({"type": "offence_added", "offence": {"offence_id": "O1"}}, "required field is missing"),
    ],
)
def test_bad_events_are_refused_with_the_reason(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(EventInputError) as caught:
        parse_events([json.dumps({"case_id": "R-1", **raw})])
    assert message in str(caught.value.issues[0])
    assert caught.value.issues[0].line == 1


def test_a_file_of_events_reports_every_bad_line_and_applies_nothing() -> None:
    cases = [case("R-1", offences=[offence("O1")])]
    lines = [
        json.dumps(
            {"case_id": "R-1", "type": "departure_status_changed", "departure_status": "none"}
        ),
        "not json",
        "",
        json.dumps(
            {"case_id": "R-2", "type": "departure_status_changed", "departure_status": "none"}
        ),
        json.dumps(
            {"case_id": "R-1", "type": "offence_updated", "offence_id": "O7", "status": "charged"}
        ),
    ]
    events = [
        (1, parse_event(json.loads(lines[0]))),
        (4, parse_event(json.loads(lines[3]))),
        (5, parse_event(json.loads(lines[4]))),
    ]
    with pytest.raises(EventInputError) as caught:
        replay(cases, events, RULES, AS_OF)
    assert [(i.line, i.path) for i in caught.value.issues] == [(4, "case_id"), (5, "offence_id")]
    with pytest.raises(ValidationError):
        parse_event({"case_id": "R-1"})


def test_replay_carries_each_case_forward_from_event_to_event() -> None:
    cases = [case("R-1", departure_status="pending", offences=convictions(2)), case("R-2")]
    raw = [
        {
            "case_id": "R-1",
            "type": "offence_added",
            "offence": {
                "offence_id": "N",
                "date": str(AS_OF),
                "category": "theft",
                "status": "charged",
            },
        },
        {
            "case_id": "R-2",
            "type": "incident_added",
            "incident": {"incident_id": "I9", "date": str(AS_OF), "type": "threat", "severity": 3},
        },
        {
            "case_id": "R-1",
            "type": "offence_updated",
            "offence_id": "N",
            "status": "convicted",
            "sentence_months": 0,
        },
        {"case_id": "R-1", "type": "departure_status_changed", "departure_status": "enforceable"},
    ]
    changes, after = replay(cases, parse_events(json.dumps(r) for r in raw), RULES, AS_OF)
    assert [c.describe() for c in changes] == [
        "R-1: NONE (A_PROSECUTOR)",
        "R-2: NONE -> P2 (SOCIAL)",
        "R-1: NONE -> P2 (aMIT, REPEAT, not A_PROSECUTOR)",
        "R-1: P2 -> P1 (ENFORCEABLE)",
    ]
    assert changes[3].before == changes[2].after  # each event starts where the last one ended
    assert len(after["R-1"].offences) == 3 and cases[0].offences != after["R-1"].offences
    assert changes[1].as_dict()["gained"]["criteria"] == ["SOCIAL"]


def test_the_shipped_example_replays_as_documented() -> None:
    cases = load_cases(EXAMPLES / "cases.jsonl", today=EXAMPLE_AS_OF)
    changes = replay_file(cases, EXAMPLES / "events.jsonl", RULES, EXAMPLE_AS_OF)
    assert "".join(c.describe() + "\n" for c in changes) == EXAMPLE_OUTPUT
    docs = (Path(__file__).parents[2] / "docs" / "event-path.md").read_text(encoding="utf-8")
    assert CLI_OUTPUT in docs


def test_triage_replay_prints_each_change() -> None:
    from service.cli.app import _register, app

    _register()
    runner = CliRunner()
    args = [
        "replay",
        str(EXAMPLES / "cases.jsonl"),
        str(EXAMPLES / "events.jsonl"),
        "--as-of",
        "2026-11-23",
    ]
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout == CLI_OUTPUT
    assert "13 Ereignisse" in result.stderr
    for ident in ("ENFORCEABLE", "A_PROSECUTOR", "P1", "NONE", "not ", "->"):
        assert ident not in result.stdout  # ids only in jsonl
    only = runner.invoke(app, [*args, "--only-changes", "--format", "jsonl"])
    records = [json.loads(line) for line in only.stdout.splitlines()]
    assert len(records) == 12 and all(r["changed"] for r in records)
    assert records[0]["before"]["tier"] == "P2" and records[0]["after"]["tier"] == "P1"


def test_triage_replay_refuses_a_bad_file_with_every_error(tmp_path: Path) -> None:
    from service.cli.app import _register, app

    bad = tmp_path / "events.jsonl"
    bad.write_text(
        '{"case_id": "R-0000015", "type": "nope"}\n'
        '{"case_id": "R-404", "type": "travel_document_changed", '
        '"travel_document": "valid"}\n'
    )
    _register()
    result = CliRunner().invoke(
        app, ["replay", str(EXAMPLES / "cases.jsonl"), str(bad), "--as-of", "2026-11-23"]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Zeile 1: Fall R-0000015: <event>: unknown event type" in result.stderr
    assert "Zeile 2: Fall R-404: case_id: no such case" in result.stderr
