"""A PostgreSQL runtime role as docs/operations.md prescribes, for the tests of the role
separation (the audit triggers, the GDPR scrub)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.service.conftest import pg_admin_connection


@contextmanager
def runtime_role(env: Any) -> Iterator[str]:
    """A login role in the test's database granted what ``triage db runtime-grants`` prints
    (owner ``postgres``); yields the URL of the database as that role, and drops the role
    with what it was granted afterwards."""
    import psycopg

    from service.db import roles

    role = f"rrk_rt_{uuid.uuid4().hex[:10]}"
    dbname = env.db.engine.url.database
    with pg_admin_connection() as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
    try:
        with psycopg.connect(
            host="127.0.0.1", user="postgres", dbname=dbname, autocommit=True
        ) as owner:
            for statement in roles.runtime_grants(role, owner="postgres"):
                owner.execute(statement)
        url = env.db.engine.url.set(username=role, password=None)
        yield url.render_as_string(hide_password=False)
    finally:
        with pg_admin_connection() as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                (role,),
            )
            with psycopg.connect(
                host="127.0.0.1", user="postgres", dbname=dbname, autocommit=True
            ) as owner:
                owner.execute(f"DROP OWNED BY {role}")
            admin.execute(f"DROP ROLE {role}")
