"""``GET /monitoring``: the post-market monitoring figures for policy staff and auditors.

Auditors see every figure on any reference date. Policy staff and administrators see no
breakdown by an audit-only field (nationality, sex) and read on the simulation's date grid only
(issue #14, item 4; :func:`service.monitoring.service.reference_date`)."""

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
from service.errors import ApiError
from service.monitoring import plots
from service.monitoring.service import audited_reference_date, build_report, shows_audit_fields

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
    """The report as ``user`` may see it, with its read (or a refused date) recorded in the
    audit log with its parameters."""
    span = weeks or settings.monitoring_weeks
    minimum = settings.min_cell_size
    audit_fields = shows_audit_fields(user.role)
    day = audited_reference_date(
        db=db,
        caseloads=caseloads,
        user=user,
        as_of=as_of,
        min_cell_size=minimum,
        refused="monitoring.read.refused",
        target="monitoring",
        weeks=span,
        view=via,
    )
    result = build_report(
        db=db,
        caseloads=caseloads,
        ruleset=ruleset,
        model=model,
        settings=settings,
        as_of=day,
        weeks=span,
        audit_fields=audit_fields,
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
            # The parameters of the read (issue #14, item 4): what was shown, to whom.
            "role": user.role,
            "audit_fields_shown": audit_fields,
            "date_grid": not audit_fields,
            "caseload": result["caseload"],
            "min_cell_size": minimum,
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
    fewer than ``TRIAGE_MIN_CELL_SIZE`` (default 10) people are hidden (``null`` with
    ``suppressed: true``). The fairness breakdown (nationality, sex) is shown to auditors only
    (``fairness.hidden``); other roles read on the simulation's date grid only (available
    Mondays, the caseload as it stood; without ``as_of`` the latest one, an ``as_of`` off the
    grid is a 422 naming the nearest possible Monday before it)."""
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
    return plot_response(name, result, fmt, lang)


def plot_response(name: str, result: dict[str, Any], fmt: str, lang: str) -> Response:
    """The plot, unless it shows groups of an audit-only field the reader may not see (403)."""
    if name == "fairness" and result["fairness"].get("hidden"):
        raise ApiError(403, "monitoring.plot_hidden")
    return plots.response(name, result, fmt, lang)
