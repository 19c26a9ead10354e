"""Probes, metrics, and the database going away: 503 with a clear message, then recovery."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, make_url

from tests.service.conftest import pg_admin_connection
from texts import text

AS_OF = "2026-11-23"
#: What a German reader is told while the database is gone (the default language).
DB_UNAVAILABLE = text("api.db_unavailable", "de")


def test_probes_and_metrics(env):
    assert env.client.get("/api/v1/healthz").json() == {"status": "ok"}
    assert env.client.get("/healthz").status_code == 200
    ready = env.client.get("/api/v1/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    assert ready.json()["model"] == "unavailable"
    env.client.get("/api/v1/queue")
    metrics = env.client.get("/api/v1/metrics")
    assert metrics.status_code == 200
    assert "triage_http_requests_total" in metrics.text
    assert 'status="401"' in metrics.text


def test_security_headers(env):
    response = env.client.get("/api/v1/healthz")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


@contextmanager
def database_unreachable(env) -> Iterator[None]:
    """Make the database unreachable for new connections, then bring it back."""
    if env.kind == "postgresql":
        name = make_url(env.url).database
        with pg_admin_connection() as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
            )
        try:
            yield
        finally:
            with pg_admin_connection() as admin:
                admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    else:
        directory = Path(make_url(env.url).database).parent
        hidden = directory.with_name(directory.name + "-gone")
        directory.rename(hidden)  # like an unmounted volume: the file cannot be opened
        env.db.engine.pool.dispose()
        try:
            yield
        finally:
            hidden.rename(directory)


def _lose_connection_on_next_statement(env) -> None:
    """Kill this request's database connection just before its next statement runs."""
    state = {"armed": True}

    def before(conn, cursor, statement, parameters, context, executemany):
        if not state["armed"] or "audit_head" not in statement:
            return
        state["armed"] = False
        if env.kind == "postgresql":
            pid = conn.connection.dbapi_connection.info.backend_pid
            with pg_admin_connection() as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        else:
            # What SQLite reports when its storage fails under an open connection.
            raise sqlite3.OperationalError("disk I/O error")

    event.listen(env.db.engine, "before_cursor_execute", before)


def test_losing_the_database_mid_request_is_503_and_the_next_request_succeeds(env):
    env.import_examples()
    token = env.user("admin")
    headers = env.auth(token)
    assert (
        env.client.get("/api/v1/queue", params={"as_of": AS_OF}, headers=headers).status_code == 200
    )
    _lose_connection_on_next_statement(env)
    lost = env.client.get("/api/v1/queue", params={"as_of": AS_OF}, headers=headers)
    assert lost.status_code == 503
    assert lost.json() == {"detail": DB_UNAVAILABLE}
    assert lost.headers["retry-after"] == "5"
    after = env.client.get("/api/v1/queue", params={"as_of": AS_OF}, headers=headers)
    assert after.status_code == 200 and after.json()["total"] == 3


def test_unreachable_database_is_503_until_it_returns(env):
    env.import_examples()
    token = env.user("admin")
    headers = env.auth(token)
    with database_unreachable(env):
        for method, path in (
            ("GET", "/api/v1/queue"),
            ("GET", "/api/v1/cases/EX-1"),
            ("POST", "/api/v1/cases/EX-1/decisions"),
        ):
            response = env.client.request(
                method, path, headers=headers, json={"kind": "defer", "reason": "warten"}
            )
            assert response.status_code == 503, (path, response.text)
            assert response.json()["detail"] == DB_UNAVAILABLE
        ready = env.client.get("/api/v1/readyz")
        assert ready.status_code == 503
        # SQLite: the file is gone (unmounted volume); PostgreSQL: the server refuses.
        assert ready.json()["database"] == ("gone" if env.kind == "sqlite" else "unreachable")
        assert env.client.get("/api/v1/healthz").status_code == 200
    assert env.client.get("/api/v1/readyz").status_code == 200
    assert env.client.get("/api/v1/queue", headers=headers).status_code == 200
    metrics = env.client.get("/api/v1/metrics").text
    assert "triage_database_unavailable_total 3.0" in metrics


def test_readyz_reports_an_old_schema(make_env):
    env = make_env()
    with env.db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0000'")
    ready = env.client.get("/api/v1/readyz")
    assert ready.status_code == 503 and "triage db upgrade" in ready.json()["detail"]
