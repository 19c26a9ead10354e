"""Demo seeding (demo mode only) and Alembic: migrations equal the models on both databases."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient

from service.db.models import Base
from service.demo import NotDemoModeError, seed_demo
from service.main import create_app
from service.settings import Settings


def test_migrations_match_the_models(env):
    with env.db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_seed_demo_refuses_production(env):
    with pytest.raises(NotDemoModeError):
        seed_demo(Settings(database_url=env.url))


def test_seed_demo_gives_every_role_a_working_token(backend, monkeypatch):
    url = backend.fresh()
    settings = Settings(mode="demo", database_url=url, demo_cases=40)
    tokens = seed_demo(settings)
    assert set(tokens) == {"caseworker", "rrk_lead", "policy", "auditor", "admin"}
    again = seed_demo(settings)  # tokens are rotated, cases imported only once
    assert again["admin"] != tokens["admin"]
    with TestClient(create_app(settings)) as client:
        admin = {"Authorization": f"Bearer {again['admin']}"}
        assert client.get("/api/v1/me", headers=admin).json()["role"] == "admin"
        assert client.get("/api/v1/queue", headers=admin).json()["total"] > 0
        old = {"Authorization": f"Bearer {tokens['admin']}"}
        assert client.get("/api/v1/me", headers=old).status_code == 401
        lead = {"Authorization": f"Bearer {again['rrk_lead']}"}
        regions = {
            i["region"]
            for i in client.get("/api/v1/queue", headers=lead, params={"limit": 1000}).json()[
                "items"
            ]
        }
        assert regions <= {"koeln", "duesseldorf"}


def test_the_demo_records_simulated_decisions_the_monitoring_shows(backend, tmp_path):
    """``make demo`` shows departures and agreement: the rule set's simulated caseworker records
    decisions through the service path of a person's, each labelled as simulated."""
    from sqlalchemy import select

    from service.audit.models import AuditEntry
    from service.db.engine import Database
    from service.decisions.models import Decision
    from service.demo import SIMULATED_CASEWORKER

    settings = Settings(
        mode="demo", database_url=backend.fresh(), demo_cases=300, demo_decisions=60, model_uri=None
    )
    seed_demo(settings)
    tokens = seed_demo(settings)  # a second run adds none (and rotates the tokens)
    db = Database(settings.sqlalchemy_url, audit_key=settings.audit_key_in_force())
    try:
        with db.read() as session:
            decisions = session.scalars(select(Decision)).all()
            audit = session.scalars(
                select(AuditEntry).where(AuditEntry.action == "decision.create")
            ).all()
    finally:
        db.dispose()
    assert len(decisions) == 60
    assert {d.decided_by for d in decisions} == {SIMULATED_CASEWORKER}
    assert all(d.reason.startswith("[Simuliert, Demo") for d in decisions)
    assert {d.kind for d in decisions} & {"case_conference", "prepare_measure"}
    assert {d.kind for d in decisions} & {"monitor", "defer"}
    assert 0 < sum(d.override for d in decisions) < len(decisions)  # departures and not
    assert sorted(e.seq for e in audit) == sorted(d.audit_seq for d in decisions)
    assert {e.actor for e in audit} == {SIMULATED_CASEWORKER}
    with TestClient(create_app(settings)) as client:
        # the auditors read today's figures (policy staff a grid Monday: issue #14, item 4)
        auditor = {"Authorization": f"Bearer {tokens['auditor']}"}
        body = client.get("/api/v1/monitoring", headers=auditor).json()
    assert body["decisions"] == {"total": 60, "simulated": 60}
    assert body["departures"]["total"]["decisions"] == 60
    assert body["agreement"]["cases"] > 0
    # they are not a person's decisions: never labels for training on recorded decisions
    from service.decisions.export import export_decisions

    db = Database(settings.sqlalchemy_url, audit_key=settings.audit_key_in_force())
    try:
        with db.read() as session:
            counts = export_decisions(
                db_session=session,
                decisions_path=tmp_path / "decisions.jsonl",
                cases_path=tmp_path / "cases.jsonl",
            )
    finally:
        db.dispose()
    assert counts == (0, 0)


def test_no_simulated_decisions_when_the_demo_is_told_so(backend):
    from sqlalchemy import func, select

    from service.db.engine import Database
    from service.decisions.models import Decision

    settings = Settings(mode="demo", database_url=backend.fresh(), demo_cases=40, demo_decisions=0)
    seed_demo(settings)
    db = Database(settings.sqlalchemy_url, audit_key=settings.audit_key_in_force())
    try:
        with db.read() as session:
            assert session.scalar(select(func.count()).select_from(Decision)) == 0
    finally:
        db.dispose()
