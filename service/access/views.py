"""``GET /cases/{case_id}/export`` (admin, auditor): everything stored about one case."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, status
from fastapi.responses import HTMLResponse, JSONResponse, Response

from service.access import export
from service.access.render import render_html
from service.auth.roles import AUDIT_ROLES
from service.cases.views import CaseId, CaseRegion, visible_case
from service.db.engine import Database
from service.deps import CurrentUser, DatabaseDep, SettingsDep, allow
from service.errors import ApiError
from service.language import ReaderLang
from service.settings import Settings

router = APIRouter(prefix="/cases", tags=["access"], dependencies=[Depends(allow(AUDIT_ROLES))])


def build(
    db: Database, settings: Settings, region: str, case_id: str, actor: str
) -> dict[str, Any]:
    """Gather the export of the case ``case_id`` of ``region`` in one read transaction (raises
    ``export.CaseNotFoundError``)."""
    with db.read() as session:
        return export.gather(session, region=region, case_id=case_id, exported_by=actor)


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
        409: {"description": "The id is held by several regions: name the region."},
    },
)
def export_case(
    case_id: CaseId,
    user: CurrentUser,
    db: DatabaseDep,
    settings: SettingsDep,
    lang: ReaderLang,
    region: CaseRegion = None,
    format: Annotated[
        Literal["json", "html"],
        Query(description="json: the data; html: the document to print, in the reader's language"),
    ] = "json",
) -> Response:
    """Every version of the record (audit-only fields included), every decision, every recorded
    evaluation, the explanations shown and every audit entry about the case. Recorded in the
    audit log (``case.export``) before it is handed out. The case is ``case_id`` of ``region``;
    the region may be left out where only one region holds the id (else 409)."""
    record, _ = visible_case(db, user, case_id, region)
    try:
        data = build(db, settings, record.region, record.case_id, user.name)
    except export.CaseNotFoundError:  # erased in between
        raise ApiError(
            status.HTTP_404_NOT_FOUND, "retention.export.not_found", case_id=case_id
        ) from None
    export.record_export(db, actor=user.name, data=data, format=format, via="api")
    if format == "html":
        return HTMLResponse(render_html(data, lang), headers={"Cache-Control": "no-store"})
    return JSONResponse(data, headers={"Cache-Control": "no-store"})
