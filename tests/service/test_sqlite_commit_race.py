"""A SQLite file deleted or moved while a write runs loses nothing that was confirmed (issue #14,
item 8e).

The file's identity used to be checked only when ``Database.write()`` opened the transaction: an
import that was running when ``rm t.db*`` came committed into the deleted file and answered
``201 created``. Now the identity is checked again right before the commit (and after it); the
transaction is rolled back and the request gets the same 503 as a file that is already gone.

The race is made deterministic: the file is moved away from inside the write block, after the
rows were written and before the commit, and moved back afterwards to show that nothing of the
write reached it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from service.cases import views as case_views
from service.cases.models import CaseRecord
from service.db.engine import Database
from service.main import create_app
from tests.service.conftest import make_settings
from tests.service.test_sqlite_file import _admin, _import, _migrated


def _move(path: Path, to: Path) -> None:
    path.rename(to)


def _count_cases(url: str) -> int:
    db = Database(url)
    try:
        with db.read() as session:
            return int(session.scalar(select(func.count()).select_from(CaseRecord)) or 0)
    finally:
        db.dispose()


def test_a_file_moved_away_before_the_commit_rolls_the_write_back(tmp_path):
    path = tmp_path / "t.db"
    url = _migrated(path)
    db = Database(url)
    try:
        with pytest.raises(OperationalError), db.write() as session:
            session.execute(text("CREATE TABLE probe (x INTEGER)"))
            session.execute(text("INSERT INTO probe VALUES (1)"))
            _move(path, tmp_path / "away.db")  # between open and commit
    finally:
        db.dispose()
    _move(tmp_path / "away.db", path)
    check = Database(url)
    try:
        with check.read() as session:
            tables = session.scalars(
                text("SELECT name FROM sqlite_master WHERE name = 'probe'")
            ).all()
        assert tables == []  # rolled back, not committed into the moved file
    finally:
        check.dispose()


def test_an_import_whose_file_is_deleted_before_the_commit_is_not_confirmed(tmp_path, monkeypatch):
    path = tmp_path / "t.db"
    url = _migrated(path)
    original = case_views.case_service.store_import

    def store_then_lose_the_file(**kwargs: Any) -> Any:
        stored = original(**kwargs)  # the rows are written, the transaction is still open
        _move(path, tmp_path / "away.db")
        return stored

    app = create_app(make_settings(url))
    with TestClient(app) as client:
        auth = _admin(app)
        monkeypatch.setattr(case_views.case_service, "store_import", store_then_lose_the_file)
        response = _import(client, auth)
        assert response.status_code == 503, response.text  # not 201 "created"
        assert "created" not in response.json()
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["database"] == "gone"
    _move(tmp_path / "away.db", path)
    assert _count_cases(url) == 0  # nothing was stored that the answer did not confirm
