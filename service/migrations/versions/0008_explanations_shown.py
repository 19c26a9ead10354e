"""Every explanation as it was shown (issue #17): ``explanations_shown``.

One row per explanation handed out (API record or note, case page, print view) with the case
version, rule set and its checksum, model version, reference date, language, the content shown,
who and when, and the audit entry of the read. Erased with its case; retention period
``TRIAGE_RETENTION_EXPLANATION_DAYS``.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from service.db.base import UtcDateTime

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "explanations_shown",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("case_version", sa.Integer(), nullable=False),
        sa.Column("view", sa.String(length=16), nullable=False),
        sa.Column("ruleset", sa.String(length=80), nullable=False),
        sa.Column("ruleset_checksum", sa.String(length=64), nullable=True),
        sa.Column("model_version", sa.String(length=64), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("content_kind", sa.String(length=8), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("shown_to", sa.String(length=64), nullable=False),
        sa.Column("shown_at", UtcDateTime(), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_explanations_shown")),
    )
    op.create_index(op.f("ix_explanations_shown_case_id"), "explanations_shown", ["case_id"])
    op.create_index(op.f("ix_explanations_shown_shown_at"), "explanations_shown", ["shown_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_explanations_shown_shown_at"), table_name="explanations_shown")
    op.drop_index(op.f("ix_explanations_shown_case_id"), table_name="explanations_shown")
    op.drop_table("explanations_shown")
