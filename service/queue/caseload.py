"""The open caseload in memory, keyed by the store's revision.

Parsing 5,000 stored cases and building their frames takes a few hundred milliseconds; the batch
engine then ranks them in milliseconds. So the parsed cases and frames are kept per store
revision (bumped inside every transaction that changes cases or their status) and evaluations per
(rule set, reference date). A request checks the revision with one primary-key read; a change
made by any process (another worker, the CLI) is picked up on the next request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
from sqlalchemy import and_, select

from cases.frames import CaseFrames, frames_from_cases
from cases.model import Case
from rules import RuleSet
from rules.batch import Evaluation, evaluate
from service.cases.models import CaseRecord, CaseVersion, StoreState
from service.db.engine import Database
from service.rulesets.active import ruleset_key

_EVALUATIONS_KEPT = 24


def _days(values: list[date]) -> np.ndarray:
    return np.array(values, dtype="datetime64[D]").astype(np.int64)


@dataclass
class Caseload:
    """The open cases at one store revision, in a fixed row order (by case id)."""

    revision: int
    cases: list[Case]
    case_ids: np.ndarray
    regions: np.ndarray
    versions: np.ndarray
    received_days: np.ndarray
    first_import_days: np.ndarray
    updated_days: np.ndarray
    frames: CaseFrames
    index: dict[str, int]
    _evaluations: OrderedDict[tuple[str, date], Evaluation] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __len__(self) -> int:
        return len(self.cases)

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
        self._parsed: dict[tuple[str, int], Case] = {}
        self._historical: dict[tuple[int, date], Caseload] = {}
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._current, self._parsed = None, {}

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
                            CaseVersion.case_id == CaseRecord.case_id,
                            CaseVersion.version == CaseRecord.current_version,
                        ),
                    )
                    .where(CaseRecord.status == "open")
                    .order_by(CaseRecord.case_id)
                ).all()
                self._current = self._build(revision, rows)
                return self._current

    def at(self, db: Database, day: date) -> Caseload:
        """The caseload as it stood at the end of ``day`` (for replays of past decisions).

        Every case with a version imported by then, in the latest such version, unless the
        case was closed by then: the last of its close/reopen decisions and content-changing
        re-imports (which reopen a case) on or before ``day`` decides. Not cached beyond the
        store revision: replays are rare and read history, not the present.
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
                    CaseVersion.region,
                    CaseVersion.version,
                    CaseVersion.imported_at,
                    CaseVersion.content_hash,
                    CaseVersion.data,
                )
                .where(CaseVersion.imported_at < end)
                .order_by(CaseVersion.case_id, CaseVersion.version)
            ).all()
            events = session.execute(
                select(Decision.case_id, Decision.kind, Decision.decided_at).where(
                    Decision.decided_at < end, Decision.kind.in_(("close", "reopen"))
                )
            ).all()
        latest: dict[str, tuple] = {}
        first_import: dict[str, datetime] = {}
        timeline: dict[str, list[tuple[datetime, bool]]] = {}  # (when, closed afterwards)
        previous_hash: dict[str, str] = {}
        for case_id, region, version, imported_at, content_hash, data in versions:
            first_import.setdefault(case_id, imported_at)
            if case_id in previous_hash and previous_hash[case_id] != content_hash:
                timeline.setdefault(case_id, []).append((imported_at, False))
            previous_hash[case_id] = content_hash
            latest[case_id] = (case_id, region, version, first_import[case_id], imported_at, data)
        for case_id, kind, decided_at in events:
            timeline.setdefault(case_id, []).append((decided_at, kind == "close"))
        rows = [
            row
            for case_id, row in sorted(latest.items())
            if not (timeline.get(case_id) and max(timeline[case_id])[1])
        ]
        caseload = self._build(revision, rows, remember=False)
        self._historical = {key: caseload}  # one replayed day at a time is plenty
        return caseload

    def _build(self, revision: int, rows: Sequence[Any], *, remember: bool = True) -> Caseload:
        parsed: dict[tuple[str, int], Case] = {}
        cases: list[Case] = []
        for case_id, _region, version, _first, _updated, data in rows:
            key = (case_id, version)
            case = self._parsed.get(key)
            if case is None:
                case = Case.model_validate_json(data)
            parsed[key] = case
            cases.append(case)
        if remember:
            self._parsed = parsed  # forget versions that are no longer current or open
        return Caseload(
            revision=revision,
            cases=cases,
            case_ids=np.array([r[0] for r in rows], dtype=object),
            regions=np.array([r[1] for r in rows], dtype=object),
            versions=np.array([r[2] for r in rows], dtype=np.int64),
            received_days=_days([c.received_on for c in cases]),
            first_import_days=_days([r[3].date() for r in rows]),
            updated_days=_days([r[4].date() for r in rows]),
            frames=frames_from_cases(cases),
            index={r[0]: i for i, r in enumerate(rows)},
        )
