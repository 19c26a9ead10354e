"""``GET /compliance/pack``: the documentation pack as a ZIP, for auditors and policy staff."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from service.auth.roles import Role
from service.compliance.build import build_pack, zip_pack
from service.deps import (
    ActiveRuleset,
    CaseloadsDep,
    CurrentUser,
    DatabaseDep,
    ModelDep,
    SettingsDep,
    allow,
)
from service.monitoring.service import audited_reference_date, shows_audit_fields

router = APIRouter(prefix="/compliance", tags=["compliance"])

PACK_ROLES = (Role.auditor, Role.policy, Role.admin)


@router.get(
    "/pack",
    summary="The generated documentation pack (ZIP)",
    dependencies=[Depends(allow(PACK_ROLES))],
    responses={200: {"content": {"application/zip": {}}}},
)
def documentation_pack(
    user: CurrentUser,
    db: DatabaseDep,
    settings: SettingsDep,
    caseloads: CaseloadsDep,
    model: ModelDep,
    ruleset: ActiveRuleset,
    as_of: Annotated[date | None, Query(description="Reference date (default today).")] = None,
) -> Response:
    """Annex IV technical documentation (with the Art. 9 risk register, Art. 13 instructions,
    Art. 14 oversight, Art. 15 figures), DPIA and record of processing drafts, FRIA skeleton,
    ATRS and Dutch algorithm register records (JSON), a sample Art. 86 explanation and
    ``manifest.json`` with checksums and sources. Building is recorded in the audit log.

    The monitoring figures in the pack follow ``GET /monitoring``: the fairness breakdown
    (nationality, sex) for auditors only; other roles on the simulation's date grid (no
    ``as_of``: the latest available Monday; off the grid: 422)."""
    if not shows_audit_fields(user.role):
        as_of = audited_reference_date(
            db=db,
            caseloads=caseloads,
            user=user,
            as_of=as_of,
            min_cell_size=settings.min_cell_size,
            refused="docs.build.refused",
            target="documentation",
        )
    pack = build_pack(
        db=db,
        settings=settings,
        ruleset=ruleset,
        model=model,
        actor=user.name,
        caseloads=caseloads,
        as_of=as_of,
        via="api",
        role=user.role,
    )
    day = (as_of or date.today()).isoformat()
    return Response(
        zip_pack(pack),
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="rrk-triage-dokumentation-{day}.zip"',
            "Cache-Control": "no-store",
        },
    )
