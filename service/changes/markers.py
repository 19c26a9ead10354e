"""The queue's "Stufe geändert" marker from recorded evaluations (no re-evaluation of the past).

At reference date ``A`` with a window of ``W`` days, a case's tier *changed* when the tier of
its last record dated on or before ``A`` differs from the tier it had at the window's start: the
last record dated on or before ``A - W``, or, for a case first recorded inside the window, its
first record. The cause is that of the newest record in the window that changed the tier.
Only cases with a tier-changing record in the window can have changed, so one indexed query
finds the candidates and only their histories are read. A case is named by its region and id
(:class:`service.cases.keys.CaseKey`): two regions may hold the same id, and their histories
never mix.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from service.cases.keys import CaseKey
from service.changes.models import CaseEvaluation

_CHUNK = 2000


@dataclass(frozen=True)
class Marker:
    """A case whose tier changed within the window: the tier before, now, and the cause."""

    case_id: str
    region: str
    previous_tier: str
    tier: str
    cause: CaseEvaluation  # the newest record in the window that changed the tier


def _chunks(items: Sequence[CaseKey]) -> Iterable[Sequence[CaseKey]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def changed_between(
    db_session: Session,
    *,
    since: date,
    until: date,
    keys: Collection[CaseKey] | None = None,
    regions: Collection[str] | None = None,
) -> dict[CaseKey, Marker]:
    """Cases whose recorded tier at ``until`` differs from the one at ``since`` (exclusive),
    by region and id."""
    query = select(CaseEvaluation.region, CaseEvaluation.case_id).where(
        CaseEvaluation.as_of > since,
        CaseEvaluation.as_of <= until,
        CaseEvaluation.previous_tier.is_not(None),
        CaseEvaluation.previous_tier != CaseEvaluation.tier,
    )
    if regions is not None:
        query = query.where(CaseEvaluation.region.in_(list(regions)))
    candidates = sorted({CaseKey(region, case_id) for region, case_id in db_session.execute(query)})
    if keys is not None:
        wanted = set(keys)
        candidates = [c for c in candidates if c in wanted]
    markers: dict[CaseKey, Marker] = {}
    for chunk in _chunks(candidates):
        history: dict[CaseKey, list[CaseEvaluation]] = {}
        rows = db_session.scalars(
            select(CaseEvaluation)
            .where(
                tuple_(CaseEvaluation.region, CaseEvaluation.case_id).in_(list(chunk)),
                CaseEvaluation.as_of <= until,
            )
            .order_by(
                CaseEvaluation.region,
                CaseEvaluation.case_id,
                CaseEvaluation.as_of,
                CaseEvaluation.id,
            )
        )
        for row in rows:
            history.setdefault(CaseKey(row.region, row.case_id), []).append(row)
        for key, records in history.items():
            before = [r for r in records if r.as_of <= since]
            start = before[-1] if before else records[0]
            last = records[-1]
            if last.tier == start.tier:
                continue
            inside = [r for r in records if r.as_of > since and r.tier_changed]
            markers[key] = Marker(key.case_id, key.region, start.tier, last.tier, inside[-1])
    return markers


def markers_at(
    db_session: Session,
    *,
    as_of: date,
    window_days: int,
    keys: Collection[CaseKey] | None = None,
    regions: Collection[str] | None = None,
) -> dict[CaseKey, Marker]:
    """:func:`changed_between` for the window of ``window_days`` days up to ``as_of``."""
    return changed_between(
        db_session,
        since=as_of - timedelta(days=window_days),
        until=as_of,
        keys=keys,
        regions=regions,
    )
