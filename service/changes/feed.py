"""The change feed of a lead: what changed in the caller's regions since they last looked.

Entries are recorded evaluations (:mod:`service.changes.record`) of open cases in the caller's
regions: a tier change (``changed``), or a case's first record when it was received within the
new-case window (``new``) -- the queue's two markers, with the same definitions. Cases released
from custody within the horizon (``approaching``) are a state, not an entry: they are listed
beside the feed, from the current caseload. Records are numbered, so "since" is exact: a
per-user marker holds the last id the user has seen. A case is named by its region and id: two
regions may hold the same id, and each is an entry of its own.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from service.cases.models import CaseRecord, CaseVersion
from service.changes.models import CaseEvaluation, ChangeView
from service.db.base import utcnow
from service.queue.caseload import Caseload


@dataclass(frozen=True)
class Entry:
    kind: str  # changed / new
    record: CaseEvaluation
    received_on: date


def entries(
    db_session: Session,
    *,
    regions: Collection[str],
    as_of: date,
    new_days: int,
    after_id: int = 0,
    since: datetime | None = None,
    limit: int = 500,
) -> list[Entry]:
    """Feed entries after record ``after_id`` (or recorded after ``since``), oldest first."""
    new_from = as_of - timedelta(days=new_days)
    query = (
        select(CaseEvaluation, CaseVersion.received_on)
        .join(
            CaseRecord,
            and_(
                CaseRecord.region == CaseEvaluation.region,
                CaseRecord.case_id == CaseEvaluation.case_id,
            ),
        )
        .join(
            CaseVersion,
            and_(
                CaseVersion.region == CaseEvaluation.region,
                CaseVersion.case_id == CaseEvaluation.case_id,
                CaseVersion.version == CaseEvaluation.case_version,
            ),
        )
        .where(
            CaseEvaluation.id > after_id,
            CaseEvaluation.region.in_(list(regions)),
            CaseRecord.status == "open",
            or_(
                and_(
                    CaseEvaluation.previous_tier.is_not(None),
                    CaseEvaluation.previous_tier != CaseEvaluation.tier,
                ),
                and_(
                    CaseEvaluation.previous_tier.is_(None),
                    CaseVersion.received_on > new_from,
                    CaseVersion.received_on <= as_of,
                ),
            ),
        )
        .order_by(CaseEvaluation.id)
        .limit(limit)
    )
    if since is not None:
        query = query.where(CaseEvaluation.recorded_at > since)
    return [
        Entry("changed" if row.previous_tier is not None else "new", row, received)
        for row, received in db_session.execute(query).all()
    ]


def seen(db_session: Session, user_name: str) -> ChangeView | None:
    return db_session.get(ChangeView, user_name)


def latest_id(db_session: Session, regions: Collection[str] | None = None) -> int:
    """The newest record (0: none), among those of ``regions`` when given.

    A caller's marker must be the newest record of *their* regions: the newest of all would
    move with every other region's imports and tell their volume and timing (issue #14)."""
    from sqlalchemy import func

    query = select(func.max(CaseEvaluation.id))
    if regions is not None:
        query = query.where(CaseEvaluation.region.in_(list(regions)))
    return int(db_session.scalar(query) or 0)


def mark_seen(db_session: Session, user_name: str, seen_id: int) -> ChangeView:
    """Remember that ``user_name`` has seen the feed up to record ``seen_id`` (never backwards)."""
    view = db_session.get(ChangeView, user_name)
    now = utcnow()
    if view is None:
        view = ChangeView(user_name=user_name, seen_id=seen_id, seen_at=now)
        db_session.add(view)
    else:
        view.seen_id = max(view.seen_id, seen_id)
        view.seen_at = now
    db_session.flush()
    return view


@dataclass(frozen=True)
class Approaching:
    case_id: str
    region: str
    release_date: date
    days: int


def approaching(
    caseload: Caseload, regions: Collection[str], as_of: date, horizon_days: int
) -> Sequence[Approaching]:
    """Open cases in custody whose release lies within ``horizon_days`` after ``as_of``."""
    frame = caseload.frames.cases
    release = pd.to_datetime(frame["release_date"]).dt.date
    received = pd.to_datetime(frame["received_on"]).dt.date
    until = as_of + timedelta(days=horizon_days)
    keep = (
        frame["region"].astype(object).isin(list(regions)).to_numpy()
        & frame["in_custody"].fillna(False).astype(bool).to_numpy()
        & release.notna().to_numpy()
        & (received <= as_of).to_numpy()
    )
    found = []
    for position in np.flatnonzero(keep):
        day = release.iloc[position]
        if as_of <= day <= until:
            found.append(
                Approaching(
                    str(frame["case_id"].iloc[position]),
                    str(frame["region"].iloc[position]),
                    day,
                    (day - as_of).days,
                )
            )
    return sorted(found, key=lambda a: (a.release_date, a.case_id, a.region))
