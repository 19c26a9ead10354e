"""Recording evaluations: each time a case's tier could change, its evaluation and the cause.

A record is written for every new case version (an import that changed the record, or events),
for every open case when a rule set version comes into force, and for a case whose facts changed
by the calendar alone (:mod:`service.changes.sweep`). ``previous_tier`` is the tier of the
case's record before, so the queue, the change feed and the case history read what changed
without re-evaluating the past.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, func, select, tuple_
from sqlalchemy.orm import Session

from cases.frames import CaseFrames, frames_from_cases
from cases.model import Case
from rules import RuleSet
from rules.batch import evaluate
from rules.interpreter import CaseResult
from service.cases.keys import CaseKey
from service.cases.models import CaseRecord, CaseVersion
from service.changes.models import CaseEvaluation, Cause
from service.db.base import utcnow
from service.db.bulk import bulk_insert

_CHUNK = 2000


@dataclass(frozen=True)
class Outcome:
    """What a record keeps of an evaluation."""

    tier: str
    score: int
    criteria: list[str]
    blockers: list[str]
    actions: list[str]

    @classmethod
    def of(cls, result: CaseResult) -> Outcome:
        return cls(
            result.tier,
            result.score,
            list(result.criteria),
            list(result.blockers),
            list(result.actions),
        )


def batch_outcomes(cases: Sequence[Case], ruleset: RuleSet, as_of: date) -> list[Outcome]:
    """Outcomes of ``cases`` at ``as_of`` by the batch engine, in input order."""
    if not cases:
        return []
    ev = evaluate(frames_from_cases(list(cases)), ruleset, as_of)
    tiers = ev.tier_ids()
    lists = {which: ev.id_lists(which) for which in ("criteria", "blockers", "actions")}
    return [
        Outcome(
            str(tiers[i]),
            int(ev.score[i]),
            lists["criteria"][i],
            lists["blockers"][i],
            lists["actions"][i],
        )
        for i in range(len(cases))
    ]


def last_records(db_session: Session, keys: Sequence[CaseKey]) -> dict[CaseKey, CaseEvaluation]:
    """The newest record of each case (by region and id), for the cases that have one."""
    found: dict[CaseKey, CaseEvaluation] = {}
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        newest = (
            select(func.max(CaseEvaluation.id))
            .where(tuple_(CaseEvaluation.region, CaseEvaluation.case_id).in_(chunk))
            .group_by(CaseEvaluation.region, CaseEvaluation.case_id)
        )
        for row in db_session.scalars(select(CaseEvaluation).where(CaseEvaluation.id.in_(newest))):
            found[CaseKey(row.region, row.case_id)] = row
    return found


def record(
    db_session: Session,
    *,
    cases: Sequence[Case],
    versions: Mapping[CaseKey, int],
    outcomes: Sequence[Outcome],
    ruleset: RuleSet,
    as_of: date,
    cause: Cause,
    details: Sequence[Mapping[str, Any]] | Mapping[str, Any],
    actor: str,
    model_version: str | None = None,
    next_changes: Mapping[CaseKey, date | None] | None = None,
    only_changed: bool = False,
    when: datetime | None = None,
) -> list[CaseKey]:
    """Store one record per case (in the caller's transaction); returns the cases stored.

    ``versions`` (and ``next_changes``) are by case, i.e. by region and id: two regions may
    hold the same id. ``details`` is one mapping for all cases or one per case (codes only).
    With ``only_changed``, a case whose outcome equals its last record under the same rule set
    is skipped (the sweep of window edges uses it).
    """
    from service.changes.sweep import scheduled

    keys = [CaseKey(c.region, c.case_id) for c in cases]
    previous = last_records(db_session, keys)
    now = when or utcnow()
    label = ruleset.label
    rows: list[dict[str, object]] = []
    stored: list[CaseKey] = []
    for i, (case, outcome) in enumerate(zip(cases, outcomes, strict=True)):
        key = keys[i]
        last = previous.get(key)
        if only_changed and last is not None and _same(last, outcome, label):
            continue
        detail = details[i] if isinstance(details, Sequence) else details
        upcoming = (
            next_changes[key]
            if next_changes is not None and key in next_changes
            else scheduled(case, ruleset, as_of)
        )
        rows.append(
            {
                "case_id": case.case_id,
                "case_version": versions[key],
                "region": case.region,
                "as_of": as_of,
                "recorded_at": now,
                "ruleset": label,
                "model_version": model_version,
                "tier": outcome.tier,
                "score": outcome.score,
                "criteria": json.dumps(outcome.criteria),
                "blockers": json.dumps(outcome.blockers),
                "actions": json.dumps(outcome.actions),
                "previous_tier": last.tier if last is not None else None,
                "cause": cause,
                "cause_detail": json.dumps(dict(detail), sort_keys=True, default=str),
                "actor": actor,
                "next_change": upcoming,
            }
        )
        stored.append(key)
    bulk_insert(db_session, CaseEvaluation, rows)
    return stored


def record_frames(
    db_session: Session,
    *,
    frames: CaseFrames,
    versions: Sequence[int],
    ruleset: RuleSet,
    as_of: date,
    cause: Cause,
    details: Sequence[Mapping[str, Any]],
    actor: str,
    model_version: str | None = None,
) -> None:
    """:func:`record` for validated columns (an import): no case object per record.

    The next calendar date is computed from the columns too
    (:func:`service.changes.sweep.next_changes_frames`), so an imported case is looked at by
    the sweep on its first window edge, not at the next sweep regardless.
    """
    from service.changes.sweep import next_changes_frames

    ev = evaluate(frames, ruleset, as_of)
    upcoming = next_changes_frames(frames, ruleset, as_of)
    case_ids = [str(c) for c in frames.cases["case_id"].tolist()]
    regions = [str(r) for r in frames.cases["region"].astype(object).tolist()]
    tiers = ev.tier_ids()
    lists = {which: ev.id_lists(which) for which in ("criteria", "blockers", "actions")}
    keys = [CaseKey(r, c) for r, c in zip(regions, case_ids, strict=True)]
    previous = {key: row.tier for key, row in last_records(db_session, keys).items()}
    now = utcnow()
    rows = [
        {
            "case_id": case_id,
            "case_version": versions[i],
            "region": regions[i],
            "as_of": as_of,
            "recorded_at": now,
            "ruleset": ruleset.label,
            "model_version": model_version,
            "tier": str(tiers[i]),
            "score": int(ev.score[i]),
            "criteria": json.dumps(lists["criteria"][i]),
            "blockers": json.dumps(lists["blockers"][i]),
            "actions": json.dumps(lists["actions"][i]),
            "previous_tier": previous.get(keys[i]),
            "cause": cause,
            "cause_detail": json.dumps(dict(details[i]), sort_keys=True, default=str),
            "actor": actor,
            "next_change": upcoming[i],
        }
        for i, case_id in enumerate(case_ids)
    ]
    bulk_insert(db_session, CaseEvaluation, rows)


def _same(last: CaseEvaluation, outcome: Outcome, label: str) -> bool:
    return (
        last.ruleset == label
        and last.tier == outcome.tier
        and last.score == outcome.score
        and json.loads(last.criteria) == outcome.criteria
        and json.loads(last.blockers) == outcome.blockers
        and json.loads(last.actions) == outcome.actions
    )


def open_versions() -> Select[str, str, int, str]:
    """Region, case id, version and stored record of every open case in its current version,
    by region and case id (callers narrow it further)."""
    return (
        select(CaseVersion.region, CaseVersion.case_id, CaseVersion.version, CaseVersion.data)
        .join(
            CaseRecord,
            and_(
                CaseVersion.region == CaseRecord.region,
                CaseVersion.case_id == CaseRecord.case_id,
                CaseVersion.version == CaseRecord.current_version,
            ),
        )
        .where(CaseRecord.status == "open")
        .order_by(CaseVersion.region, CaseVersion.case_id)
    )


def open_cases(db_session: Session) -> tuple[list[Case], dict[CaseKey, int]]:
    """Every open case in its current version (by region and id), and the version numbers."""
    rows = db_session.execute(open_versions()).all()
    cases = [Case.model_validate_json(data) for _, _, _, data in rows]
    return cases, {CaseKey(region, case_id): version for region, case_id, version, _ in rows}


def record_ruleset(
    db_session: Session, *, ruleset: RuleSet, as_of: date, actor: str, version_ref: str
) -> list[CaseKey]:
    """Record every open case under a rule set version that has just come into force."""
    cases, versions = open_cases(db_session)
    return record(
        db_session,
        cases=cases,
        versions=versions,
        outcomes=batch_outcomes(cases, ruleset, as_of),
        ruleset=ruleset,
        as_of=as_of,
        cause="ruleset",
        details={"ruleset": ruleset.label, "version": version_ref},
        actor=actor,
    )
