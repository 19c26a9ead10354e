"""The audit chain signed with a key outside the database, and erasable content (issues #14, #17).

Adds to ``audit_log``: ``chain_format`` (1 for the entries already there, 2 for new ones),
``content_hash`` (the link covers the hash of the content, not the content), ``mac`` and
``key_id`` (HMAC with ``TRIAGE_AUDIT_KEY``) and ``erased`` (set once when the content is erased).
The append-only triggers now allow exactly one kind of change: erasing an entry's content while
its hashes, HMAC, sequence number, time, actor and action stay. Existing entries are not touched.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEPT = ("seq", "at", "actor", "action", "prev_hash", "hash", "chain_format")
_KEPT_NULLABLE = ("content_hash", "mac", "key_id")

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.erased IS NULL AND NEW.erased IS NOT NULL
       AND {kept} THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END
$$ LANGUAGE plpgsql
""".format(
    kept=" AND ".join(
        [f"NEW.{c} = OLD.{c}" for c in _KEPT]
        + [f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in _KEPT_NULLABLE]
    )
)

_PG_FUNCTION_0001 = """
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$$ LANGUAGE plpgsql
"""

_SQLITE_UPDATE = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN NOT ("
    "OLD.erased IS NULL AND NEW.erased IS NOT NULL AND "
    + " AND ".join(f"NEW.{c} IS OLD.{c}" for c in (*_KEPT, *_KEPT_NULLABLE))
    + ") BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
)
_SQLITE_UPDATE_0001 = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if not postgres:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    op.add_column(
        "audit_log",
        sa.Column("chain_format", sa.Integer(), server_default=sa.text("1"), nullable=False),
    )
    op.add_column("audit_log", sa.Column("content_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("mac", sa.String(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("key_id", sa.String(length=16), nullable=True))
    op.add_column("audit_log", sa.Column("erased", sa.Text(), nullable=True))
    if postgres:
        op.execute(_PG_FUNCTION)
    else:
        op.execute(_SQLITE_UPDATE)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(_PG_FUNCTION_0001)
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    for column in ("erased", "key_id", "mac", "content_hash", "chain_format"):
        # SQLite >= 3.35 drops columns in place (the triggers name none of them)
        op.drop_column("audit_log", column)
    if not postgres:
        op.execute(_SQLITE_UPDATE_0001)
