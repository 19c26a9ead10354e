"""The audit log: every read, import, decision and change; hash chain; tamper detection."""

from __future__ import annotations

import itertools
import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from service.audit import chain

AS_OF = "2026-11-23"


def _entries(env) -> list[dict]:
    token = env.user("auditor", name=f"aud-{len(env.tokens)}")
    response = env.client.get("/api/v1/audit", params={"limit": 1000}, headers=env.auth(token))
    assert response.status_code == 200
    return response.json()["items"]


def _activity(env) -> None:
    token = env.user("rrk_lead", "koeln,arnsberg,muenster", name="lena")
    env.import_examples(token)
    env.client.get("/api/v1/cases/EX-1", headers=env.auth(token))
    env.client.get("/api/v1/cases/EX-1/explanation", headers=env.auth(token))
    env.client.get("/api/v1/queue", params={"as_of": AS_OF}, headers=env.auth(token))
    env.client.post(
        "/api/v1/cases/EX-2/decisions",
        json={"kind": "case_conference", "reason": "Gewalt gegen Personen"},
        headers=env.auth(token),
    )


def test_reads_imports_decisions_and_changes_are_entries(env):
    _activity(env)
    entries = _entries(env)
    by_action = {}
    for entry in entries:
        by_action.setdefault(entry["action"], []).append(entry)
    for action in (
        "user.create",
        "cases.import",
        "case.read",
        "case.explanation.read",
        "queue.read",
        "decision.create",
    ):
        assert action in by_action, action
    decision = by_action["decision.create"][0]
    assert decision["actor"] == "lena" and decision["target"] == "case:arnsberg/EX-2"
    assert decision["reason"] == "Gewalt gegen Personen" and decision["at"]
    assert by_action["queue.read"][0]["details"]["cases"] == ["EX-1", "EX-2", "EX-3"]
    assert by_action["queue.read"][0]["details"]["regions"] == ["arnsberg", "koeln", "muenster"]
    seqs = [e["seq"] for e in entries]
    assert seqs == sorted(seqs, reverse=True)
    assert all(e["prev_hash"] == n["hash"] for e, n in itertools.pairwise(entries))


def test_database_refuses_changes_to_the_log(env):
    _activity(env)
    for statement in (
        "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2",
        "DELETE FROM audit_log WHERE seq = 2",
    ):
        with pytest.raises(DBAPIError), env.db.write() as session:
            session.execute(text(statement))


def _tamper(env, *statements: str) -> None:
    """Change the log as someone with direct database access would (triggers off)."""
    with env.db.engine.begin() as connection:
        if env.kind == "postgresql":
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        else:
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_delete")
        for statement in statements:
            connection.exec_driver_sql(statement)


def test_verify_passes_on_an_intact_chain(env, cli):
    _activity(env)
    result = cli("audit", "verify")
    assert result.exit_code == 0, result.output
    assert "intakt" in result.output
    api = env.client.get("/api/v1/audit/verify", headers=env.auth(env.user("admin")))
    assert api.json()["ok"] is True


@pytest.mark.parametrize(
    ("statements", "first_bad"),
    [
        (["UPDATE audit_log SET reason = 'anders' WHERE seq = 4"], 4),
        (['UPDATE audit_log SET details = \'{"kind":"close"}\' WHERE seq = 3'], 3),
        (["DELETE FROM audit_log WHERE seq = 3"], 4),
        (
            [
                "UPDATE audit_log SET seq = -1 WHERE seq = 3",
                "UPDATE audit_log SET seq = 3 WHERE seq = 4",
                "UPDATE audit_log SET seq = 4 WHERE seq = -1",
            ],
            3,
        ),
        (["DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)"], None),
    ],
    ids=["changed-reason", "changed-details", "removed", "reordered", "tail-removed"],
)
def test_verify_names_the_first_bad_entry(env, cli, statements, first_bad):
    _activity(env)
    with env.db.read() as session:
        last = chain.verify(session).entries
    _tamper(env, *statements)
    result = cli("audit", "verify", "--json")
    assert result.exit_code == 1
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["ok"] is False
    assert report["first_bad"] == (first_bad if first_bad is not None else last)
    human = cli("audit", "verify")
    assert human.exit_code == 1 and f"#{report['first_bad']}" in human.output


def test_the_target_filter_finds_a_case_id_in_every_region(env, examples_text):
    """Ids are unique per region: ``target=case:<id>`` finds the entries of that id in every
    region, ``case:<region>/<id>`` those of one case; the id is taken literally."""
    import json

    env.import_examples()  # EX-1 koeln
    theirs = json.loads(next(line for line in examples_text.splitlines() if '"EX-1"' in line))
    arnsberg = env.user("caseworker", "arnsberg", name="arne")
    assert (
        env.import_jsonl(arnsberg, json.dumps(dict(theirs, region="arnsberg"))).status_code == 201
    )
    koeln = env.user("caseworker", "koeln", name="kim")
    for token in (koeln, arnsberg):
        assert env.client.get("/api/v1/cases/EX-1", headers=env.auth(token)).status_code == 200
    auditor = env.auth(env.user("auditor"))

    def reads(target: str) -> list[tuple[str, str]]:
        items = env.client.get(
            "/api/v1/audit", params={"target": target, "action": "case.read"}, headers=auditor
        ).json()["items"]
        return sorted((e["actor"], e["target"]) for e in items)

    assert reads("case:EX-1") == [("arne", "case:arnsberg/EX-1"), ("kim", "case:koeln/EX-1")]
    assert reads("case:koeln/EX-1") == [("kim", "case:koeln/EX-1")]
    assert reads("case:EX_1") == [] and reads("case:%") == []
