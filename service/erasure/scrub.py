"""After an erasure: no readable copy of the erased rows left in the database's own files.

Deleting a row removes it from every query, not from the disk. SQLite keeps deleted cells in
free pages and older page images in its write-ahead log; PostgreSQL keeps dead tuples (and
their index entries) until the space is reused, and a plain ``VACUUM`` frees them without
overwriting them. So, after the erasure's transaction committed:

* **SQLite** opens every connection with ``secure_delete`` (deleted content is overwritten
  with zeros in the page itself) and here checkpoints the WAL into the database file and
  truncates it (``wal_checkpoint(TRUNCATE)``); a checkpoint that a long reader blocks is
  reported, and the next one completes it.
* **PostgreSQL** rewrites the tables the erasure touched, indexes included (``VACUUM FULL``):
  the old files, with the dead tuples, are removed. It locks each table while it is rewritten.

What stays outside the database's reach is said in docs/operations.md: PostgreSQL's WAL
segments until they are recycled, file-system blocks, and backups.

``VACUUM FULL`` is allowed only to a table's owner (or a role with the owner's privileges).
Under the documented role separation the service runs as the runtime role, which owns no table:
PostgreSQL then skips the tables with no more than a WARNING in the server log. So the scrub
first asks which of the tables the current role may not vacuum (``pg_has_role(current_user,
owner, 'USAGE')``), never claims those as scrubbed, and reports them as pending
(:attr:`ScrubResult.pending`): the erasure itself stands, and ``triage db scrub`` run with the
owner's ``DATABASE_URL`` rewrites them (issue #14, item 10f).
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from service.db.engine import Database

log = logging.getLogger(__name__)


#: The command that scrubs as the owner (run with the owner's ``DATABASE_URL``).
SCRUB_COMMAND = "triage db scrub"

_NOT_OWNED = text(
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "
    "AND NOT pg_has_role(current_user, c.relowner, 'USAGE') ORDER BY c.relname"
)
_ALL_TABLES = text(
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.relname"
)


@dataclass(frozen=True)
class ScrubResult:
    """What was done: ``tables`` rewritten (PostgreSQL), ``wal_truncated`` (SQLite).

    ``pending``: tables whose deleted rows may still be in the files, because this role may not
    rewrite them (not their owner) or the scrub failed; ``triage db scrub`` as the owner does it.
    """

    tables: tuple[str, ...] = ()
    wal_truncated: bool | None = None
    pending: tuple[str, ...] = ()


def not_owned(connection: Connection | Session) -> set[str]:
    """The tables of the schema that the current role may not vacuum (PostgreSQL; empty on
    SQLite, which has no roles)."""
    bind = connection if isinstance(connection, Connection) else connection.get_bind()
    if bind.dialect.name != "postgresql":
        return set()
    return set(connection.execute(_NOT_OWNED).scalars())


def scrub(db: Database, tables: Collection[str] | None) -> ScrubResult:
    """Leave no copy of deleted or overwritten rows of ``tables`` in the database files.

    ``None``: every table of the schema (``triage db scrub``). Tables this role does not own
    are not vacuumed (PostgreSQL would skip them silently) but returned as ``pending``.
    """
    if db.dialect == "sqlite":
        with db.engine.connect() as connection:
            row = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        busy = bool(row[0])
        if busy:
            log.warning("erasure scrub: a reader kept the WAL checkpoint from completing")
        return ScrubResult(wal_truncated=not busy)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if tables is None:
            tables = list(connection.execute(_ALL_TABLES).scalars())
        names = tuple(sorted(set(tables)))
        foreign = not_owned(connection) & set(names)
        own = tuple(name for name in names if name not in foreign)
        if own:
            preparer = db.engine.dialect.identifier_preparer
            quoted = ", ".join(preparer.quote(name) for name in own)
            connection.exec_driver_sql(f"VACUUM FULL {quoted}")
    pending = tuple(sorted(foreign))
    if pending:
        log.warning(
            "erasure scrub PENDING: the database role does not own %s, so PostgreSQL would "
            "skip VACUUM FULL; the erased rows may still be in the table files until "
            "'%s' is run with the owner's DATABASE_URL (docs/operations.md)",
            ", ".join(pending),
            SCRUB_COMMAND,
        )
    return ScrubResult(tables=own, pending=pending)


def touched(rows: dict[str, int], audit_changed: bool) -> list[str]:
    """The tables an erasure changed: those it deleted rows from, and the audit log."""
    return [table for table, count in rows.items() if count] + (
        ["audit_log"] if audit_changed else []
    )


def after_erasure(db: Database, enabled: bool, tables: Collection[str]) -> ScrubResult | None:
    """Scrub if ``enabled`` (``TRIAGE_ERASURE_SCRUB``); a failure is logged, never raised: the
    erasure itself has committed and stands. A failed scrub is reported as pending for every
    table (``triage db scrub`` as the owner completes it); ``None``: scrubbing is switched off.
    """
    if not enabled:
        return None
    try:
        return scrub(db, tables)
    except Exception:  # the erasure stands; say so in the log and go on
        log.exception(
            "erasure scrub failed; run '%s' as the owner (docs/operations.md)", SCRUB_COMMAND
        )
        return ScrubResult(pending=tuple(sorted(set(tables))))
