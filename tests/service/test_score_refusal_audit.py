"""``/score`` refusing records of other regions is on record (issue #14: /score must not be
usable to screen people): the caller and the refused records by region and id, capped, with
their count; the answer stays the 422 it was."""

from __future__ import annotations

import json

from sqlalchemy import select

from service.audit.models import AuditEntry
from service.scoring import views as score_views

AS_OF = "2026-11-23"


def _entries(env, action):
    with env.db.read() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
        ).all()
        return [(row.actor, row.target, json.loads(row.details)) for row in rows]


def test_a_refused_score_request_names_the_refused_records(env, examples_text):
    token = env.user("caseworker", "koeln", name="carla")
    cases = [json.loads(line) for line in examples_text.splitlines()]  # koeln, arnsberg, muenster
    response = env.client.post(
        "/api/v1/score", params={"as_of": AS_OF}, json=cases, headers=env.auth(token)
    )
    assert response.status_code == 422, response.text
    assert {e["case_id"] for e in response.json()["errors"]} == {"EX-2", "EX-3"}
    assert _entries(env, "score") == []  # nothing was scored
    ((actor, target, details),) = _entries(env, "access.denied")
    assert (actor, target) == ("carla", "score")
    assert details["cases"] == ["muenster/EX-3", "arnsberg/EX-2"]  # in the order sent
    assert (details["total"], details["n_cases"], details["status"]) == (2, 3, 422)
    assert details["regions"] == ["koeln"] and details["as_of"] == AS_OF


def test_the_named_records_are_capped_and_counted(env, examples_text, monkeypatch):
    monkeypatch.setattr(score_views, "REFUSED_NAMED", 2)
    token = env.user("caseworker", "koeln", name="carla")
    ex2 = json.loads(examples_text.splitlines()[1])
    cases = [{**ex2, "case_id": f"A-{n}"} for n in range(5)]
    response = env.client.post(
        "/api/v1/score", params={"as_of": AS_OF}, json=cases, headers=env.auth(token)
    )
    assert response.status_code == 422, response.text
    ((_, _, details),) = _entries(env, "access.denied")
    assert details["cases"] == ["arnsberg/A-0", "arnsberg/A-1"] and details["total"] == 5
