"""Retention periods (GDPR Art. 5(1)(e), issue #17 item 1): ``triage retention apply``."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select

from service.audit import chain
from service.audit.models import AuditEntry
from service.decisions.models import Decision
from tests.service.conftest import EXAMPLES
from tests.service.test_erasure import REASON_TEXT, VICTIM, scan, victim_record

FAR = "2030-01-01"


def _history(env) -> None:
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster", name="lena")
    response = env.import_jsonl(lead, EXAMPLES.read_text() + json.dumps(victim_record()) + "\n")
    assert response.status_code == 201, response.text
    auth = env.auth(lead)
    for case_id, kind, reason in (
        (VICTIM, "close", REASON_TEXT),
        ("EX-2", "monitor", "Beobachten: Zeuge Oberdorfer-Klaus"),
    ):
        done = env.client.post(
            f"/api/v1/cases/{case_id}/decisions",
            json={"kind": kind, "reason": reason},
            headers=auth,
        )
        assert done.status_code == 201, done.text
    with env.db.write() as session:  # what a what-if simulation leaves in the log
        chain.append(
            session,
            actor="paula",
            action="ruleset.simulate",
            target="ruleset:amit-nrw-default@2",
            details={"as_of": "2026-11-23", "cells": {"koeln": 12}},
        )


def test_dry_run_erases_nothing_and_says_what_is_due(env, cli):
    _history(env)
    before = scan(env)
    result = cli("retention", "apply", "--dry-run", "--as-of", FAR)
    assert result.exit_code == 0, result.output
    assert "Probelauf (nichts gelöscht)" in result.output
    assert "abgeschlossene Fälle (Frist 730 Tage" in result.output and "): 1" in result.output
    assert "Begründungen von Entscheidungen (Frist 365 Tage" in result.output
    assert "Simulationen (Frist 365 Tage" in result.output
    assert scan(env) == before


def test_apply_erases_what_is_due_and_the_chain_verifies(env, cli):
    _history(env)
    nothing = cli("retention", "apply")  # today: nothing is due yet
    assert nothing.exit_code == 0, nothing.output
    assert "): 0 gelöscht" in nothing.output
    assert scan(env)

    result = cli("retention", "apply", "--as-of", FAR)
    assert result.exit_code == 0, result.output
    assert "Aufbewahrungsfristen angewendet, Stichtag 01.01.2030" in result.output
    assert "abgeschlossene Fälle" in result.output and "1 gelöscht" in result.output
    assert "Prüfprotokoll:" in result.output and "Grabstein" in result.output
    assert scan(env) == []  # the closed case is gone from every table
    assert scan(env, ("Oberdorfer",)) == []  # and the open case's old reason from all of them
    with env.db.read() as session:
        kept = session.scalars(select(Decision).where(Decision.case_id == "EX-2")).one()
        assert kept.reason == "" and kept.kind == "monitor"  # the decision itself stays
        simulation = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "ruleset.simulate")
        ).one()
        assert json.loads(simulation.erased)["kind"] == "tombstone"
        assert simulation.details == "{}"
        verified = chain.verify(session)
    assert verified.ok, verified.message
    assert verified.tombstones >= 2 and verified.redacted >= 1
    assert cli("audit", "verify").exit_code == 0
    again = cli("retention", "apply", "--as-of", FAR)  # idempotent
    assert again.exit_code == 0 and "): 0 gelöscht" in again.output


def test_periods_are_configurable(env, cli, monkeypatch):
    _history(env)
    monkeypatch.setenv("TRIAGE_RETENTION_CLOSED_CASE_DAYS", "1")
    soon = (date.today() + timedelta(days=3)).isoformat()
    result = cli("retention", "apply", "--as-of", soon)
    assert result.exit_code == 0, result.output
    assert "(Frist 1 Tag," in result.output
    assert scan(env) == []
    assert scan(env, ("Oberdorfer",))  # reasons keep their own, longer period
    bad = cli("retention", "apply", "--as-of", "morgen")
    assert bad.exit_code == 2


def _evaluations(env) -> dict[str, int]:
    with env.db.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT case_id, count(*) FROM case_evaluations GROUP BY case_id"
        ).all()
    return {case_id: int(n) for case_id, n in rows}


def test_recorded_evaluations_keep_each_cases_newest(env, cli):
    """Works on the real ``case_evaluations`` table where the schema has it, else on a minimal
    stand-in of it (same name, ``id``, ``case_id``, ``recorded_at``): the rule is the same."""
    from sqlalchemy import inspect

    _history(env)
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster", name="lena2")
    with env.db.engine.begin() as connection:
        stand_in = not inspect(connection).has_table("case_evaluations")
    try:
        _check_evaluation_retention(env, cli, lead, stand_in)
    finally:
        if stand_in:  # the PostgreSQL database is shared by the session's tests
            with env.db.engine.begin() as connection:
                connection.exec_driver_sql("DROP TABLE IF EXISTS case_evaluations")


def _check_evaluation_retention(env, cli, lead, stand_in) -> None:
    with env.db.engine.begin() as connection:
        if stand_in:
            connection.exec_driver_sql(
                "CREATE TABLE case_evaluations (id INTEGER PRIMARY KEY, "
                "case_id VARCHAR(64) NOT NULL REFERENCES cases (case_id), "
                "recorded_at TIMESTAMP WITH TIME ZONE NOT NULL)"
            )
            for i, case_id in enumerate(("EX-1", "EX-1", "EX-1", "EX-2"), start=1):
                connection.exec_driver_sql(
                    "INSERT INTO case_evaluations (id, case_id, recorded_at) "
                    f"VALUES ({i}, '{case_id}', CURRENT_TIMESTAMP)"
                )
    for custody in (True, False):  # new versions: evaluations recorded where the schema does
        record = json.loads(EXAMPLES.read_text().splitlines()[2]) | {"in_custody": custody}
        assert env.import_jsonl(lead, json.dumps(record) + "\n").status_code == 201
    before = _evaluations(env)
    assert before
    dry = cli("retention", "apply", "--dry-run", "--as-of", FAR)
    due = sum(n - 1 for n in before.values())  # the dry run counts before erasing cases
    assert f"newest stays): {due}" in dry.output.replace("jüngste je Fall bleibt", "newest stays")
    result = cli("retention", "apply", "--as-of", FAR)
    assert result.exit_code == 0, result.output
    after = _evaluations(env)
    assert VICTIM not in after  # erased with its closed case
    assert after == {case_id: 1 for case_id in before if case_id != VICTIM}
    with env.db.read() as session:
        assert chain.verify(session).ok
