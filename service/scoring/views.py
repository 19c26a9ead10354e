"""``POST /score``: tier, score, criteria, blockers, actions and explanation of posted cases."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from cases.io import parse_payload
from cases.model import Case
from rules import RuleSet
from rules.explanation import explain as build_explanation
from rules.interpreter import evaluate_case, sort_key
from service.auth.roles import SCORE_ROLES
from service.cases.models import INPUT_REJECTED_RESPONSE
from service.deps import ActiveRuleset, ModelDep, SettingsDep, allow
from service.model_runtime import ModelRuntime
from service.params import AsOf
from service.queue.service import reason
from service.rulesets.active import ruleset_key

router = APIRouter(tags=["score"])

_INLINE_CASES = 4  # small requests are scored on the event loop; larger ones in a thread

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


def score_cases(
    cases: list[Case],
    ruleset: RuleSet,
    as_of: date,
    *,
    explain: bool,
    lang: str,
    model: ModelRuntime | None = None,
) -> ScoreResult:
    """Evaluate each case on its own (the per-case engine) and rank them among each other."""
    key = ruleset_key(ruleset)
    results = [evaluate_case(case, ruleset, as_of) for case in cases]
    order = sorted(range(len(cases)), key=lambda i: sort_key(results[i], cases[i], ruleset))
    ranks = {index: rank for rank, index in enumerate(order, start=1)}
    points = (model.points(cases, as_of) if model is not None else None) or {}
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
            ScoredCase(
                case_id=case.case_id,
                rank=ranks[i],
                tier=result.tier,
                tier_label=ruleset.tier(result.tier).label.get(lang),
                score=result.score,
                criteria=result.criteria,
                blockers=result.blockers,
                actions=result.actions,
                reason=reason(ruleset, key, result.tier, result.criteria, result.blockers, lang),
                explanation=explanation,
                model_points=points.get(case.case_id),
            )
        )
    status = model.status if model is not None else "unavailable"
    return ScoreResult(as_of=as_of, ruleset=ruleset.label, model=status, items=items)


@router.post(
    "/score",
    response_model=ScoreResult,
    summary="Score cases without storing them",
    dependencies=[Depends(allow(SCORE_ROLES))],
    responses={422: INPUT_REJECTED_RESPONSE},
    openapi_extra={"requestBody": SCORE_REQUEST_BODY},
)
async def score(
    request: Request,
    ruleset: ActiveRuleset,
    settings: SettingsDep,
    model: ModelDep,
    as_of: AsOf,
    explain: Annotated[bool, Query(description="Include the full explanation record.")] = True,
    lang: Annotated[str, Query(pattern="^(de|en)$")] = "de",
) -> ScoreResult:
    """One case (a JSON object) or a list of cases (a JSON array), validated like an import.

    Nothing is stored and no audit entry is written: the caller sent the data and receives
    only the rules' view of it.
    """
    body = await request.body()
    if len(body) > settings.max_import_bytes:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, "request too large")
    stripped = body.lstrip()
    single = stripped.startswith(b"{")
    data = b"[" + body + b"]" if single else body
    # A reference date in the future may be scored; dates after it are still errors.
    today = max(date.today(), as_of)

    def work() -> ScoreResult:
        cases = parse_payload(data, fmt="json", today=today, source="request body")
        if len(cases) > settings.max_score_cases:
            raise HTTPException(
                status.HTTP_413_CONTENT_TOO_LARGE,
                f"more than {settings.max_score_cases} cases in one request",
            )
        return score_cases(cases, ruleset, as_of, explain=explain, lang=lang, model=model)

    if single or len(body) < 2048 * _INLINE_CASES:
        return work()
    return await run_in_threadpool(work)
