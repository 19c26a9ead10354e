"""Rule set versions (issue #5): drafts, approvals, activations, retirements.

No rows are inserted here: the service stores the configured rule set as version 1 at the first
access to the versions (audited as ``ruleset.seed``), so the migration carries no rule content
and the settings may name any rule set.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from service.db.base import UtcDateTime

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ruleset_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("changed", sa.JSON(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("approved_by", sa.String(length=64), nullable=True),
        sa.Column("approved_at", UtcDateTime(), nullable=True),
        sa.Column("approval_reason", sa.Text(), nullable=True),
        sa.Column("activated_by", sa.String(length=64), nullable=True),
        sa.Column("activated_at", UtcDateTime(), nullable=True),
        sa.Column("activation_reason", sa.Text(), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("retired_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["base_id"],
            ["ruleset_versions.id"],
            name=op.f("fk_ruleset_versions_base_id_ruleset_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ruleset_versions")),
        sa.UniqueConstraint("name", "version", name="uq_ruleset_versions_name_version"),
    )
    op.create_index(op.f("ix_ruleset_versions_name"), "ruleset_versions", ["name"])
    op.create_index(op.f("ix_ruleset_versions_state"), "ruleset_versions", ["state"])


def downgrade() -> None:
    op.drop_index(op.f("ix_ruleset_versions_state"), table_name="ruleset_versions")
    op.drop_index(op.f("ix_ruleset_versions_name"), table_name="ruleset_versions")
    op.drop_table("ruleset_versions")
