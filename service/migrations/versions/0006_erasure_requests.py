"""Erasure of a case on request (issue #17): pending requests; an erased entry may be erased again.

``erasure_requests`` holds an administrator's request until a second one confirms it (four
eyes); the row goes with the case. The audit log's update trigger now also lets an entry that was
redacted once (one case cut out of an import or a queue page) be erased again when a further
case in it goes: the ``erased`` mark must change, hashes, HMAC, number, time, actor and action
still stay.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from service.db.base import UtcDateTime

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEPT = ("seq", "at", "actor", "action", "prev_hash", "hash", "chain_format")
_KEPT_NULLABLE = ("content_hash", "mac", "key_id")


def _pg_function(changed: str) -> str:
    kept = " AND ".join(
        [f"NEW.{c} = OLD.{c}" for c in _KEPT]
        + [f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in _KEPT_NULLABLE]
    )
    return f"""
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.erased IS NOT NULL AND {changed} AND {kept} THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END
$$ LANGUAGE plpgsql
"""


def _sqlite_trigger(changed: str) -> str:
    kept = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in (*_KEPT, *_KEPT_NULLABLE))
    return (
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN NOT ("
        f"NEW.erased IS NOT NULL AND {changed} AND {kept}"
        ") BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )


def _triggers(changed_pg: str, changed_sqlite: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_pg_function(changed_pg))
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute(_sqlite_trigger(changed_sqlite))


def upgrade() -> None:
    op.create_table(
        "erasure_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("requested_at", UtcDateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasure_requests")),
    )
    op.create_index(op.f("ix_erasure_requests_case_id"), "erasure_requests", ["case_id"])
    _triggers("NEW.erased IS DISTINCT FROM OLD.erased", "NEW.erased IS NOT OLD.erased")


def downgrade() -> None:
    _triggers("OLD.erased IS NULL", "OLD.erased IS NULL")
    op.drop_index(op.f("ix_erasure_requests_case_id"), table_name="erasure_requests")
    op.drop_table("erasure_requests")
