"""``/cases/{case_id}/decisions``: record and list human triage decisions."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, status

from service.audit import service as audit_service
from service.auth.roles import CASE_ROLES
from service.cases.keys import case_target
from service.cases.views import CaseId, CaseRegion, visible_case
from service.decisions import service as decision_service
from service.decisions.models import DecisionCreate, DecisionList, DecisionRead
from service.deps import (
    NOT_FOUND,
    ActiveRuleset,
    CaseloadsDep,
    CurrentUser,
    DatabaseDep,
    ModelDep,
    allow,
)
from service.errors import ApiError
from service.params import check_date

router = APIRouter(prefix="/cases", tags=["decisions"], dependencies=[Depends(allow(CASE_ROLES))])


@router.post(
    "/{case_id}/decisions",
    response_model=DecisionRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record a triage decision",
    responses={
        404: {"description": NOT_FOUND},
        409: {
            "description": "The decision does not fit the case's state, or the id names a "
            "case in more than one of the caller's regions (give ``region``)."
        },
    },
)
def create_decision(
    case_id: CaseId,
    body: DecisionCreate,
    user: CurrentUser,
    db: DatabaseDep,
    caseloads: CaseloadsDep,
    ruleset: ActiveRuleset,
    model: ModelDep,
    region: CaseRegion = None,
) -> DecisionRead:
    """A person's decision with a mandatory reason. Taking a case up ahead of higher-ranked
    undecided cases, or holding back a top-tier case, is recorded as an override."""
    record, _ = visible_case(db, user, case_id, region)
    as_of = check_date(body.as_of or date.today(), "as_of", "body")
    pos = decision_service.position(
        db=db, caseloads=caseloads, ruleset=ruleset, record=record, as_of=as_of
    )
    try:
        decision = decision_service.create(
            db=db,
            record=record,
            pos=pos,
            body=body,
            as_of=as_of,
            ruleset=ruleset,
            actor=user.name,
            model_uri=model.uri if model.available else None,
        )
    except decision_service.DecisionConflict as error:
        raise ApiError(status.HTTP_409_CONFLICT, error.key) from None
    return DecisionRead.model_validate(decision)


@router.get(
    "/{case_id}/decisions",
    response_model=DecisionList,
    summary="Decisions on a case",
    responses={
        404: {"description": NOT_FOUND},
        409: {"description": "The id names a case in more than one of the caller's regions."},
    },
)
def list_decisions(
    case_id: CaseId, user: CurrentUser, db: DatabaseDep, region: CaseRegion = None
) -> DecisionList:
    """Every decision on the case, oldest first, with who, when, why and the queue position."""
    record, _ = visible_case(db, user, case_id, region)
    with db.read() as session:
        items = [
            DecisionRead.model_validate(d)
            for d in decision_service.get_all(
                db_session=session, region=record.region, case_id=record.case_id
            )
        ]
    audit_service.record(
        db,
        actor=user.name,
        action="decision.list.read",
        target=case_target(record.region, record.case_id),
        details={"count": len(items)},
    )
    return DecisionList(items=items)
