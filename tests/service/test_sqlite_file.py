"""A deleted SQLite file must not lose confirmed writes (issue #14, item 8).

The attack: after ``rm t.db*`` imports still answered 201 (into the deleted file, through the
connections the pool held) and ``/readyz`` said ready; a restart created an empty database.
Now the file is opened without create (``mode=rw``; ``triage db upgrade`` makes it), every
session checks that the path still names the opened file, and ``/readyz`` checks that and that
it is writable.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service.auth import service as user_service
from service.db import migrate
from service.db.engine import Database
from service.main import create_app
from tests.service.conftest import EXAMPLES, make_settings


def _migrated(path: Path) -> str:
    url = f"sqlite:///{path}"
    db = Database(url, create=True)
    migrate.upgrade(db.engine)
    db.dispose()
    return url


def _admin(app) -> dict[str, str]:
    with app.state.db.write() as session:
        _, token = user_service.create(
            db_session=session, name="admin", role="admin", regions=None, actor="test"
        )
    return {"Authorization": f"Bearer {token}"}


def _import(client: TestClient, auth: dict[str, str]):
    return client.post(
        "/api/v1/cases/import",
        content=EXAMPLES.read_bytes(),
        headers={**auth, "Content-Type": "application/x-ndjson"},
    )


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def test_a_missing_file_is_not_created_and_not_ready(tmp_path):
    path = tmp_path / "t.db"
    app = create_app(make_settings(f"sqlite:///{path}"))
    with TestClient(app) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["database"] == "gone"
        assert "triage db upgrade" in ready.json()["detail"]
        assert client.get("/api/v1/me", headers={"Authorization": "Bearer x"}).status_code == 503
    assert not path.exists()


def test_deleting_the_file_stops_writes_instead_of_confirming_them(tmp_path):
    path = tmp_path / "t.db"
    app = create_app(make_settings(_migrated(path)))
    with TestClient(app) as client:
        auth = _admin(app)
        assert client.get("/readyz").status_code == 200
        assert client.get("/api/v1/queue", headers=auth).status_code == 200  # pool is warm
        _remove(path)
        response = _import(client, auth)
        assert response.status_code == 503, response.text  # not 201 into a deleted file
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["database"] == "gone"
    assert not path.exists()  # and nothing created an empty database in its place


def test_a_replaced_file_is_refused_until_restart(tmp_path):
    path = tmp_path / "t.db"
    app = create_app(make_settings(_migrated(path)))
    with TestClient(app) as client:
        auth = _admin(app)
        assert client.get("/api/v1/me", headers=auth).status_code == 200
        _remove(path)
        _migrated(path)  # someone runs `triage db upgrade`: a new, empty file of that name
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["database"] == "replaced"
        assert client.get("/api/v1/me", headers=auth).status_code == 503
        app.state.db.engine.pool.dispose()  # new connections to the new file: refused too
        assert client.get("/api/v1/me", headers=auth).status_code == 503


def test_a_read_only_file_makes_readyz_fail(tmp_path):
    path = tmp_path / "t.db"
    app = create_app(make_settings(_migrated(path)))
    with TestClient(app) as client:
        assert client.get("/readyz").status_code == 200
        os.chmod(path, stat.S_IRUSR | stat.S_IRGRP)
        try:
            ready = client.get("/readyz")
        finally:
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        assert ready.status_code == 503 and ready.json()["database"] == "read-only"
        assert client.get("/readyz").status_code == 200


@pytest.fixture
def cli(monkeypatch, tmp_path):
    from service.cli.app import _register, app

    _register()
    path = tmp_path / "cli.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.delenv("TRIAGE_MODE", raising=False)
    runner = CliRunner()
    return path, lambda *args: runner.invoke(app, list(args))


def test_only_db_upgrade_creates_the_file(cli):
    path, run = cli
    result = run("users", "list")
    assert result.exit_code == 1 and "triage db upgrade" in result.output
    assert not path.exists()
    assert run("db", "upgrade").exit_code == 0
    assert path.exists()
    assert run("users", "list").exit_code == 0
