"""Rule set authoring (issue #16): scenarios and source kept with each version; withdraw, reject.

Every version keeps the test scenarios it was checked against (the YAML text of
``<rule set>.scenarios.yaml``) and, for whole-document drafts, the rule set YAML as submitted.
A draft ends withdrawn by its author or rejected by a second policy user, with who, when and
why; an approval despite failing scenarios keeps its explicit reason.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from service.db.base import UtcDateTime

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    ("scenarios", sa.Text()),
    ("source", sa.Text()),
    ("scenarios_reason", sa.Text()),
    ("rejected_by", sa.String(length=64)),
    ("rejected_at", UtcDateTime()),
    ("rejection_reason", sa.Text()),
    ("withdrawn_at", UtcDateTime()),
    ("withdrawal_reason", sa.Text()),
)


def upgrade() -> None:
    with op.batch_alter_table("ruleset_versions") as batch:
        for name, kind in _COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ruleset_versions") as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
