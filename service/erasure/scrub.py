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
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass

from service.db.engine import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScrubResult:
    """What was done: ``tables`` rewritten (PostgreSQL), ``wal_truncated`` (SQLite)."""

    tables: tuple[str, ...] = ()
    wal_truncated: bool | None = None


def scrub(db: Database, tables: Collection[str]) -> ScrubResult:
    """Leave no copy of deleted or overwritten rows of ``tables`` in the database files."""
    if db.dialect == "sqlite":
        with db.engine.connect() as connection:
            row = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        busy = bool(row[0])
        if busy:
            log.warning("erasure scrub: a reader kept the WAL checkpoint from completing")
        return ScrubResult(wal_truncated=not busy)
    names = tuple(sorted(set(tables)))
    if not names:
        return ScrubResult()
    preparer = db.engine.dialect.identifier_preparer
    quoted = ", ".join(preparer.quote(name) for name in names)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(f"VACUUM FULL {quoted}")
    return ScrubResult(tables=names)


def touched(rows: dict[str, int], audit_changed: bool) -> list[str]:
    """The tables an erasure changed: those it deleted rows from, and the audit log."""
    return [table for table, count in rows.items() if count] + (
        ["audit_log"] if audit_changed else []
    )


def after_erasure(db: Database, enabled: bool, tables: Collection[str]) -> ScrubResult | None:
    """Scrub if ``enabled`` (``TRIAGE_ERASURE_SCRUB``); a failure is logged, never raised: the
    erasure itself has committed and stands, and the next erasure or a maintenance run scrubs.
    """
    if not enabled:
        return None
    try:
        return scrub(db, tables)
    except Exception:  # the erasure stands; say so in the log and go on
        log.exception("erasure scrub failed; run it in a maintenance window (docs/operations.md)")
        return None
