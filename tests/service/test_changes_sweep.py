"""The calendar sweep (issue #12): next dates stored at import, no change missed between two
sweep dates, and a first evaluation for cases stored before evaluations were recorded."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from cases.frames import CaseFrames, frames_from_cases
from cases.generator import GeneratorConfig, generate_frames
from cases.model import Case
from rules import RuleSet, load_ruleset, with_parameters
from rules.batch import evaluate
from service.cases.models import CaseRecord
from service.changes.models import CaseEvaluation
from service.changes.sweep import NEVER, next_changes_frames, scheduled
from tests.service.test_changes import DAY1, DAY2, _history, _import, _queue, _records
from tests.service.test_events import E17, _post
from tests.strategies import as_of_dates, caseloads, parameter_overrides

DEFAULT = load_ruleset()
SPAN_DAYS = 3 * 365 + 1  # three years, one of them a leap year

# --------------------------------------------------------------- next date at import (item 3)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), as_of=as_of_dates(), overrides=parameter_overrides())
def test_next_dates_from_columns_equal_the_per_case_dates(
    data: st.DataObject, as_of: date, overrides: dict
) -> None:
    ruleset = with_parameters(DEFAULT, overrides)
    cases = data.draw(caseloads(as_of))
    frames = frames_from_cases(cases)
    assert next_changes_frames(frames, ruleset, as_of) == [
        scheduled(c, ruleset, as_of) for c in cases
    ]


def test_next_dates_from_columns_equal_the_per_case_dates_on_a_generated_caseload() -> None:
    from cases.frames import cases_from_frames

    as_of = date(2028, 2, 29)
    frames = generate_frames(
        2000, seed=4, as_of=as_of, config=GeneratorConfig(boundary_share=0.5, custody_share=0.3)
    )
    expected = [scheduled(c, DEFAULT, as_of) for c in cases_from_frames(frames)]
    assert next_changes_frames(frames, DEFAULT, as_of) == expected
    assert len(set(expected)) > 100


def _stored(env) -> dict[str, CaseEvaluation]:
    with env.db.read() as session:
        return {r.case_id: r for r in session.scalars(select(CaseEvaluation))}


def test_an_import_stores_each_cases_next_calendar_date(env, examples_text):
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    records = _records(examples_text)
    records["EX-3"]["offences"][0]["date"] = "2021-11-25"  # leaves its 60-month window 25.11.
    _import(env, lead, list(records.values()), DAY1)
    stored = _stored(env)
    assert set(stored) == set(records)
    for case_id, row in stored.items():
        case = Case.model_validate(records[case_id])
        assert row.next_change is not None
        assert row.next_change == scheduled(case, DEFAULT, date.fromisoformat(DAY1))
    assert stored["EX-3"].next_change == date(2026, 11, 25)
    # The sweep before that date finds nothing due (the imported cases are scheduled).
    admin = env.user("admin")
    early = env.client.post(
        "/api/v1/changes/sweep", params={"as_of": "2026-11-24"}, headers=env.auth(admin)
    ).json()
    assert early["checked"] == 0 and early["first"] == 0


# ------------------------------------------------------- no change between sweep dates (item 4)


def _visits(case: Case, ruleset: RuleSet, start: date, end: date) -> set[date]:
    """The dates a daily sweep looks at the case: its stored next date, again and again."""
    seen: set[date] = set()
    day = next_changes_frames(frames_from_cases([case]), ruleset, start)[0]
    while day <= end and day != NEVER:
        seen.add(day)
        day = scheduled(case, ruleset, day)
    return seen


def _daily_changes(frames: CaseFrames, ruleset: RuleSet, start: date, days: int) -> np.ndarray:
    """Per day ``1..days`` and case: did tier, score, criteria, blockers or actions change from
    the day before? One batch evaluation per day over the whole caseload, compared as arrays."""

    def outcome(day: date) -> np.ndarray:
        ev = evaluate(frames, ruleset, day)
        return np.column_stack(
            [ev.tier.astype(np.int64), ev.score, ev.criteria, ev.blockers, ev.actions]
        ).astype(np.int64)

    changed = np.zeros((days + 1, len(frames.cases)), dtype=bool)
    before = outcome(start)
    for k in range(1, days + 1):
        now = outcome(start + timedelta(days=k))
        changed[k] = (now != before).any(axis=1)
        before = now
    return changed


def _assert_no_change_between_sweeps(cases: list[Case], ruleset: RuleSet, start: date) -> int:
    changed = _daily_changes(frames_from_cases(cases), ruleset, start, SPAN_DAYS)
    end = start + timedelta(days=SPAN_DAYS)
    for i, case in enumerate(cases):
        visits = _visits(case, ruleset, start, end)
        for k in np.flatnonzero(changed[:, i]):
            day = start + timedelta(days=int(k))
            assert day in visits, f"{case.case_id}: outcome changed on {day}, no sweep visits it"
    return int(changed.sum())


@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), start=as_of_dates(), overrides=parameter_overrides())
def test_no_change_happens_between_two_sweep_dates(
    data: st.DataObject, start: date, overrides: dict
) -> None:
    ruleset = with_parameters(DEFAULT, overrides)
    cases = data.draw(caseloads(start, max_size=40))
    _assert_no_change_between_sweeps(cases, ruleset, start)


def test_no_change_happens_between_two_sweep_dates_in_a_generated_caseload() -> None:
    start = date(2026, 11, 23)
    frames = generate_frames(
        200, seed=12, as_of=start, config=GeneratorConfig(boundary_share=0.5, custody_share=0.3)
    )
    from cases.frames import cases_from_frames

    changes = _assert_no_change_between_sweeps(cases_from_frames(frames), DEFAULT, start)
    assert changes > 50  # the span holds many window edges: the test can fail


# ------------------------------------------------------------- first evaluation (item 5)


def test_the_sweep_records_a_first_evaluation_for_cases_stored_without_one(
    env, examples_text, monkeypatch
):
    from service.changes import sweep as sweeping

    monkeypatch.setattr(sweeping, "_FIRST_CHUNK", 2)  # three cases: two chunks
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    admin = env.user("admin")
    records = _records(examples_text)
    records["EX-1"]["departure_status"] = "pending"  # P2
    _import(env, lead, list(records.values()), DAY1)
    with env.db.write() as session:  # as if stored before evaluations were recorded (0007)
        session.execute(delete(CaseEvaluation))
    assert _history(env, lead, "EX-1") == []
    with env.db.write() as session:  # a closed case gets no first record
        session.execute(
            update(CaseRecord).where(CaseRecord.case_id == "EX-2").values(status="closed")
        )

    def sweep(day: str) -> dict:
        response = env.client.post(
            "/api/v1/changes/sweep", params={"as_of": day}, headers=env.auth(admin)
        )
        assert response.status_code == 200, response.text
        return response.json()

    done = sweep(DAY1)
    assert (done["first"], done["checked"], done["recorded"]) == (len(records) - 1, 0, 0)
    assert _history(env, lead, "EX-3")[0]["cause"] == "first"
    with env.db.read() as session:
        assert session.scalars(select(CaseEvaluation.case_id)).all() in (
            ["EX-1", "EX-3"],
            ["EX-3", "EX-1"],
        )
    assert sweep(DAY1)["first"] == 0  # once only
    history = _history(env, lead, "EX-1")
    assert [(h["cause"], h["tier"], h["previous_tier"]) for h in history] == [("first", "P2", None)]
    assert history[0]["cause_text"] == (
        "Erstbewertung (Fall vor Beginn der Aufzeichnung gespeichert, 20.11.2026)"
    )
    assert _stored(env)["EX-1"].next_change is not None
    assert not _queue(env, lead, DAY1)["EX-1"]["tier_changed"]  # a first record marks nothing

    # From now on a change is marked: the departure obligation becomes enforceable (P1).
    assert _post(env, lead, "/api/v1/cases/EX-1/events", E17).status_code == 201
    ex1 = _queue(env, lead, DAY2)["EX-1"]
    assert (ex1["tier"], ex1["previous_tier"], ex1["tier_changed"]) == ("P1", "P2", True)
    audit = env.client.get(
        "/api/v1/audit", params={"action": "changes.sweep"}, headers=env.auth(admin)
    )
    assert audit.status_code == 200, audit.text
    assert any(e["details"].get("first") == len(records) - 1 for e in audit.json()["items"])
