"""Four eyes survive revocation and token rotation (issue #14, item 5).

``users`` gets two columns:

* ``pending_by``: the admin whose act left the account waiting for a second admin's
  confirmation (its creator, or the admin who rotated the token of someone else's policy or
  admin account); ``NULL`` once confirmed. Pending no longer means "no token and not revoked":
  a revoked account that was never confirmed stays unconfirmed, and a token issued to a
  pending account does not work until the confirmation.
* ``rotated_by``: the admin who last issued the account a new token (not the holder itself),
  kept for the ``same_creator`` check of approvals.

Accounts waiting today (no token hash, no identity provider) get ``pending_by = created_by``.
The downgrade gives accounts still pending an empty token hash, so the old code keeps treating
them as pending (a confirmation then issues a fresh token).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("pending_by", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("rotated_by", sa.String(length=64), nullable=True))
    op.execute("UPDATE users SET pending_by = created_by WHERE token_hash = '' AND issuer IS NULL")


def downgrade() -> None:
    op.execute("UPDATE users SET token_hash = '' WHERE pending_by IS NOT NULL")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("rotated_by")
        batch.drop_column("pending_by")
