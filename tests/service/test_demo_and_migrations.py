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
