"""Replay (issue #5 item 4): rank with any stored version at a past date, API and CLI."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from service.cli.app import _register, app
from service.rulesets import service as ruleset_service
from tests.service.conftest import EXAMPLES

API = "/api/v1/rulesets"
PAST = "2026-11-10"  # EX-2 (received 2026-11-02) is in that day's queue, all three cases are


@pytest.fixture
def v2(env):
    """Examples imported (back-dated to 2026-11-05), a decision on EX-3 under v1, then v2
    (serious 36 months) in force."""
    env.import_examples()
    _backdate(env, "2026-11-05")
    env.tokens_by_name = {
        "anna": env.user("policy", name="anna"),
        "ben": env.user("policy", name="ben"),
        "lena": env.user("rrk_lead", "koeln,arnsberg,muenster", name="lena"),
        "kai": env.user("caseworker", "koeln", name="kai"),
    }
    t = env.tokens_by_name
    decision = env.client.post(
        "/api/v1/cases/EX-3/decisions",
        json={"kind": "monitor", "reason": "Asylverfahren abwarten", "as_of": PAST},
        headers=env.auth(t["lena"]),
    )
    assert decision.status_code == 201, decision.text
    env.decision = decision.json()
    draft = env.client.post(
        API,
        json={
            "base": "amit-nrw-default",
            "reason": "Schwelle",
            "parameters": {"serious_sentence_months": 36},
        },
        headers=env.auth(t["anna"]),
    ).json()
    for step, who in (("approve", "ben"), ("activate", "anna")):
        response = env.client.post(
            f"{API}/{draft['id']}/{step}",
            json={"reason": "Vier Augen", "scenarios_reason": "EX-3 wird gewollt NONE"},
            headers=env.auth(t[who]),
        )
        assert response.status_code == 200, response.text
    return env


def _backdate(env, day: str, case_ids: tuple[str, ...] = ("EX-1", "EX-2", "EX-3")) -> None:
    """Pretend the cases were imported on ``day`` (imports in tests happen today)."""
    from datetime import UTC, datetime

    from sqlalchemy import update

    from service.cases.models import CaseRecord, CaseVersion

    when = datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)
    with env.db.write() as session:
        session.execute(
            update(CaseVersion).where(CaseVersion.case_id.in_(case_ids)).values(imported_at=when)
        )
        session.execute(
            update(CaseRecord)
            .where(CaseRecord.case_id.in_(case_ids))
            .values(first_imported_at=when)
        )


def _replay(env, who, ref, **params):
    return env.client.get(
        f"{API}/{ref}/queue",
        params={"as_of": PAST, **params},
        headers=env.auth(env.tokens_by_name[who]),
    )


def test_replay_ranks_with_an_old_version_at_a_past_date(v2):
    old = _replay(v2, "lena", "amit-nrw-default@1")
    assert old.status_code == 200, old.text
    body = old.json()
    assert body["ruleset"] == "amit-nrw-default v1" and body["as_of"] == PAST
    assert [(i["rank"], i["case_id"], i["tier"]) for i in body["items"]] == [
        (1, "EX-1", "P1"),
        (2, "EX-2", "P3"),
        (3, "EX-3", "BLOCKED"),
    ]
    new = _replay(v2, "lena", "amit-nrw-default@2").json()
    assert {i["case_id"]: i["tier"] for i in new["items"]}["EX-3"] == "NONE"
    live = v2.client.get(
        "/api/v1/queue", params={"as_of": PAST}, headers=v2.auth(v2.tokens_by_name["lena"])
    ).json()
    assert live["ruleset"] == "amit-nrw-default v2"


def test_a_past_decision_is_re_read_under_the_version_it_was_taken_with(v2):
    decision = v2.decision
    assert decision["ruleset"] == "amit-nrw-default v1" and decision["tier"] == "BLOCKED"
    with v2.db.read() as session:
        then = ruleset_service.resolve(db_session=session, ref=decision["ruleset"])
        assert then.ref == "amit-nrw-default@1" and then.state == "retired"
        # The version in force on a past day, from the activation dates.
        yesterday = date.today() - timedelta(days=1)
        assert (
            ruleset_service.in_force(db_session=session, name=then.name, on=yesterday).version == 1
        )
        assert ruleset_service.in_force(db_session=session, name=then.name).version == 2
    replayed = _replay(v2, "lena", then.ref, region="muenster").json()
    (item,) = replayed["items"]
    assert (item["case_id"], item["tier"], item["score"]) == (
        "EX-3",
        decision["tier"],
        decision["score"],
    )
    assert item["rank"] == decision["rank"]


def test_replay_respects_roles_and_regions_and_is_audited(v2):
    mine = _replay(v2, "kai", "amit-nrw-default@1").json()
    assert [i["case_id"] for i in mine["items"]] == ["EX-1"] and mine["total"] == 1
    assert _replay(v2, "kai", "amit-nrw-default@1", region="muenster").status_code == 403
    assert _replay(v2, "anna", "amit-nrw-default@1").status_code == 403  # policy: no cases
    assert _replay(v2, "kai", "amit-nrw-default@7").status_code == 404
    assert _replay(v2, "kai", "amit-nrw-default@1", tier="P9").status_code == 422
    auditor = v2.user("auditor", name="audrey")
    entries = v2.client.get(
        "/api/v1/audit", params={"action": "queue.replay.read"}, headers=v2.auth(auditor)
    ).json()["items"]
    assert entries[0]["actor"] == "kai" and entries[0]["details"]["cases"] == ["EX-1"]
    assert entries[0]["details"]["regions"] == ["koeln"]  # ids are unique per region
    assert entries[0]["details"]["ruleset"] == "amit-nrw-default@1"


def test_triage_rank_with_a_stored_version(v2, monkeypatch):
    _register()
    monkeypatch.setenv("DATABASE_URL", v2.url)
    monkeypatch.delenv("TRIAGE_MODE", raising=False)
    runner = CliRunner()

    def rank(*args: str):
        return runner.invoke(app, ["rank", str(EXAMPLES), "--as-of", "2026-11-23", *args])

    tiers = {}
    for ref in ("amit-nrw-default@1", "amit-nrw-default v2", "amit-nrw-default"):
        result = rank("--rules-version", ref)
        assert result.exit_code == 0, result.output
        tiers[ref] = {r["case_id"]: r["tier"] for r in map(json.loads, result.stdout.splitlines())}
    assert tiers["amit-nrw-default@1"]["EX-3"] == "BLOCKED"
    assert tiers["amit-nrw-default v2"]["EX-3"] == "NONE"
    assert tiers["amit-nrw-default"] == tiers["amit-nrw-default v2"]  # the name: in force
    unknown = rank("--rules-version", "amit-nrw-default@9")
    assert unknown.exit_code == 1 and "keine gespeicherte Regelwerksversion" in unknown.output
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.delenv("TRIAGE_DATABASE_URL", raising=False)
    nodb = rank("--rules-version", "1")
    assert nodb.exit_code == 1 and "DATABASE_URL" in nodb.output


def test_replay_ranks_the_cases_as_they_stood_that_day(v2):
    """A case imported after as_of is not in the replay; a case closed after it still is."""
    lena = v2.tokens_by_name["lena"]
    late = json.loads(EXAMPLES.read_text().splitlines()[2]) | {"case_id": "LATE-1"}
    assert v2.import_jsonl(lena, json.dumps(late)).status_code == 201
    closed = v2.client.post(
        "/api/v1/cases/EX-2/decisions",
        json={"kind": "close", "reason": "Ausgereist"},
        headers=v2.auth(lena),
    )
    assert closed.status_code == 201, closed.text
    then = _replay(v2, "lena", "amit-nrw-default@1").json()
    assert sorted(i["case_id"] for i in then["items"]) == ["EX-1", "EX-2", "EX-3"]
    assert "as they stood" in then["note"]
    today = _replay(v2, "lena", "amit-nrw-default@1", caseload="current").json()
    assert sorted(i["case_id"] for i in today["items"]) == ["EX-1", "EX-3", "LATE-1"]
