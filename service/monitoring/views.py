"""``GET /monitoring``: the post-market monitoring figures for policy staff and auditors."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from service.audit import service as audit_service
from service.auth.roles import Role
from service.deps import (
    ActiveRuleset,
    CaseloadsDep,
    CurrentUser,
    DatabaseDep,
    ModelDep,
    SettingsDep,
    allow,
)
from service.monitoring import plots
from service.monitoring.service import build_report

router = APIRouter(prefix="/monitoring", tags=["monitoring"])

#: Who reads the monitoring: policy staff (Fachaufsicht), auditors, administrators.
MONITORING_ROLES = (Role.policy, Role.auditor, Role.admin)

Weeks = Annotated[int | None, Query(ge=1, le=52, description="Weeks to look back (default 8).")]
AsOf = Annotated[date | None, Query(description="Reference date (default: today).")]
Lang = Annotated[Literal["de", "en"], Query(description="Language of the warnings.")]


def report(
    *,
    user: Any,
    db: Any,
    settings: Any,
    caseloads: Any,
    model: Any,
    ruleset: Any,
    as_of: date | None,
    weeks: int | None,
    lang: str,
    via: str,
) -> dict[str, Any]:
    """The report, with its read recorded in the audit log first."""
    day = as_of or date.today()
    span = weeks or settings.monitoring_weeks
    result = build_report(
        db=db,
        caseloads=caseloads,
        ruleset=ruleset,
        model=model,
        settings=settings,
        as_of=day,
        weeks=span,
        lang=lang,
    )
    audit_service.record(
        db,
        actor=user.name,
        action="monitoring.read",
        target="monitoring",
        details={
            "as_of": day.isoformat(),
            "weeks": span,
            "warnings": len(result["warnings"]),
            "view": via,
        },
    )
    return result


@router.get(
    "",
    summary="Post-market monitoring figures",
    dependencies=[Depends(allow(MONITORING_ROLES))],
)
def monitoring(
    user: CurrentUser,
    db: DatabaseDep,
    settings: SettingsDep,
    caseloads: CaseloadsDep,
    model: ModelDep,
    ruleset: ActiveRuleset,
    as_of: AsOf = None,
    weeks: Weeks = None,
    lang: Lang = "de",
) -> dict[str, Any]:
    """Departures from the order (per tier, criterion, region, week), agreement of rules, points
    model and decisions, drift of the model's inputs (PSI per feature against its training
    data), fairness of the queue over time; warnings where a threshold is crossed. Counts of
    fewer than 10 people are hidden (``null`` with ``suppressed: true``)."""
    return report(
        user=user,
        db=db,
        settings=settings,
        caseloads=caseloads,
        model=model,
        ruleset=ruleset,
        as_of=as_of,
        weeks=weeks,
        lang=lang,
        via="api",
    )


@router.get(
    "/plots/{name}.{fmt}",
    summary="A monitoring plot (SVG or PNG)",
    dependencies=[Depends(allow(MONITORING_ROLES))],
    responses={200: {"content": {"image/svg+xml": {}, "image/png": {}}}},
)
def monitoring_plot(
    name: Literal["departures", "drift", "fairness"],
    fmt: Literal["svg", "png"],
    user: CurrentUser,
    db: DatabaseDep,
    settings: SettingsDep,
    caseloads: CaseloadsDep,
    model: ModelDep,
    ruleset: ActiveRuleset,
    as_of: AsOf = None,
    weeks: Weeks = None,
    lang: Lang = "de",
) -> Response:
    """One plot of the monitoring figures (the same figures as ``GET /monitoring``)."""
    result = report(
        user=user,
        db=db,
        settings=settings,
        caseloads=caseloads,
        model=model,
        ruleset=ruleset,
        as_of=as_of,
        weeks=weeks,
        lang=lang,
        via=f"plot {name}",
    )
    return plots.response(name, result, fmt, lang)
