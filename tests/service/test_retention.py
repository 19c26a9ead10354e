"""Retention periods (GDPR Art. 5(1)(e), issue #17 item 1): ``triage retention apply``."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from service.audit import chain
from service.audit.models import AuditEntry
from service.cli.app import _register, app
from service.decisions.models import Decision
from tests.service.conftest import EXAMPLES
from tests.service.test_erasure import REASON_TEXT, VICTIM, scan, victim_record

FAR = "2030-01-01"


@pytest.fixture
def cli(env, monkeypatch):
    _register()
    monkeypatch.setenv("DATABASE_URL", env.url)
    monkeypatch.delenv("TRIAGE_MODE", raising=False)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


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
