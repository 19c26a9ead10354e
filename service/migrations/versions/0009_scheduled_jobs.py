"""Jobs the service runs on a schedule, one worker at a time (issue #12): ``scheduled_jobs``.

One row per job (the daily calendar sweep, ``changes.sweep``): the last day it was done for,
and the lease of the worker running it now (holder and until when). A worker takes the lease in
a short write transaction (row lock on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so of several
workers exactly one runs the job; a lease that was not released (a worker died) expires.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from service.db.base import UtcDateTime

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scheduled_jobs",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("done_for", sa.Date(), nullable=True),
        sa.Column("holder", sa.String(length=128), nullable=True),
        sa.Column("leased_until", UtcDateTime(), nullable=True),
        sa.Column("started_at", UtcDateTime(), nullable=True),
        sa.Column("finished_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name", name="pk_scheduled_jobs"),
    )


def downgrade() -> None:
    op.drop_table("scheduled_jobs")
