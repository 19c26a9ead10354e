"""Engine and sessions for SQLite (embedded) and PostgreSQL (production).

Two session factories share one pool: ``read()`` for plain reads and ``write()`` for
transactions that change data. On SQLite a write transaction starts with ``BEGIN IMMEDIATE`` so
that two writers never both read the audit chain's head and then collide; on PostgreSQL the
audit chain takes a row lock instead (:mod:`service.audit.chain`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from service.audit.keys import AuditKey, from_environment

_WRITE_OPTION = "triage_write"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself (see _sqlite_begin); sqlite3's own handling is too lazy.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, *, connect_timeout: int = 5, pool_size: int = 10) -> Engine:
    """An engine with pre-ping, so that a pool survives a database restart by itself."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            pool_pre_ping=True,
            pool_size=pool_size,
            max_overflow=pool_size,
            connect_args={"timeout": 10, "check_same_thread": False},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=connect_timeout,
        connect_args={"connect_timeout": connect_timeout},
    )


class Database:
    """One engine and its two session factories.

    ``audit_key`` signs the audit entries written through these sessions (``session.info``);
    default: ``TRIAGE_AUDIT_KEY`` / ``TRIAGE_AUDIT_KEY_FILE`` from the environment. A database
    without a key can be read and verified without the HMACs, but appends refuse.
    """

    def __init__(
        self,
        url: str,
        *,
        connect_timeout: int = 5,
        pool_size: int = 10,
        audit_key: AuditKey | None = None,
    ) -> None:
        self.url = url
        self.engine = make_engine(url, connect_timeout=connect_timeout, pool_size=pool_size)
        self.dialect = self.engine.dialect.name
        self.audit_key = audit_key if audit_key is not None else from_environment()
        info = {"audit_key": self.audit_key}
        self._read = sessionmaker(self.engine, expire_on_commit=False, info=info)
        self._write = sessionmaker(
            self.engine.execution_options(**{_WRITE_OPTION: True}),
            expire_on_commit=False,
            info=info,
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reads; closing it ends the transaction without committing anything.

        Objects stay readable after the block (they are detached, not expired).
        """
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed when the block ends, rolled back on any error."""
        with self._write() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
