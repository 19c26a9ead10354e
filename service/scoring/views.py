"""``POST /score``: tier, score, criteria, blockers, actions and explanation of posted cases."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from cases.model import Case
from cases.validation import CaseInputError, InputIssue
from rules import RuleSet
from rules.explanation import explain as build_explanation
from rules.interpreter import evaluate_case, sort_key
from service.auth.models import User
from service.auth.roles import SCORE_ROLES
from service.cases.keys import CaseKey
from service.cases.models import INPUT_REJECTED_RESPONSE
from service.cases.parsing import parse_json_cases
from service.cases.upload import UNNAMED
from service.deps import CachedRuleset, score_caller
from service.errors import ApiError, SaidIssue
from service.limits import check_record_limits
from service.model_runtime import ModelRuntime
from service.params import AsOf
from service.queue.service import reason
from service.rulesets.active import ruleset_key
from service.scoring.audit_batch import ScoreAuditor
from service.settings import Settings

router = APIRouter(tags=["score"])

SCORE_REQUEST_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "oneOf": [
                    {"$ref": "#/components/schemas/Case"},
                    {"type": "array", "items": {"$ref": "#/components/schemas/Case"}},
                ]
            }
        }
    },
}


class ScoredCase(BaseModel):
    case_id: str
    rank: int
    tier: str
    tier_label: str
    score: int
    criteria: list[str]
    blockers: list[str]
    actions: list[str]
    reason: str
    explanation: dict[str, Any] | None = None
    model_points: dict[str, Any] | None = Field(
        default=None,
        description="The points model's view beside the rules (null without "
        "a model): total points, probability, points per factor, reasons.",
    )


class ScoreResult(BaseModel):
    as_of: date
    ruleset: str
    model: str = Field(description="ready, or unavailable (the rules alone)")
    items: list[ScoredCase]


def score_items(
    cases: list[Case],
    ruleset: RuleSet,
    as_of: date,
    *,
    explain: bool,
    lang: str,
    model: ModelRuntime | None = None,
) -> dict[str, Any]:
    """Evaluate each case on its own (the per-case engine) and rank them among each other.

    Plain dicts, serialised once by the caller: no response model is built and re-validated
    per case. The explanation (its counterfactuals re-evaluate the case many times) is built
    only when asked for.
    """
    key = ruleset_key(ruleset)
    results = [evaluate_case(case, ruleset, as_of) for case in cases]
    order = sorted(range(len(cases)), key=lambda i: sort_key(results[i], cases[i], ruleset))
    ranks = {index: rank for rank, index in enumerate(order, start=1)}
    points = (
        model.points(cases, as_of, results=results, ruleset=ruleset) if model is not None else None
    ) or {}
    items = []
    for i, (case, result) in enumerate(zip(cases, results, strict=True)):
        explanation = (
            build_explanation(case, ruleset, as_of, lang=lang, result=result).model_dump(
                mode="json"
            )
            if explain
            else None
        )
        items.append(
            {
                "case_id": case.case_id,
                "rank": ranks[i],
                "tier": result.tier,
                "tier_label": ruleset.tier(result.tier).label.get(lang),
                "score": result.score,
                "criteria": result.criteria,
                "blockers": result.blockers,
                "actions": result.actions,
                "reason": reason(ruleset, key, result.tier, result.criteria, result.blockers, lang),
                "explanation": explanation,
                "model_points": points.get(case.case_id),
            }
        )
    status = model.status if model is not None else "unavailable"
    return {"as_of": as_of.isoformat(), "ruleset": ruleset.label, "model": status, "items": items}


def refuse_other_regions(cases: list[Case], regions: tuple[str, ...]) -> None:
    """422 naming every case of a region the caller may not see (issue #14: /score must not
    screen people of other regions)."""
    issues: list[InputIssue] = [
        SaidIssue.said(
            case.case_id,
            "region",
            "ingest.score_region_refused",
            region=case.region,
            regions=", ".join(regions),
        )
        for case in cases
        if case.region not in regions
    ]
    if issues:
        raise CaseInputError(issues, "request body")


#: At most this many refused records are named in one audit entry (the count is always there).
REFUSED_NAMED = 1000


def audit_refusal(auditor: ScoreAuditor, user: User, cases: list[Case], as_of: date) -> None:
    """Put a refusal of records of other regions on record (issue #14: ``/score`` must not
    be usable to screen people): an ``access.denied`` entry with target ``score`` naming the
    caller, their role and regions, the reference date, the refused records by region and id
    (``cases``: the first :data:`REFUSED_NAMED`; ``total``: how many) and how many records the
    request held (``n_cases``). Written before the 422 leaves; if it cannot be written, the
    request fails."""
    from service.audit import service as audit_service

    refused = [str(CaseKey(c.region, c.case_id)) for c in cases if c.region not in user.regions]
    audit_service.record(
        auditor.db,
        actor=user.name,
        action="access.denied",
        target="score",
        details={
            "status": 422,
            "role": user.role,
            "regions": sorted(user.regions),
            "as_of": as_of.isoformat(),
            "cases": refused[:REFUSED_NAMED],
            "total": len(refused),
            "n_cases": len(cases),
        },
    )


@router.post(
    "/score",
    response_model=ScoreResult,
    summary="Score cases without storing them",
    responses={
        422: INPUT_REJECTED_RESPONSE,
        413: {"description": "Body above TRIAGE_MAX_BODY_BYTES or too many cases."},
    },
    openapi_extra={"requestBody": SCORE_REQUEST_BODY},
)
async def score(
    request: Request,
    user: Annotated[User, Depends(score_caller(SCORE_ROLES))],
    ruleset: CachedRuleset,
    as_of: AsOf,
    explain: Annotated[
        bool, Query(description="Include the full explanation record (costs more).")
    ] = False,
    lang: Annotated[str, Query(pattern="^(de|en)$")] = "de",
) -> Response:
    """One case (a JSON object) or a list of cases (a JSON array), validated like an import.

    Only cases of the caller's regions may be scored. Nothing is stored but the audit entry:
    who scored which case ids at which reference date. The caller and the rule set in force
    come from per-process caches that follow every change (``service.auth.cache``); parsing,
    evaluation and the audit entry run in one worker thread, never on the event loop.
    """
    body = await request.body()  # bounded by TRIAGE_MAX_BODY_BYTES (service.limits)
    state = request.app.state
    auditor: ScoreAuditor = state.score_auditor
    result = await run_in_threadpool(
        _score,
        body,
        user,
        ruleset,
        state.settings,
        state.model_runtime,
        auditor,
        as_of,
        explain,
        lang,
    )
    return Response(result, media_type="application/json")


def _score(
    body: bytes,
    user: User,
    ruleset: RuleSet,
    settings: Settings,
    model: ModelRuntime,
    auditor: ScoreAuditor,
    as_of: date,
    explain: bool,
    lang: str,
) -> bytes:
    # A reference date in the future may be scored; dates after it are still errors.
    today = max(date.today(), as_of)
    cases = parse_json_cases(body, today=today, source=UNNAMED)
    if len(cases) > settings.max_score_cases:
        raise ApiError(
            status.HTTP_413_CONTENT_TOO_LARGE,
            "ingest.too_many_cases",
            limit=settings.max_score_cases,
            setting="TRIAGE_MAX_SCORE_CASES",
        )
    check_record_limits(
        cases,
        max_offences=settings.max_offences_per_case,
        max_incidents=settings.max_incidents_per_case,
        source="request body",
    )
    try:
        refuse_other_regions(cases, user.regions)
    except CaseInputError:
        audit_refusal(auditor, user, cases, as_of)
        raise
    result = score_items(cases, ruleset, as_of, explain=explain, lang=lang, model=model)
    auditor.record(
        user.name,
        {
            "as_of": as_of.isoformat(),
            "explain": explain,
            "ruleset": ruleset.label,
            # each record by region and id (ids are unique within a region only)
            "cases": [str(CaseKey(case.region, case.case_id)) for case in cases],
        },
    )
    return json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode()
