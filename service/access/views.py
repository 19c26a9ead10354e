"""``GET /cases/{case_id}/export`` (admin, auditor): everything stored about one case."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, status
from fastapi.responses import HTMLResponse, JSONResponse, Response

from service.access import export
from service.access.render import render_html
from service.auth.roles import AUDIT_ROLES
from service.cases.views import CaseId
from service.db.engine import Database
from service.deps import CurrentUser, DatabaseDep, SettingsDep, allow
from service.errors import ApiError
from service.language import ReaderLang
from service.settings import Settings

router = APIRouter(prefix="/cases", tags=["access"], dependencies=[Depends(allow(AUDIT_ROLES))])


def build(db: Database, settings: Settings, case_id: str, actor: str) -> dict[str, Any]:
    """Gather the export in one read transaction (raises ``export.CaseNotFoundError``)."""
    with db.read() as session:
        return export.gather(session, case_id=case_id, exported_by=actor)


@router.get(
    "/{case_id}/export",
    summary="Everything stored about one case (GDPR Art. 15), as JSON or a printable document",
    responses={
        200: {
            "content": {"application/json": {}, "text/html": {}},
            "description": "The export (JSON) or the document to print (HTML) in the reader's "
            "language (?lang=, else Accept-Language, else German).",
        },
        404: {"description": "No such case."},
    },
)
def export_case(
    case_id: CaseId,
    user: CurrentUser,
    db: DatabaseDep,
    settings: SettingsDep,
    lang: ReaderLang,
    format: Annotated[
        Literal["json", "html"],
        Query(description="json: the data; html: the document to print, in the reader's language"),
    ] = "json",
) -> Response:
    """Every version of the record (audit-only fields included), every decision, every recorded
    evaluation, the explanations shown and every audit entry about the case. Recorded in the
    audit log (``case.export``) before it is handed out."""
    try:
        data = build(db, settings, case_id, user.name)
    except export.CaseNotFoundError:
        raise ApiError(
            status.HTTP_404_NOT_FOUND, "retention.export.not_found", case_id=case_id
        ) from None
    export.record_export(db, actor=user.name, case_id=case_id, data=data, format=format, via="api")
    if format == "html":
        return HTMLResponse(render_html(data, lang), headers={"Cache-Control": "no-store"})
    return JSONResponse(data, headers={"Cache-Control": "no-store"})
