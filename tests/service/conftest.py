"""Fixtures for the service tests: every test runs on SQLite and on PostgreSQL.

The PostgreSQL half needs the server at 127.0.0.1:5432 (user postgres, trust auth; override
with TRIAGE_TEST_PG, a libpq connection string to a database the user may create others from).
The session creates its own uniquely named database, migrates it once and drops it at the end;
when the server cannot be reached those tests are skipped and the reason is shown in the summary.
SQLite tests copy a migrated template file per test.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.auth import service as user_service
from service.db import migrate
from service.db.engine import Database
from service.main import create_app
from service.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "examples.jsonl"
AS_OF = "2026-11-23"
PG_ADMIN = os.environ.get(
    "TRIAGE_TEST_PG", "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
)
BACKENDS = ("sqlite", "postgresql")
#: Tables holding one row of shared state: reset below, never emptied.
_SINGLETONS = frozenset({"audit_head", "store_state", "model_state"})


def _tables() -> str:
    """Every table of the schema except the singletons, so that a new table is emptied too."""
    from service.db.models import Base

    return ", ".join(sorted(set(Base.metadata.tables) - _SINGLETONS))


def _pg_url(dbname: str) -> str:
    import psycopg

    info = psycopg.conninfo.conninfo_to_dict(PG_ADMIN)
    user = info.get("user", "postgres")
    host = info.get("host", "127.0.0.1")
    port = info.get("port", "5432")
    password = f":{info['password']}" if info.get("password") else ""
    return f"postgresql+psycopg://{user}{password}@{host}:{port}/{dbname}"


def pg_admin_connection() -> Any:
    import psycopg

    return psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)


class Backend:
    """One database kind for the whole session; ``fresh()`` gives an empty, migrated database."""

    def __init__(self, kind: str, workdir: Path) -> None:
        self.kind = kind
        self.workdir = workdir
        self._count = 0
        self.pg_name: str | None = None
        if kind == "sqlite":
            self.template = workdir / "template.db"
            db = Database(f"sqlite:///{self.template}", create=True)
            migrate.upgrade(db.engine)
            with db.engine.connect() as connection:  # fold the WAL into the file before copying
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            db.dispose()
        else:
            self.pg_name = f"rrk_test_{uuid.uuid4().hex[:12]}"
            with pg_admin_connection() as connection:
                connection.execute(f'CREATE DATABASE "{self.pg_name}"')
            db = Database(_pg_url(self.pg_name))
            migrate.upgrade(db.engine)
            db.dispose()

    def fresh(self) -> str:
        """URL of an empty database at the newest schema."""
        self._count += 1
        if self.kind == "sqlite":
            directory = self.workdir / f"db{self._count}"
            directory.mkdir()
            shutil.copy(self.template, directory / "triage.db")
            return f"sqlite:///{directory / 'triage.db'}"
        assert self.pg_name is not None
        with pg_admin_connection() as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (self.pg_name,),
            )
        import psycopg

        info = psycopg.conninfo.conninfo_to_dict(PG_ADMIN)
        info["dbname"] = self.pg_name
        with psycopg.connect(**info, autocommit=True) as connection:
            # The audit log refuses TRUNCATE by trigger; replica mode switches triggers off.
            connection.execute("SET session_replication_role = replica")
            connection.execute(f"TRUNCATE {_tables()} RESTART IDENTITY CASCADE")
            connection.execute("UPDATE audit_head SET seq = 0, hash = %s", ("0" * 64,))
            connection.execute("UPDATE store_state SET revision = 0")
            connection.execute("UPDATE model_state SET generation = 0, uri = NULL")
            connection.execute(
                "UPDATE alembic_version SET version_num = %s", (migrate.head_revision(),)
            )
        return _pg_url(self.pg_name)

    def close(self) -> None:
        if self.pg_name:
            with pg_admin_connection() as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def _pg_unreachable() -> str | None:
    try:
        with pg_admin_connection() as connection:
            connection.execute("SELECT 1")
    except Exception as error:  # any failure means: no PostgreSQL here
        return f"PostgreSQL not reachable ({PG_ADMIN}): {str(error).strip().splitlines()[0]}"
    return None


@pytest.fixture(scope="session", params=BACKENDS)
def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    if request.param == "postgresql":
        reason = _pg_unreachable()
        if reason:
            pytest.skip(reason)
    instance = Backend(request.param, tmp_path_factory.mktemp(f"db-{request.param}"))
    yield instance
    instance.close()


@dataclass
class Env:
    """An app on a fresh database, with a test client and helpers to make users."""

    kind: str
    url: str
    app: FastAPI
    client: TestClient
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def db(self) -> Database:
        return self.app.state.db

    def user(self, role: str, regions: str | None = None, name: str | None = None) -> str:
        """Create a user and return its bearer token."""
        name = name or f"{role}-{(regions or 'all').replace(',', '-')}-{len(self.tokens)}"
        with self.db.write() as session:
            _, token = user_service.create(
                db_session=session, name=name, role=role, regions=regions, actor="test"
            )
        self.tokens[name] = token
        return token

    def auth(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def import_jsonl(self, token: str, text: str) -> Any:
        return self.client.post(
            "/api/v1/cases/import",
            content=text.encode(),
            headers={**self.auth(token), "Content-Type": "application/x-ndjson"},
        )

    def import_examples(self, token: str | None = None) -> None:
        token = token or self.user("admin", name=f"importer-{len(self.tokens)}")
        response = self.import_jsonl(token, EXAMPLES.read_text())
        assert response.status_code == 201, response.text


def make_settings(url: str, **overrides: Any) -> Settings:
    overrides.setdefault("model_uri", None)  # tests that want a model configure one
    # Permission tests send many bad tokens on purpose; the throttle tests set their limit.
    overrides.setdefault("auth_failure_limit", 10_000)
    return Settings(mode="production", database_url=url, **overrides)


@pytest.fixture
def make_env(backend: Backend) -> Iterator[Callable[..., Env]]:
    """Factory: a new app on a fresh database (settings overridable)."""
    opened: list[TestClient] = []

    def factory(**overrides: Any) -> Env:
        url = backend.fresh()
        app = create_app(make_settings(url, **overrides))
        client = TestClient(app)
        client.__enter__()
        opened.append(client)
        return Env(backend.kind, url, app, client)

    yield factory
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def cli(env: Env, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """``triage`` on the test's database: ``cli("audit", "verify")`` -> Click's result."""
    from typer.testing import CliRunner

    from service.cli.app import _register, app

    _register()
    monkeypatch.setenv("DATABASE_URL", env.url)
    monkeypatch.delenv("TRIAGE_MODE", raising=False)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


@pytest.fixture
def env(make_env: Callable[..., Env]) -> Env:
    return make_env()


@pytest.fixture
def examples_text() -> str:
    return EXAMPLES.read_text()
