"""The queue's "Stufe geändert" marker from recorded evaluations (no re-evaluation of the past).

At reference date ``A`` with a window of ``W`` days, a case's tier *changed* when the tier of
its last record dated on or before ``A`` differs from the tier it had at the window's start: the
last record dated on or before ``A - W``, or, for a case first recorded inside the window, its
first record. The cause is that of the newest record in the window that changed the tier.
Only cases with a tier-changing record in the window can have changed, so one indexed query
finds the candidates and only their histories are read.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.changes.models import CaseEvaluation

_CHUNK = 2000


@dataclass(frozen=True)
class Marker:
    """A case whose tier changed within the window: the tier before, now, and the cause."""

    case_id: str
    previous_tier: str
    tier: str
    cause: CaseEvaluation  # the newest record in the window that changed the tier


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def changed_between(
    db_session: Session,
    *,
    since: date,
    until: date,
    case_ids: Collection[str] | None = None,
    regions: Collection[str] | None = None,
) -> dict[str, Marker]:
    """Cases whose recorded tier at ``until`` differs from the one at ``since`` (exclusive)."""
    query = select(CaseEvaluation.case_id).where(
        CaseEvaluation.as_of > since,
        CaseEvaluation.as_of <= until,
        CaseEvaluation.previous_tier.is_not(None),
        CaseEvaluation.previous_tier != CaseEvaluation.tier,
    )
    if regions is not None:
        query = query.where(CaseEvaluation.region.in_(list(regions)))
    candidates = sorted(set(db_session.scalars(query)))
    if case_ids is not None:
        wanted = set(case_ids)
        candidates = [c for c in candidates if c in wanted]
    markers: dict[str, Marker] = {}
    for chunk in _chunks(candidates):
        history: dict[str, list[CaseEvaluation]] = {}
        rows = db_session.scalars(
            select(CaseEvaluation)
            .where(CaseEvaluation.case_id.in_(chunk), CaseEvaluation.as_of <= until)
            .order_by(CaseEvaluation.case_id, CaseEvaluation.as_of, CaseEvaluation.id)
        )
        for row in rows:
            history.setdefault(row.case_id, []).append(row)
        for case_id, records in history.items():
            before = [r for r in records if r.as_of <= since]
            start = before[-1] if before else records[0]
            last = records[-1]
            if last.tier == start.tier:
                continue
            inside = [r for r in records if r.as_of > since and r.tier_changed]
            markers[case_id] = Marker(case_id, start.tier, last.tier, inside[-1])
    return markers


def markers_at(
    db_session: Session,
    *,
    as_of: date,
    window_days: int,
    case_ids: Collection[str] | None = None,
    regions: Collection[str] | None = None,
) -> dict[str, Marker]:
    """:func:`changed_between` for the window of ``window_days`` days up to ``as_of``."""
    return changed_between(
        db_session,
        since=as_of - timedelta(days=window_days),
        until=as_of,
        case_ids=case_ids,
        regions=regions,
    )
