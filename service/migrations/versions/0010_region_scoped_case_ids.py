"""Case ids unique per region, not statewide (issue #14, the region oracle).

A case is named by its region and its id: ``cases`` gets the primary key ``(region, case_id)``,
the tables that name a case (``case_versions``, ``decisions``, ``case_evaluations``,
``explanations_shown``, ``erasure_requests``) carry the region beside the id, and their foreign
keys and indexes name both. Two Bezirksregierungen may then use the same reference for two
different cases, and an import can no longer tell its importer that an id exists elsewhere.

Existing rows keep their ids; the new region columns are filled from ``cases``. The downgrade
refuses a database in which one id is used in two regions (it could not keep both).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Tables whose rows name a case by id and get the case's region beside it.
_NEW_REGION = ("decisions", "explanations_shown", "erasure_requests")
#: Tables with a foreign key to ``cases``.
_REFERRING = ("case_versions", "decisions", "case_evaluations")


def upgrade() -> None:
    for table in _NEW_REGION:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("region", sa.String(length=16), nullable=True))
        op.execute(
            f"UPDATE {table} SET region = COALESCE((SELECT cases.region FROM cases "
            f"WHERE cases.case_id = {table}.case_id), '')"
        )
        with op.batch_alter_table(table) as batch:
            batch.alter_column("region", existing_type=sa.String(length=16), nullable=False)
    for table in _REFERRING:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"fk_{table}_case_id_cases", type_="foreignkey")
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint("pk_cases", type_="primary")
        batch.create_primary_key("pk_cases", ["region", "case_id"])
        batch.create_index("ix_cases_case_id", ["case_id"])
    with op.batch_alter_table("case_versions") as batch:
        batch.drop_constraint("uq_case_versions_case_version", type_="unique")
        batch.create_unique_constraint(
            "uq_case_versions_case_version", ["region", "case_id", "version"]
        )
    with op.batch_alter_table("decisions") as batch:
        batch.create_index("ix_decisions_region_case_id", ["region", "case_id"])
    with op.batch_alter_table("case_evaluations") as batch:
        batch.drop_index("ix_case_evaluations_case_id_as_of")
        batch.create_index(
            "ix_case_evaluations_case_id_as_of", ["region", "case_id", "as_of", "id"]
        )
    for table in _REFERRING:
        with op.batch_alter_table(table) as batch:
            batch.create_foreign_key(
                f"fk_{table}_region_cases",
                "cases",
                ["region", "case_id"],
                ["region", "case_id"],
            )


def downgrade() -> None:
    shared = (
        op.get_bind()
        .execute(sa.text("SELECT case_id FROM cases GROUP BY case_id HAVING COUNT(*) > 1 LIMIT 1"))
        .first()
    )
    if shared is not None:
        raise RuntimeError(
            f"case id {shared[0]!r} is used in more than one region; the downgrade to "
            "statewide case ids cannot keep both"
        )
    for table in _REFERRING:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"fk_{table}_region_cases", type_="foreignkey")
    with op.batch_alter_table("case_evaluations") as batch:
        batch.drop_index("ix_case_evaluations_case_id_as_of")
        batch.create_index("ix_case_evaluations_case_id_as_of", ["case_id", "as_of", "id"])
    with op.batch_alter_table("decisions") as batch:
        batch.drop_index("ix_decisions_region_case_id")
    with op.batch_alter_table("case_versions") as batch:
        batch.drop_constraint("uq_case_versions_case_version", type_="unique")
        batch.create_unique_constraint("uq_case_versions_case_version", ["case_id", "version"])
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_case_id")
        batch.drop_constraint("pk_cases", type_="primary")
        batch.create_primary_key("pk_cases", ["case_id"])
    for table in _REFERRING:
        with op.batch_alter_table(table) as batch:
            batch.create_foreign_key(f"fk_{table}_case_id_cases", "cases", ["case_id"], ["case_id"])
    for table in _NEW_REGION:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("region")
