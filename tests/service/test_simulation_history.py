"""The same Monday always simulates the same people (issue #14, item 4, the remaining gap).

Policy staff and admins simulate the stored caseload on grid Mondays only, and on the caseload
as it stood at the end of that Monday (for every case the latest version imported by then,
unless closed by then). The attack this stops: simulate Monday M, then a case received before M
is closed, re-imported with new facts, or delivered late - and simulate M again; the difference
showed that one case's region and tier. Auditors still simulate today's open caseload on any
day.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pandas as pd

from service.queue import history
from service.queue.caseload import CaseloadCache
from service.rulesets import service as ruleset_service
from tests.service.conftest import EXAMPLES
from tests.service.history import backdate

API = "/api/v1/rulesets/amit-nrw-default@1/simulate"
MONDAY = "2026-11-16"
BLOCKED, P1 = (json.loads(line) for line in EXAMPLES.read_text().splitlines()[0:3:2])


def _record(case_id: str, received: str, content: dict) -> str:
    return json.dumps(content | {"case_id": case_id, "region": "koeln", "received_on": received})


def _caseload(env) -> dict[str, str]:
    """30 cases of koeln received (and delivered) on Monday 5 October 2026; the users."""
    users = {
        "loader": env.user("admin", name="loader"),
        "pia": env.user("policy", name="pia"),
        "ada": env.user("auditor", name="ada"),
        "lena": env.user("rrk_lead", "koeln", name="lena"),
    }
    lines = [_record(f"DIFF-{i:02d}", "2026-10-05", BLOCKED) for i in range(30)]
    response = env.import_jsonl(users["loader"], "\n".join(lines) + "\n")
    assert response.status_code == 201, response.text
    backdate(env, "2026-10-05")
    return users


def _simulated(env, token: str, as_of: str | None = MONDAY):
    params = {} if as_of is None else {"as_of": as_of}
    return env.client.post(API, params=params, headers=env.auth(token))


def _dates(env) -> list[date]:
    return ruleset_service.simulation_dates(
        db=env.db, caseloads=CaseloadCache(), until=date.today(), min_cell_size=10
    )


def test_the_same_monday_simulated_after_a_change_of_the_caseload_gives_the_same_numbers(env):
    users = _caseload(env)
    first = _simulated(env, users["pia"])
    assert first.status_code == 200, first.text
    before = first.json()
    assert before["by_region"]["koeln"]["baseline"]["BLOCKED"] == 30
    audited_before = _simulated(env, users["ada"]).json()
    dates_before = _dates(env)
    assert date.fromisoformat(MONDAY) in dates_before

    # A case received before the Monday is closed ...
    closed = env.client.post(
        "/api/v1/cases/DIFF-01/decisions",
        json={"kind": "close", "reason": "Ausgereist"},
        headers=env.auth(users["lena"]),
    )
    assert closed.status_code == 201, closed.text
    assert _simulated(env, users["pia"]).json() == before
    # ... another is re-imported with new facts (now P1 instead of BLOCKED) ...
    changed = env.import_jsonl(users["loader"], _record("DIFF-02", "2026-10-05", P1))
    assert changed.status_code == 201 and changed.json()["new_versions"] == 1
    assert _simulated(env, users["pia"]).json() == before
    # ... and a late delivery brings a case received before the Monday.
    late = env.import_jsonl(users["loader"], _record("LATE-1", "2026-11-10", BLOCKED))
    assert late.status_code == 201, late.text
    assert _simulated(env, users["pia"]).json() == before
    # Without a date, policy staff get the same latest Monday before and after.
    assert _simulated(env, users["pia"], None).json()["as_of"] == dates_before[-1].isoformat()

    # The available dates did not move (they are judged on the caseload as it stood).
    assert _dates(env) == dates_before
    # The auditor, on today's open cases, sees every change (so the test above is not empty).
    audited = _simulated(env, users["ada"]).json()
    assert audited_before["by_region"]["koeln"]["baseline"]["BLOCKED"] == 30
    assert (
        audited["by_region"]["koeln"]["baseline"]
        != audited_before["by_region"]["koeln"]["baseline"]
    )  # 29 BLOCKED and one P1: both hidden now (secondary suppression)
    entries = [
        json.loads(e.details)
        for e in _audit(env, "ruleset.simulate")
        if json.loads(e.details)["role"] == "policy"
    ]
    assert {e["caseload"] for e in entries} == {"as_of"} and len(entries) == 5


def _audit(env, action: str):
    from sqlalchemy import select

    from service.audit.models import AuditEntry

    with env.db.read() as session:
        return list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
            )
        )


def test_a_monday_that_has_not_ended_is_refused_to_policy_staff_but_not_to_auditors(env):
    users = _caseload(env)
    today = date.today()
    this_monday = today - timedelta(days=today.weekday())
    not_ended = [this_monday + timedelta(days=7)] + ([today] if today == this_monday else [])
    for day in not_ended:
        refused = _simulated(env, users["pia"], day.isoformat())
        assert refused.status_code == 422, refused.text
        # One language, the reader's (German by default, English when asked for).
        assert "noch nicht zu Ende" in refused.text and "has not ended" not in refused.text
        english = env.client.post(
            API,
            params={"as_of": day.isoformat(), "lang": "en"},
            headers=env.auth(users["pia"]),
        )
        assert english.status_code == 422, english.text
        assert "has not ended" in english.text and "noch nicht zu Ende" not in english.text
    last = _dates(env)[-1]
    assert last < today and last.weekday() == 0
    assert _simulated(env, users["pia"], last.isoformat()).status_code == 200
    # Auditors simulate on any day, today's included (they see audit-only fields anyway).
    for day in (today, today - timedelta(days=1), date(2026, 11, 17)):
        assert _simulated(env, users["ada"], day.isoformat()).status_code == 200
    refusals = [json.loads(e.details)["as_of"] for e in _audit(env, "ruleset.simulate.refused")]
    assert (this_monday + timedelta(days=7)).isoformat() in refusals


# --- the one definition of "as it stood" (service/queue/history.py)


def _at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def test_standings_follow_closures_reopenings_and_reimports() -> None:
    versions = pd.DataFrame(
        [
            ("A", 1, "koeln", date(2026, 10, 1), _at("2026-10-01"), "h1"),
            ("A", 2, "koeln", date(2026, 10, 1), _at("2026-10-20"), "h1"),  # same content
            ("A", 3, "koeln", date(2026, 10, 1), _at("2026-11-02"), "h2"),  # new facts: reopens
            ("B", 1, "arnsberg", date(2026, 10, 3), _at("2026-10-05"), "h9"),
            # the same id in another region is another case: never closed, always standing
            ("A", 1, "detmold", date(2026, 9, 1), _at("2026-09-15"), "h1"),
        ],
        columns=list(history.VERSION_COLUMNS),
    )
    events = pd.DataFrame(
        [
            ("koeln", "A", "close", _at("2026-10-10")),
            ("arnsberg", "B", "close", _at("2026-10-12", 8)),
            ("arnsberg", "B", "reopen", _at("2026-10-12", 10)),  # the same day: the last counts
        ],
        columns=list(history.EVENT_COLUMNS),
    )
    stretches = history.standings(versions, events)

    def stood(day: str) -> dict[str, int]:
        rows = history.stood_on(stretches, date.fromisoformat(day))
        rows = rows[rows["region"] != "detmold"]
        return dict(zip(rows["case_id"], rows["version"], strict=True))

    assert stood("2026-09-30") == {}
    assert stood("2026-10-01") == {"A": 1}
    assert stood("2026-10-10") == {"B": 1}  # A closed that day
    assert stood("2026-10-25") == {"B": 1}  # a re-import with the same content: still closed
    assert stood("2026-11-02") == {"A": 3, "B": 1}
    for day in ("2026-09-15", "2026-10-10", "2026-11-02"):  # detmold's A: its own stretch
        rows = history.stood_on(stretches, date.fromisoformat(day))
        detmold = rows[rows["region"] == "detmold"]
        assert list(zip(detmold["case_id"], detmold["version"], strict=True)) == [("A", 1)]
    stays = history.open_stays(stretches)
    a = stays[(stays["case_id"] == "A") & (stays["region"] == "koeln")]
    assert [d.date() for d in a["start"]] == [date(2026, 10, 1), date(2026, 11, 2)]
    assert a["end"].iloc[0].date() == date(2026, 10, 10) and pd.isna(a["end"].iloc[1])


def test_triage_policy_simulate_without_a_date_takes_the_latest_available_monday(env, monkeypatch):
    from typer.testing import CliRunner

    from service.cli.app import _register, app

    users = _caseload(env)
    _register()
    monkeypatch.setenv("DATABASE_URL", env.url)
    monkeypatch.delenv("TRIAGE_MODE", raising=False)
    args = ["policy", "simulate", "amit-nrw-default@1", "--format", "json"]
    shown = CliRunner().invoke(app, [*args, "--token", users["pia"]])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["as_of"] == _dates(env)[-1].isoformat()
    today = CliRunner().invoke(
        app, [*args, "--as-of", date.today().isoformat(), "--token", users["pia"]]
    )
    assert today.exit_code == 1 and "noch nicht zu Ende" in today.output
