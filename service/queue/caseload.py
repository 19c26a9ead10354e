"""The open caseload in memory, keyed by the store's revision.

The caseload is held as columns only: the batch engine's frames plus the ids, regions, versions
and dates a queue page needs. Case objects are built for the few rows that need one (a page's
model points) from the frames. Stored records are read back as columns
(:mod:`service.queue.stored`), never one model per case, and an import hands its cases to the
cache itself (:meth:`CaseloadCache.apply_import`), so the first queue read after an import of
100,000 cases only evaluates. Evaluations are kept per (rule set, reference date). A request
checks the revision with one primary-key read; a change made by any process (another worker,
the CLI) is picked up on the next request by reading the open caseload again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import String, and_, cast, select

from cases.frames import CaseFrames, cases_from_frames
from cases.model import Case
from rules import RuleSet
from rules.batch import Evaluation, evaluate
from service.cases.keys import CaseKey
from service.cases.models import CaseRecord, CaseVersion, StoreState
from service.db.engine import Database
from service.queue import history
from service.queue.stored import concat_frames, frames_from_stored
from service.rulesets.active import ruleset_key

_EVALUATIONS_KEPT = 24


def _days(values: list[date]) -> np.ndarray:
    return np.array(values, dtype="datetime64[D]").astype(np.int64)


@dataclass
class Caseload:
    """The open cases at one store revision, in a fixed row order."""

    revision: int
    case_ids: np.ndarray
    regions: np.ndarray
    versions: np.ndarray
    received_days: np.ndarray
    first_import_days: np.ndarray
    updated_days: np.ndarray
    frames: CaseFrames
    index: dict[CaseKey, int]  # position of each case by (region, case_id)
    _evaluations: OrderedDict[tuple[str, date], Evaluation] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __len__(self) -> int:
        return len(self.case_ids)

    def cases_at(self, positions: Sequence[int] | np.ndarray) -> list[Case]:
        """Case objects of the given rows (trusted frames, no re-validation)."""
        if len(positions) == 0:
            return []
        return cases_from_frames(self.frames.take(positions))

    def evaluation(self, ruleset: RuleSet, as_of: date) -> Evaluation:
        """The batch evaluation of every open case at ``as_of`` (memoised)."""
        key = (ruleset_key(ruleset), as_of)
        with self._lock:
            cached = self._evaluations.get(key)
            if cached is not None:
                self._evaluations.move_to_end(key)
                return cached
        result = evaluate(self.frames, ruleset, as_of)
        with self._lock:
            self._evaluations[key] = result
            while len(self._evaluations) > _EVALUATIONS_KEPT:
                self._evaluations.popitem(last=False)
        return result


class CaseloadCache:
    """The newest :class:`Caseload`, rebuilt when the store revision moves."""

    def __init__(self) -> None:
        self._current: Caseload | None = None
        self._historical: dict[tuple[int, date], Caseload] = {}
        self._stretches: tuple[int, pd.DataFrame] | None = None
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._current = None

    def get(self, db: Database) -> Caseload:
        """The open caseload as the database holds it now."""
        with db.read() as session:
            revision = session.scalar(select(StoreState.revision).where(StoreState.id == 1)) or 0
            current = self._current
            if current is not None and current.revision == revision:
                return current
            with self._lock:
                current = self._current
                if current is not None and current.revision == revision:
                    return current
                rows = session.execute(
                    select(
                        CaseRecord.case_id,
                        CaseRecord.region,
                        CaseRecord.current_version,
                        CaseRecord.first_imported_at,
                        CaseVersion.imported_at,
                        CaseVersion.data,
                    )
                    .join(
                        CaseVersion,
                        and_(
                            CaseVersion.region == CaseRecord.region,
                            CaseVersion.case_id == CaseRecord.case_id,
                            CaseVersion.version == CaseRecord.current_version,
                        ),
                    )
                    .where(CaseRecord.status == "open")
                    .order_by(CaseRecord.case_id, CaseRecord.region)
                ).all()
                self._current = self._build(revision, rows)
                return self._current

    def at(self, db: Database, day: date) -> Caseload:
        """The caseload as it stood at the end of ``day`` (replays of past decisions, and the
        simulations of callers on the date grid).

        Every case with a version imported by then, in the latest such version, unless the
        case was closed by then: the last of its close/reopen decisions and content-changing
        re-imports (which reopen a case) on or before ``day`` decides (one definition,
        :func:`service.queue.history.standings`). Cached for one day at a time per store
        revision.
        """
        from service.decisions.models import Decision

        end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)
        with db.read() as session:
            revision = session.scalar(select(StoreState.revision).where(StoreState.id == 1)) or 0
            key = (revision, day)
            cached = self._historical.get(key)
            if cached is not None:
                return cached
            versions = session.execute(
                select(
                    CaseVersion.case_id,
                    CaseVersion.version,
                    CaseVersion.region,
                    CaseVersion.received_on,
                    CaseVersion.imported_at,
                    CaseVersion.content_hash,
                    CaseVersion.data,
                )
                .where(CaseVersion.imported_at < end)
                .order_by(CaseVersion.case_id, CaseVersion.region, CaseVersion.version)
            ).all()
            events = session.execute(
                select(Decision.region, Decision.case_id, Decision.kind, Decision.decided_at).where(
                    Decision.decided_at < end, Decision.kind.in_(history.STATUS_KINDS)
                )
            ).all()
        frame = history.versions_frame(versions)
        stood = history.stood_on(
            history.standings(frame, history.events_frame(events)), day
        ).sort_values(["case_id", "region"], kind="stable")
        first_import: dict[tuple[str, str], datetime] = {}  # by (region, case_id)
        for row in versions:  # ordered by case and version: the first is the first import
            first_import.setdefault((row[2], row[0]), row[4])
        rows = [
            (
                versions[r][0],
                versions[r][2],
                versions[r][1],
                first_import[(versions[r][2], versions[r][0])],
                versions[r][4],
                versions[r][6],
            )
            for r in stood["row"].tolist()
        ]
        caseload = self._build(revision, rows)
        self._historical = {key: caseload}  # one day at a time is plenty
        return caseload

    def history(self, db: Database) -> pd.DataFrame:
        """Every case's stretches of days (:func:`service.queue.history.standings`) over the
        whole history, read with two queries of small columns (no case records), cached per
        store revision."""
        from service.decisions.models import Decision

        with db.read() as session:
            revision = session.scalar(select(StoreState.revision).where(StoreState.id == 1)) or 0
            cached = self._stretches
            if cached is not None and cached[0] == revision:
                return cached[1]
            # Dates and times as text, parsed in one go by pandas: the per-row conversion of
            # 100,000 timestamps is most of the cost otherwise.
            versions = session.execute(
                select(
                    CaseVersion.case_id,
                    CaseVersion.version,
                    CaseVersion.region,
                    cast(CaseVersion.received_on, String),
                    cast(CaseVersion.imported_at, String),
                    CaseVersion.content_hash,
                )
            ).all()
            events = session.execute(
                select(
                    Decision.region,
                    Decision.case_id,
                    Decision.kind,
                    cast(Decision.decided_at, String),
                ).where(Decision.kind.in_(history.STATUS_KINDS))
            ).all()
        stretches = history.standings(
            history.versions_frame(versions), history.events_frame(events)
        )
        self._stretches = (revision, stretches)
        return stretches

    def _build(self, revision: int, rows: Sequence[Any]) -> Caseload:
        """Rows of (case_id, region, version, first imported at, version imported at, data)."""
        return _caseload(
            revision,
            case_ids=[r[0] for r in rows],
            regions=[r[1] for r in rows],
            versions=[r[2] for r in rows],
            first_import=[r[3].date() for r in rows],
            updated=[r[4].date() for r in rows],
            frames=frames_from_stored([r[5] for r in rows]),
        )

    def apply_import(self, change: ImportedLoad) -> None:
        """Take the open caseload after an import from the import itself (called after its
        transaction committed), instead of reading every open case again on the next request.

        Applies when this cache holds the revision the import started from, or when nothing was
        open before it; otherwise the next request reads the caseload as usual.
        """
        with self._lock:
            current = self._current
            if change.empty_before:
                base = None
            elif current is not None and current.revision == change.revision - 1:
                base = current
            else:
                return
            self._current = _merged(base, change)


@dataclass(frozen=True)
class ImportedLoad:
    """What an import changed in the open caseload: its cases that are open afterwards (every
    imported case leaves the caseload first), and the store revision it committed."""

    revision: int
    empty_before: bool
    imported_keys: list[CaseKey]
    case_ids: list[str]
    regions: list[str]
    versions: list[int]
    first_import: list[date]
    updated: list[date]
    frames: CaseFrames  # of these cases, in this order


def _caseload(
    revision: int,
    *,
    case_ids: Sequence[str],
    regions: Sequence[str],
    versions: Sequence[int],
    first_import: Sequence[date],
    updated: Sequence[date],
    frames: CaseFrames,
) -> Caseload:
    ids = np.array(case_ids, dtype=object)
    return Caseload(
        revision=revision,
        case_ids=ids,
        regions=np.array(regions, dtype=object),
        versions=np.array(versions, dtype=np.int64),
        received_days=frames.cases["received_on"]
        .to_numpy()
        .astype("datetime64[D]")
        .astype(np.int64),
        first_import_days=_days(list(first_import)),
        updated_days=_days(list(updated)),
        frames=frames,
        index=_index(ids, regions),
    )


def _merged(base: Caseload | None, change: ImportedLoad) -> Caseload:
    """``base`` without the imported ids, plus the imported cases that are open, by case id."""
    new = _caseload(
        change.revision,
        case_ids=change.case_ids,
        regions=change.regions,
        versions=change.versions,
        first_import=change.first_import,
        updated=change.updated,
        frames=change.frames,
    )
    if base is None or len(base) == 0:
        merged = new
    else:
        gone = set(change.imported_keys)
        keep = np.array(
            [i for i, key in enumerate(_keys(base.case_ids, base.regions)) if key not in gone],
            dtype=np.int64,
        )
        merged = Caseload(
            revision=change.revision,
            case_ids=np.concatenate([base.case_ids[keep], new.case_ids]),
            regions=np.concatenate([base.regions[keep], new.regions]),
            versions=np.concatenate([base.versions[keep], new.versions]),
            received_days=np.concatenate([base.received_days[keep], new.received_days]),
            first_import_days=np.concatenate([base.first_import_days[keep], new.first_import_days]),
            updated_days=np.concatenate([base.updated_days[keep], new.updated_days]),
            frames=concat_frames(base.frames.take(keep), new.frames),
            index={},
        )
    order = np.lexsort((merged.regions.astype(str), merged.case_ids.astype(str)))
    if not np.array_equal(order, np.arange(len(order))):
        merged = Caseload(
            revision=change.revision,
            case_ids=merged.case_ids[order],
            regions=merged.regions[order],
            versions=merged.versions[order],
            received_days=merged.received_days[order],
            first_import_days=merged.first_import_days[order],
            updated_days=merged.updated_days[order],
            frames=merged.frames.take(order),
            index={},
        )
    merged.index = _index(merged.case_ids, merged.regions)
    return merged


def _keys(
    case_ids: Sequence[str] | np.ndarray, regions: Sequence[str] | np.ndarray
) -> Iterator[CaseKey]:
    """(region, case_id) of each row as plain tuples, which hash and compare like
    :class:`CaseKey` (a tuple) at a fraction of the cost of building 100,000 of them."""
    ids = case_ids.tolist() if isinstance(case_ids, np.ndarray) else case_ids
    names = regions.tolist() if isinstance(regions, np.ndarray) else regions
    keys: Iterator[CaseKey] = zip(names, ids, strict=True)  # type: ignore[assignment]
    return keys


def _index(
    case_ids: Sequence[str] | np.ndarray, regions: Sequence[str] | np.ndarray
) -> dict[CaseKey, int]:
    """Position of each case by region and id (ids are unique within a region only)."""
    return dict(zip(_keys(case_ids, regions), range(len(case_ids)), strict=True))
