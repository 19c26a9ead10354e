"""The GDPR scrub under the documented role separation (issue #14, item 10f).

The service runs as the runtime role, which owns no table (``triage db runtime-grants``); only
a table's owner may ``VACUUM FULL`` it, and PostgreSQL skips the others with no more than a
WARNING in the server log. The erasure used to report success while the erased case's bytes
stayed in the table files. Now the erasure stands (rows emptied), but its audit entry and the
answer say that the physical scrub is pending, and ``triage db scrub`` run with the owner's
``DATABASE_URL`` removes the bytes.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from service.audit.models import AuditEntry
from service.main import create_app
from tests.service.conftest import make_settings
from tests.service.pg_roles import runtime_role
from tests.service.test_erasure import VICTIM, _history, _in_files, scan

pytestmark = pytest.mark.postgres


def _triage(monkeypatch, url: str, *args: str):
    from service.cli.app import _register, app

    _register()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("TRIAGE_MODE", raising=False)
    return CliRunner().invoke(app, list(args))


def test_the_runtime_role_reports_the_scrub_pending_and_the_owner_completes_it(
    make_env, monkeypatch
):
    env = make_env(erasure_scrub=True)
    if env.kind != "postgresql":
        pytest.skip("PostgreSQL roles")
    tokens = _history(env)
    assert _in_files(env, VICTIM)
    with runtime_role(env) as runtime_url:
        app = create_app(make_settings(runtime_url, erasure_scrub=True))
        with TestClient(app) as client:
            asked = client.post(
                f"/api/v1/cases/{VICTIM}/erasure-requests",
                json={"reason": "Antrag der betroffenen Person vom 28.11.2026, Az. DS-2026-115"},
                headers=env.auth(tokens["admin1"]),
            )
            assert asked.status_code == 201, asked.text
            done = client.post(
                f"/api/v1/erasure-requests/{asked.json()['id']}/confirm",
                headers=env.auth(tokens["admin2"]),
                params={"lang": "en"},
            )
        assert done.status_code == 200, done.text
        body = done.json()
        assert scan(env) == []  # the erasure itself stands: no row holds the case
        # ... but the runtime role could not rewrite the tables, and the answer says so
        assert "cases" in body["scrub_pending"] and "audit_log" in body["scrub_pending"]
        assert "triage db scrub" in body["scrub_note"] and "PENDING" in body["scrub_note"]
        with env.db.read() as session:
            details = session.scalar(
                select(AuditEntry.details).where(AuditEntry.seq == body["audit_seq"])
            )
        assert json.loads(details)["scrub"] == "pending_owner"
        assert _in_files(env, VICTIM), "the bytes should still be there: VACUUM was skipped"

        # the command line, as the runtime role: the erasure is done, the scrub said pending
        asked_cli = _triage(
            monkeypatch, runtime_url, "cases", "erase-request", "EX-1",
            "--reason", "Antrag der Person, Az. 7", "--token", tokens["admin1"],
        )  # fmt: skip
        assert asked_cli.exit_code == 0, asked_cli.output
        request_id = asked_cli.output.split("Löschantrag ")[1].split()[0]
        done_cli = _triage(
            monkeypatch, runtime_url, "cases", "erase-confirm", request_id,
            "--token", tokens["admin2"],
        )  # fmt: skip
        assert done_cli.exit_code == 0, done_cli.output
        assert "Gelöscht" in done_cli.output
        assert "AUSSTEHEND" in done_cli.output and "triage db scrub" in done_cli.output

        # `triage db scrub` as the runtime role cannot do it either, and says so (exit 1)
        refused = _triage(monkeypatch, runtime_url, "db", "scrub")
        assert refused.exit_code == 1, refused.output
        assert "triage db scrub" in refused.output
        assert _in_files(env, VICTIM)

    # as the owner (the test's database URL, as `triage db upgrade` is run)
    scrubbed = _triage(monkeypatch, env.url, "db", "scrub")
    assert scrubbed.exit_code == 0, scrubbed.output
    left = _in_files(env, VICTIM)
    assert left == [], f"the erased case is still in {left}"


def test_the_owner_scrubs_at_once_and_reports_nothing_pending(make_env):
    env = make_env(erasure_scrub=True)
    if env.kind != "postgresql":
        pytest.skip("PostgreSQL roles")
    tokens = _history(env)
    asked = env.client.post(
        f"/api/v1/cases/{VICTIM}/erasure-requests",
        json={"reason": "Antrag der betroffenen Person vom 28.11.2026, Az. DS-2026-115"},
        headers=env.auth(tokens["admin1"]),
    )
    done = env.client.post(
        f"/api/v1/erasure-requests/{asked.json()['id']}/confirm",
        headers=env.auth(tokens["admin2"]),
    )
    assert done.status_code == 200, done.text
    assert done.json()["scrub_pending"] == [] and done.json()["scrub_note"] is None
    assert _in_files(env, VICTIM) == []
