"""Recording human decisions, with the queue position they depart from (overrides)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from rules import RuleSet
from rules.interpreter import evaluate_case
from service.audit import chain
from service.cases import service as case_service
from service.cases.keys import CaseKey, case_target
from service.cases.models import CaseRecord
from service.db.base import utcnow
from service.db.engine import Database
from service.decisions.models import (
    HOLD_BACK_KINDS,
    TAKE_UP_KINDS,
    Decision,
    DecisionCreate,
    DecisionKind,
)
from service.queue import service as queue_service
from service.queue.caseload import CaseloadCache
from texts import coded, shown, text


class DecisionConflict(ValueError):
    """The decision does not fit the case's state (e.g. closing a closed case).

    ``key`` is the catalogue key of the message; ``str(error)`` is its German text.
    """

    def __init__(self, key: str) -> None:
        super().__init__(text(key, "de"))
        self.key = key

    def message(self, lang: str) -> str:
        return text(self.key, lang)


@dataclass(frozen=True)
class QueuePosition:
    rank: int | None  # in the region's open queue; None when the case is not in it
    tier: str
    score: int
    skipped: int  # higher-ranked open cases of the region without a decision on their version


def _decided(db_session: Session, region: str) -> set[str]:
    """Open cases of a region with a decision on their current version."""
    rows = db_session.scalars(
        select(Decision.case_id)
        .distinct()
        .join(
            CaseRecord,
            and_(
                CaseRecord.region == Decision.region,
                CaseRecord.case_id == Decision.case_id,
                CaseRecord.current_version == Decision.case_version,
            ),
        )
        .where(CaseRecord.region == region, CaseRecord.status == "open")
    )
    return set(rows)


def position(
    *, db: Database, caseloads: CaseloadCache, ruleset: RuleSet, record: CaseRecord, as_of: date
) -> QueuePosition:
    """Where the case stands in its region's queue at ``as_of``."""
    caseload = caseloads.get(db)
    row = caseload.index.get(CaseKey(record.region, record.case_id))
    if row is None or int(caseload.versions[row]) != record.current_version:
        with db.read() as session:
            version = case_service.get_version(
                db_session=session,
                region=record.region,
                case_id=record.case_id,
                version=record.current_version,
            )
        assert version is not None
        result = evaluate_case(case_service.load_case(version), ruleset, as_of)
        return QueuePosition(None, result.tier, result.score, 0)
    view = queue_service.build_view(
        caseload=caseload, ruleset=ruleset, as_of=as_of, regions=(record.region,)
    )
    hits = np.flatnonzero(view.positions == row)
    tier = str(queue_service.tier_ids(view.current, np.array([row]))[0])
    score = int(view.current.score[row])
    if len(hits) == 0:  # received after as_of
        return QueuePosition(None, tier, score, 0)
    index = int(hits[0])
    with db.read() as session:
        decided = _decided(session, record.region)
    above = [str(caseload.case_ids[p]) for p in view.positions[:index]]
    return QueuePosition(index + 1, tier, score, sum(1 for c in above if c not in decided))


def override_note(kind: DecisionKind, pos: QueuePosition, ruleset: RuleSet) -> str | None:
    """Why a decision departs from the queue order (a :func:`texts.coded` value, rendered
    by :func:`texts.shown` in the reader's language), or ``None`` when it follows it."""
    if kind in TAKE_UP_KINDS and pos.skipped > 0:
        return coded("stored.override.taken_ahead", n=pos.skipped)
    if kind in HOLD_BACK_KINDS and pos.rank is not None and pos.tier == ruleset.tier_ids[0]:
        return coded("stored.override.held_back")
    return None


def create(
    *,
    db: Database,
    record: CaseRecord,
    pos: QueuePosition,
    body: DecisionCreate,
    as_of: date,
    ruleset: RuleSet,
    actor: str,
    model_uri: str | None = None,
    lang: str = "de",
) -> Decision:
    """Store the decision and its audit entry in one transaction; close or reopen the case.

    ``model_uri`` names the exact points-model version shown beside the rules (or ``None``
    when the queue ran on the rules alone), so the audit log says what the person saw; the
    override note is stored as a code and written to the audit log as shown, in ``lang``.
    """
    with db.write() as session:
        chain.lock(session)
        current = session.get(CaseRecord, (record.region, record.case_id))
        assert current is not None
        if body.kind == DecisionKind.close and current.status == "closed":
            raise DecisionConflict("stored.decision.already_closed")
        if body.kind == DecisionKind.reopen and current.status == "open":
            raise DecisionConflict("stored.decision.not_closed")
        if (
            body.kind not in (DecisionKind.close, DecisionKind.reopen)
            and current.status == "closed"
        ):
            raise DecisionConflict("stored.decision.reopen_first")
        now = utcnow()
        note = override_note(body.kind, pos, ruleset)
        entry = chain.append(
            session,
            actor=actor,
            action="decision.create",
            target=case_target(record.region, record.case_id),
            details={
                "kind": body.kind.value,
                "version": current.current_version,
                "as_of": as_of.isoformat(),
                "rank": pos.rank,
                "tier": pos.tier,
                "score": pos.score,
                "override": note is not None,
                "override_note": shown(note, lang) if note else None,
                "ruleset": ruleset.label,
                "model": model_uri,
            },
            reason=body.reason,
        )
        decision = Decision(
            region=record.region,
            case_id=record.case_id,
            case_version=current.current_version,
            kind=body.kind.value,
            reason=body.reason,
            override=note is not None,
            override_note=note,
            rank=pos.rank,
            tier=pos.tier,
            score=pos.score,
            as_of=as_of,
            ruleset=ruleset.label,
            decided_by=actor,
            decided_at=now,
            audit_seq=entry.seq,
        )
        session.add(decision)
        if body.kind == DecisionKind.close:
            current.status, current.closed_at, current.updated_at = "closed", now, now
            case_service.bump_revision(session)
        elif body.kind == DecisionKind.reopen:
            current.status, current.closed_at, current.updated_at = "open", None, now
            case_service.bump_revision(session)
        session.flush()
        return decision


def get_all(*, db_session: Session, region: str, case_id: str) -> list[Decision]:
    """Decisions on the case ``case_id`` of ``region``, oldest first (ids are unique within a
    region only: another region's case of the same id has its own decisions)."""
    return list(
        db_session.scalars(
            select(Decision)
            .where(Decision.region == region, Decision.case_id == case_id)
            .order_by(Decision.id)
        )
    )
