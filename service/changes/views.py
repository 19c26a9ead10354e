"""``/cases/{case_id}/evaluations``: a case's recorded evaluations with their causes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select

from service.audit import service as audit_service
from service.auth.roles import CASE_ROLES
from service.cases.keys import case_target
from service.cases.views import CaseId, CaseRegion, visible_case
from service.changes.models import CaseEvaluation, EvaluationRead, EvaluationsRead
from service.changes.wording import cause_text
from service.deps import NOT_FOUND, CurrentUser, DatabaseDep, allow

router = APIRouter(tags=["changes"], dependencies=[Depends(allow(CASE_ROLES))])
_404: dict[int | str, dict[str, Any]] = {
    404: {"description": NOT_FOUND},
    409: {"description": "The id names a case in more than one of the caller's regions."},
}


def to_read(row: CaseEvaluation, lang: str = "de") -> EvaluationRead:
    import json

    return EvaluationRead(
        id=row.id,
        case_id=row.case_id,
        region=row.region,
        case_version=row.case_version,
        as_of=row.as_of,
        recorded_at=row.recorded_at,
        ruleset=row.ruleset,
        model_version=row.model_version,
        tier=row.tier,
        previous_tier=row.previous_tier,
        tier_changed=row.tier_changed,
        score=row.score,
        criteria=json.loads(row.criteria),
        blockers=json.loads(row.blockers),
        actions=json.loads(row.actions),
        cause=row.cause,  # type: ignore[arg-type]
        cause_detail=row.detail,
        cause_text=cause_text(row.cause, row.detail, lang),
        actor=row.actor,
    )


@router.get(
    "/cases/{case_id}/evaluations",
    response_model=EvaluationsRead,
    summary="Recorded evaluations of a case (what changed, and why)",
    responses=_404,
)
def read_evaluations(
    case_id: CaseId,
    user: CurrentUser,
    db: DatabaseDep,
    lang: Annotated[str, Query(pattern="^(de|en)$", description="Language of the causes.")] = "de",
    region: CaseRegion = None,
) -> EvaluationsRead:
    """Every recorded evaluation, oldest first: tier, score, criteria, blockers, actions, rule
    set and model version, the tier before and the cause (import, event, rule set, time)."""
    record, _ = visible_case(db, user, case_id, region)
    with db.read() as session:
        rows = list(
            session.scalars(
                select(CaseEvaluation)
                .where(CaseEvaluation.region == record.region, CaseEvaluation.case_id == case_id)
                .order_by(CaseEvaluation.as_of, CaseEvaluation.id)
            )
        )
    audit_service.record(
        db,
        actor=user.name,
        action="case.evaluations.read",
        target=case_target(record.region, case_id),
        details={"records": len(rows)},
    )
    return EvaluationsRead(
        case_id=case_id, region=record.region, items=[to_read(row, lang) for row in rows]
    )
