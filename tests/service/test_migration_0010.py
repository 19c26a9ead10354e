"""Migration 0010 (case ids unique per region, issue #14) on SQLite and PostgreSQL.

A database at 0009 with cases of two regions and the rows that name them (versions, decisions,
evaluations, explanations shown, erasure requests) is upgraded: every new region column holds
the region of its case, the same id can then be used in another region, the composite foreign
keys refuse a row naming a (region, id) of no case, and the downgrade refuses while one id is
used in two regions and goes back to 0009 otherwise.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.exc import IntegrityError

from service.db import migrate
from service.db.engine import Database
from tests.service.conftest import Backend, _pg_url, pg_admin_connection

_AT = "2026-11-02 10:00:00+00:00"
#: The cases at 0009: id -> region (ids were unique statewide then).
_OLD_CASES = {"K-1": "koeln", "K-2": "koeln", "D-1": "duesseldorf"}


@pytest.fixture
def old_db(backend: Backend, tmp_path) -> Iterator[Database]:
    """An empty database of the backend's kind at revision 0009 (its own, dropped afterwards)."""
    if backend.kind == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'old.db'}", create=True)
        try:
            assert migrate.upgrade(db.engine, "0009") == "0009"
            yield db
        finally:
            db.dispose()
        return
    name = f"rrk_test_m10_{uuid.uuid4().hex[:12]}"
    with pg_admin_connection() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    db = Database(_pg_url(name))
    try:
        assert migrate.upgrade(db.engine, "0009") == "0009"
        yield db
    finally:
        db.dispose()
        with pg_admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _downgrade(db: Database, revision: str) -> str | None:
    """Alembic's downgrade on the app's engine (as :func:`migrate.upgrade` runs the upgrade)."""
    config = migrate.alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
    return migrate.current_revision(db.engine)


def _insert_case_0009(connection: sa.Connection, case_id: str, region: str) -> None:
    """A case as 0009 stored it, with one row in every table that names a case."""
    connection.execute(
        sa.text(
            "INSERT INTO cases (case_id, region, current_version, status, first_imported_at, "
            f"updated_at) VALUES (:c, :r, 1, 'open', '{_AT}', '{_AT}')"
        ),
        {"c": case_id, "r": region},
    )
    connection.execute(
        sa.text(
            "INSERT INTO case_versions (case_id, version, region, received_on, data, "
            "content_hash, imported_at, imported_by, import_id) VALUES (:c, 1, :r, "
            f"'2026-10-01', '{{}}', :h, '{_AT}', 'importer', :i)"
        ),
        {"c": case_id, "r": region, "h": "0" * 64, "i": str(uuid.uuid4())},
    )
    connection.execute(
        sa.text(
            "INSERT INTO decisions (case_id, case_version, kind, reason, override, rank, tier, "
            "score, as_of, ruleset, decided_by, decided_at, audit_seq) VALUES (:c, 1, "
            f"'accepted', 'passt', FALSE, 1, 'high', 70, '2026-11-01', 'nrw-2026', 'sb', "
            f"'{_AT}', 1)"
        ),
        {"c": case_id},
    )
    connection.execute(
        sa.text(
            "INSERT INTO case_evaluations (case_id, case_version, region, as_of, recorded_at, "
            "ruleset, tier, score, criteria, blockers, actions, cause, cause_detail, actor) "
            f"VALUES (:c, 1, :r, '2026-11-01', '{_AT}', 'nrw-2026', 'high', 70, '[]', '[]', "
            "'[]', 'import', '{}', 'importer')"
        ),
        {"c": case_id, "r": region},
    )
    connection.execute(
        sa.text(
            "INSERT INTO explanations_shown (case_id, case_version, view, ruleset, as_of, lang, "
            "content_kind, content, content_hash, shown_to, shown_at, audit_seq) VALUES (:c, 1, "
            f"'case', 'nrw-2026', '2026-11-01', 'de', 'text', 'Erklärung', :h, 'sb', '{_AT}', 2)"
        ),
        {"c": case_id, "h": "1" * 64},
    )
    connection.execute(
        sa.text(
            "INSERT INTO erasure_requests (id, case_id, requested_by, requested_at, reason) "
            f"VALUES (:i, :c, 'dsb', '{_AT}', 'Art. 17')"
        ),
        {"i": str(uuid.uuid4()), "c": case_id},
    )


def _regions(connection: sa.Connection, table: str) -> dict[str, set[str]]:
    rows = connection.execute(sa.text(f"SELECT case_id, region FROM {table}"))
    found: dict[str, set[str]] = {}
    for case_id, region in rows:
        found.setdefault(case_id, set()).add(region)
    return found


_NAMING = (
    "case_versions",
    "decisions",
    "case_evaluations",
    "explanations_shown",
    "erasure_requests",
)


def test_the_upgrade_names_every_case_by_region_and_id(old_db):
    with old_db.engine.begin() as connection:
        for case_id, region in _OLD_CASES.items():
            _insert_case_0009(connection, case_id, region)

    assert migrate.upgrade(old_db.engine, "0010") == "0010"

    expected = {case_id: {region} for case_id, region in _OLD_CASES.items()}
    with old_db.engine.connect() as connection:
        assert _regions(connection, "cases") == expected
        for table in _NAMING:
            assert _regions(connection, table) == expected, table
        nullable = {
            table: next(
                c["nullable"]
                for c in sa.inspect(connection).get_columns(table)
                if c["name"] == "region"
            )
            for table in _NAMING
        }
        assert not any(nullable.values()), nullable
        pk = sa.inspect(connection).get_pk_constraint("cases")["constrained_columns"]
        assert sorted(pk) == ["case_id", "region"]


