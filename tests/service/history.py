"""Back-dating of stored history for tests of "the caseload as it stood" (imports in tests
happen today; the date grid and the replay read the day each version was imported)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from sqlalchemy import update

from service.cases.models import CaseRecord, CaseVersion


def backdate(
    env, day: str, case_ids: Collection[str] | None = None, *, version: int | None = None
) -> None:
    """Pretend the versions of ``case_ids`` (default: all; ``version``: only that one) were
    imported on ``day`` at 09:00 UTC."""
    when = datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)
    versions = update(CaseVersion).values(imported_at=when)
    records = update(CaseRecord).values(first_imported_at=when)
    if case_ids is not None:
        versions = versions.where(CaseVersion.case_id.in_(list(case_ids)))
        records = records.where(CaseRecord.case_id.in_(list(case_ids)))
    if version is not None:
        versions = versions.where(CaseVersion.version == version)
    with env.db.write() as session:
        session.execute(versions)
        if version in (None, 1):
            session.execute(records)
