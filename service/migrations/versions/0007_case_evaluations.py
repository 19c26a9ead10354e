"""Recorded evaluations (issue #12): every evaluation that could change a case's tier, with cause.

``case_evaluations`` keeps, per case, each evaluation recorded when a new case version arrived
(import or event), a rule set came into force or a date passed a window edge: tier, score,
criteria, blockers, actions, rule set and model version, the tier of the record before, and the
cause as codes (the words are looked up at display time). ``change_views`` holds, per user, how
far the change feed has been seen.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from service.db.base import UtcDateTime

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_evaluations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("case_version", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=16), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("recorded_at", UtcDateTime(), nullable=False),
        sa.Column("ruleset", sa.String(length=160), nullable=False),
        sa.Column("model_version", sa.String(length=160), nullable=True),
        sa.Column("tier", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("blockers", sa.Text(), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("previous_tier", sa.String(length=32), nullable=True),
        sa.Column("cause", sa.String(length=16), nullable=False),
        sa.Column("cause_detail", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("next_change", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.case_id"], name="fk_case_evaluations_case_id_cases"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_case_evaluations"),
    )
    op.create_index(
        "ix_case_evaluations_case_id_as_of", "case_evaluations", ["case_id", "as_of", "id"]
    )
    op.create_index("ix_case_evaluations_as_of", "case_evaluations", ["as_of"])
    op.create_index("ix_case_evaluations_recorded_at", "case_evaluations", ["recorded_at"])
    op.create_table(
        "change_views",
        sa.Column("user_name", sa.String(length=64), nullable=False),
        sa.Column("seen_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_name", name="pk_change_views"),
    )


def downgrade() -> None:
    op.drop_table("change_views")
    op.drop_index("ix_case_evaluations_recorded_at", table_name="case_evaluations")
    op.drop_index("ix_case_evaluations_as_of", table_name="case_evaluations")
    op.drop_index("ix_case_evaluations_case_id_as_of", table_name="case_evaluations")
    op.drop_table("case_evaluations")
