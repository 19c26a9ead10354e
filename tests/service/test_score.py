"""POST /score: stateless, one case or a list, nothing stored but the audit entry."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from service.audit.models import AuditEntry
from service.cases.models import CaseVersion

AS_OF = "2026-11-23"


def test_single_case(env, examples_text):
    token = env.user("caseworker", "koeln")
    ex1 = examples_text.splitlines()[2]
    response = env.client.post(
        "/api/v1/score",
        params={"as_of": AS_OF, "explain": "true"},
        content=ex1,
        headers={**env.auth(token), "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    item = response.json()["items"][0]
    assert (item["case_id"], item["tier"], item["score"]) == ("EX-1", "P1", 55)
    assert item["criteria"] == ["VIOLENT", "REPEAT"] and item["actions"] == ["A_DOCUMENTS"]
    assert item["explanation"]["tier"] == "P1" and item["reason"]


def test_list_is_ranked_and_only_the_audit_entry_is_stored(env, examples_text):
    token = env.user("policy", name="pia")
    cases = [json.loads(line) for line in examples_text.splitlines()]
    with env.db.read() as session:
        entries_before = session.scalar(select(func.count()).select_from(AuditEntry))
    response = env.client.post(
        "/api/v1/score", params={"as_of": AS_OF}, json=cases, headers=env.auth(token)
    )
    assert response.status_code == 200
    ranks = {i["case_id"]: i["rank"] for i in response.json()["items"]}
    assert ranks == {"EX-1": 1, "EX-2": 2, "EX-3": 3}
    assert all(i["explanation"] is None for i in response.json()["items"])
    with env.db.read() as session:
        assert session.scalar(select(func.count()).select_from(CaseVersion)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == entries_before + 1
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert (entry.actor, entry.action) == ("pia", "score")
    # each scored record by region and id (ids are unique within a region only)
    assert json.loads(entry.details)["cases"] == ["arnsberg/EX-2", "koeln/EX-1", "muenster/EX-3"]


def test_bad_case_is_422_with_every_error(env):
    token = env.user("admin")
    response = env.client.post(
        "/api/v1/score", json={"case_id": "X", "region": "mars"}, headers=env.auth(token)
    )
    assert response.status_code == 422
    paths = {e["path"] for e in response.json()["errors"]}
    assert {"region", "received_on", "offences"} <= paths


def test_not_json_is_422(env):
    response = env.client.post(
        "/api/v1/score",
        content=b"{not json",
        headers={**env.auth(env.user("admin")), "Content-Type": "application/json"},
    )
    assert response.status_code == 422
