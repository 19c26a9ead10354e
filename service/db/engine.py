"""Engine and sessions for SQLite (embedded) and PostgreSQL (production).

Two session factories share one pool: ``read()`` for plain reads and ``write()`` for
transactions that change data. On SQLite a write transaction starts with ``BEGIN IMMEDIATE`` so
that two writers never both read the audit chain's head and then collide; on PostgreSQL the
audit chain takes a row lock instead (:mod:`service.audit.chain`).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from service.audit.keys import AuditKey, from_environment

_WRITE_OPTION = "triage_write"


class SqliteFile:
    """The SQLite file a database was opened on, and the identity it had then.

    Opened without create (``mode=rw``) unless asked to (``triage db upgrade``, the demo): a
    deleted or moved file is an error, never a new empty database (issue #14, item 8). The
    file's identity (device and inode) is taken at the first connection; a connection to a
    different file of the same name (deleted and re-created, restored from a backup) is
    refused, and so is every session while the path no longer names the opened file. Connections
    the pool still holds to a deleted file would otherwise keep confirming writes nobody can
    ever read again.
    """

    def __init__(self, path: Path, *, create: bool) -> None:
        self.path = path.resolve()
        self.create = create
        self._identity: tuple[int, int] | None = None
        self._lock = threading.Lock()

    def connect(self) -> sqlite3.Connection:
        """A new connection (``mode=rw``, or ``rwc`` when this database may create the file)."""
        mode = "rwc" if self.create else "rw"
        uri = f"file:{quote(str(self.path))}?mode={mode}"
        connection = sqlite3.connect(uri, uri=True, timeout=10, check_same_thread=False)
        try:
            self._remember(self._stat())
        except sqlite3.OperationalError:
            connection.close()
            raise
        return connection

    def _stat(self) -> tuple[int, int]:
        try:
            info = os.stat(self.path)
        except OSError:
            raise sqlite3.OperationalError(f"database file {self.path} is gone") from None
        return info.st_dev, info.st_ino

    def _remember(self, identity: tuple[int, int]) -> None:
        with self._lock:
            if self._identity is None:
                self._identity = identity
            elif identity != self._identity:
                raise sqlite3.OperationalError(
                    f"database file {self.path} was replaced since the service opened it"
                )

    def problem(self) -> str | None:
        """Why the file cannot take writes now (gone, replaced, read-only), or ``None``."""
        try:
            info = os.stat(self.path)
        except OSError:
            return "gone"
        if self._identity is not None and (info.st_dev, info.st_ino) != self._identity:
            return "replaced"
        # A file without any write bit counts as read-only even for root (who may write it
        # anyway): the operator marked it so. A read-only mount fails os.access for everyone.
        no_write_bits = not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
        if no_write_bits or not os.access(self.path, os.W_OK):
            return "read-only"
        if not os.access(self.path.parent, os.W_OK):  # the journal (-wal, -shm) lives beside
            return "read-only"
        return None

    def check(self) -> None:
        """Raise the database-unavailable error when the path no longer names the opened file."""
        if self._identity is None:
            return
        # One stat per session: only "gone" and "replaced" fail a request (the access checks
        # of problem() are for /readyz, and cost two more system calls per session).
        try:
            info = os.stat(self.path)
        except OSError:
            problem: str | None = "gone"
        else:
            same = (info.st_dev, info.st_ino) == self._identity
            problem = None if same else "replaced"
        if problem is not None:
            raise OperationalError(
                "sqlite file check",
                None,
                sqlite3.OperationalError(f"database file {self.path} is {problem}"),
            )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself (see _sqlite_begin); sqlite3's own handling is too lazy.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    # Deleted content is overwritten with zeros at once, so an erased case leaves no bytes in
    # free pages (service/erasure/scrub.py checkpoints the WAL afterwards).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def sqlite_file(url: str, *, create: bool = False) -> SqliteFile | None:
    """The file of a SQLite URL naming a plain file (not ``:memory:`` or a ``file:`` URI)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return SqliteFile(Path(database), create=create)


def make_engine(
    url: str,
    *,
    connect_timeout: int = 5,
    pool_size: int = 10,
    create: bool = False,
    file: SqliteFile | None = None,
) -> Engine:
    """An engine with pre-ping (PostgreSQL), so that a pool survives a database restart by itself.

    A SQLite file is opened without create unless ``create`` (see :class:`SqliteFile`).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        file = file or sqlite_file(url, create=create)
        extra: dict[str, Any] = {}
        if file is not None:
            if file.create:
                file.path.parent.mkdir(parents=True, exist_ok=True)
            extra["creator"] = file.connect
        engine = create_engine(
            url,
            # A SQLite connection cannot be dropped by a server: no ping before each use (a
            # query per session); a file that is gone or replaced is SqliteFile.check's job.
            pool_pre_ping=False,
            pool_size=pool_size,
            max_overflow=pool_size,
            connect_args={"timeout": 10, "check_same_thread": False},
            **extra,
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

    ``create``: a SQLite file may be created (``triage db upgrade``, the demo); otherwise it
    must exist (``mode=rw``, see :class:`SqliteFile`).
    """

    def __init__(
        self,
        url: str,
        *,
        connect_timeout: int = 5,
        pool_size: int = 10,
        audit_key: AuditKey | None = None,
        create: bool = False,
    ) -> None:
        self.url = url
        self.file = sqlite_file(url, create=create)
        self.engine = make_engine(
            url, connect_timeout=connect_timeout, pool_size=pool_size, file=self.file
        )
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
        if self.file is not None:
            self.file.check()
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed when the block ends, rolled back on any error.

        On a SQLite file the file's identity is checked when the transaction opens, again right
        before the commit (a file deleted or replaced while the block ran rolls the transaction
        back: nothing is confirmed into a file nobody can read again) and once more after it (a
        file that went in the instant between fails the write too instead of confirming it;
        issue #14, item 8).
        """
        file = self.file
        if file is not None:
            file.check()
        with self._write() as session, session.begin():
            yield session
            if file is not None:
                file.check()  # raising here leaves session.begin() with the error: rollback
        if file is not None:
            file.check()

    def dispose(self) -> None:
        self.engine.dispose()