def test_after_the_upgrade_an_id_can_be_used_in_another_region_and_keys_hold(old_db):
    with old_db.engine.begin() as connection:
        for case_id, region in _OLD_CASES.items():
            _insert_case_0009(connection, case_id, region)
    migrate.upgrade(old_db.engine, "0010")

    # A version naming (duesseldorf, K-1) before that case exists: the old key (the id alone)
    # would have let it through, the composite one refuses it. SQLite enforces foreign keys
    # on the app's engine (PRAGMA foreign_keys=ON in service/db/engine.py).
    with pytest.raises(IntegrityError), old_db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO case_versions (case_id, version, region, received_on, data, "
                "content_hash, imported_at, imported_by, import_id) VALUES ('K-1', 1, "
                f"'duesseldorf', '2026-10-01', '{{}}', :h, '{_AT}', 'importer', :i)"
            ),
            {"h": "2" * 64, "i": str(uuid.uuid4())},
        )
    with pytest.raises(IntegrityError), old_db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO decisions (case_id, case_version, region, kind, reason, override, "
                "tier, score, as_of, ruleset, decided_by, decided_at, audit_seq) VALUES ('K-1', "
                "1, 'muenster', 'accepted', 'x', FALSE, 'high', 70, '2026-11-01', 'nrw-2026', "
                f"'sb', '{_AT}', 3)"
            )
        )

    # The same id in another region: its own case, its own version 1.
    with old_db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO cases (region, case_id, current_version, status, "
                f"first_imported_at, updated_at) VALUES ('duesseldorf', 'K-1', 1, 'open', "
                f"'{_AT}', '{_AT}')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO case_versions (case_id, version, region, received_on, data, "
                "content_hash, imported_at, imported_by, import_id) VALUES ('K-1', 1, "
                f"'duesseldorf', '2026-10-01', '{{}}', :h, '{_AT}', 'importer', :i)"
            ),
            {"h": "2" * 64, "i": str(uuid.uuid4())},
        )
    with old_db.engine.connect() as connection:
        assert _regions(connection, "cases")["K-1"] == {"koeln", "duesseldorf"}
        assert _regions(connection, "case_versions")["K-1"] == {"koeln", "duesseldorf"}
    # (region, id, version) stays unique
    with pytest.raises(IntegrityError), old_db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO case_versions (case_id, version, region, received_on, data, "
                "content_hash, imported_at, imported_by, import_id) VALUES ('K-1', 1, "
                f"'duesseldorf', '2026-10-01', '{{}}', :h, '{_AT}', 'importer', :i)"
            ),
            {"h": "3" * 64, "i": str(uuid.uuid4())},
        )


def test_the_downgrade_refuses_an_id_used_in_two_regions_and_works_otherwise(old_db):
    with old_db.engine.begin() as connection:
        for case_id, region in _OLD_CASES.items():
            _insert_case_0009(connection, case_id, region)
    migrate.upgrade(old_db.engine, "0010")
    with old_db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO cases (region, case_id, current_version, status, "
                f"first_imported_at, updated_at) VALUES ('muenster', 'K-2', 1, 'open', "
                f"'{_AT}', '{_AT}')"
            )
        )

    with pytest.raises(RuntimeError, match="'K-2'"):
        _downgrade(old_db, "0009")
    assert migrate.current_revision(old_db.engine) == "0010"
    with old_db.engine.connect() as connection:
        assert _regions(connection, "cases")["K-2"] == {"koeln", "muenster"}
        assert _regions(connection, "decisions")["K-2"] == {"koeln"}

    with old_db.engine.begin() as connection:
        connection.execute(
            sa.text("DELETE FROM cases WHERE region = 'muenster' AND case_id = 'K-2'")
        )
    assert _downgrade(old_db, "0009") == "0009"

    with old_db.engine.connect() as connection:
        inspector = sa.inspect(connection)
        assert inspector.get_pk_constraint("cases")["constrained_columns"] == ["case_id"]
        for table in ("decisions", "explanations_shown", "erasure_requests"):
            columns = {c["name"] for c in inspector.get_columns(table)}
            assert "region" not in columns, table
        assert _regions(connection, "cases") == {c: {r} for c, r in _OLD_CASES.items()}
        for table in ("decisions", "explanations_shown", "erasure_requests"):
            ids = {row[0] for row in connection.execute(sa.text(f"SELECT case_id FROM {table}"))}
            assert ids == set(_OLD_CASES), table
    # 0009's key is the id alone again: a version naming no case is still refused.
    with pytest.raises(IntegrityError), old_db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO case_versions (case_id, version, region, received_on, data, "
                "content_hash, imported_at, imported_by, import_id) VALUES ('X-9', 1, "
                f"'koeln', '2026-10-01', '{{}}', :h, '{_AT}', 'importer', :i)"
            ),
            {"h": "4" * 64, "i": str(uuid.uuid4())},
        )
    # and up again
    assert migrate.upgrade(old_db.engine, "0010") == "0010"
