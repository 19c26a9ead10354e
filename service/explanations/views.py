"""``GET /cases/{case_id}/explanation``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from rules.explanation import Explanation, explain
from rules.render import render_text
from service.access import shown as explanations_shown
from service.auth.roles import CASE_ROLES
from service.cases import service as case_service
from service.cases.views import CaseId, CaseRegion, visible_case
from service.deps import NOT_FOUND, ActiveRuleset, CurrentUser, DatabaseDep, ModelDep, allow
from service.language import ReaderLang
from service.model.text import render_model_section
from service.params import AsOf

router = APIRouter(
    prefix="/cases", tags=["explanations"], dependencies=[Depends(allow(CASE_ROLES))]
)


@router.get(
    "/{case_id}/explanation",
    response_model=Explanation,
    summary="Why a case has its tier",
    responses={
        200: {
            "content": {"text/plain": {"schema": {"type": "string"}}},
            "description": "The explanation record (JSON) or the note for the file (text).",
        },
        404: {"description": NOT_FOUND},
        409: {"description": "The id names a case in more than one of the caller's regions."},
    },
)
def read_explanation(
    case_id: CaseId,
    user: CurrentUser,
    db: DatabaseDep,
    ruleset: ActiveRuleset,
    model: ModelDep,
    as_of: AsOf,
    reader: ReaderLang,
    lang: Annotated[
        Literal["de", "en"] | None,
        Query(description="Language of the explanation; default: Accept-Language, else German."),
    ] = None,
    format: Annotated[
        Literal["json", "text"], Query(description="json: the record; text: the note for the file")
    ] = "json",
    region: CaseRegion = None,
) -> Response:
    """Every criterion with value and threshold and the records behind it, near misses, what
    single change would move the tier, blockers, actions and records that did not count."""
    del lang  # documented here, read by ReaderLang (service/language.py)
    lang = reader
    record, version = visible_case(db, user, case_id, region)
    case = case_service.load_case(version)
    explanation = explain(case, ruleset, as_of, lang=lang)
    points = (model.points([case], as_of) or {}).get(case.case_id)
    shown: str | dict[str, Any]
    if format == "text":
        shown = render_text(explanation, lang) + render_model_section(points, lang)
    else:
        shown = explanation.model_dump(mode="json")
        shown["model"] = {"status": model.status, "version": model.version, "points": points}
    explanations_shown.record(  # the audit entry and what was shown, before it is handed out
        db,
        actor=user.name,
        action="case.explanation.read",
        region=record.region,
        case_id=case_id,
        version=version.version,
        as_of=as_of,
        lang=lang,
        view="api_text" if format == "text" else "api",
        ruleset=ruleset,
        model_version=model.version if model.available else None,
        shown=shown,
        details={
            "version": version.version,
            "as_of": as_of.isoformat(),
            "lang": lang,
            "format": format,
        },
    )
    if isinstance(shown, str):
        return PlainTextResponse(shown)
    return JSONResponse(shown)
