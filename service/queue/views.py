"""``GET /queue`` (case roles) and ``GET /queue/summary`` (aggregates, policy too)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import numpy as np
from fastapi import APIRouter, Depends, Query
from sqlalchemy import func, select

from cases.model import Region
from service.audit import service as audit_service
from service.auth.models import User
from service.auth.roles import AGGREGATE_ROLES, CASE_ROLES
from service.changes.markers import changed_between, markers_at
from service.db.engine import Database
from service.decisions.models import Decision
from service.deps import (
    ActiveRuleset,
    CaseloadsDep,
    CurrentUser,
    DatabaseDep,
    ModelDep,
    SettingsDep,
    allow,
    region_forbidden,
)
from service.params import AsOf, check_date, invalid
from service.queue import service as queue_service
from service.queue.models import LastDecision, QueuePage, QueueSummary, RegionSummary

router = APIRouter(prefix="/queue", tags=["queue"])


def _scope(user: User, region: str | None) -> tuple[str, ...]:
    if region is None:
        return user.regions
    if region not in user.regions:
        raise region_forbidden(region)
    return (region,)


def _last_decisions(db: Database, case_ids: list[str]) -> dict[str, LastDecision]:
    if not case_ids:
        return {}
    with db.read() as session:
        latest = (
            select(func.max(Decision.id))
            .where(Decision.case_id.in_(case_ids))
            .group_by(Decision.case_id)
        )
        rows = session.scalars(select(Decision).where(Decision.id.in_(latest)))
        return {
            d.case_id: LastDecision(
                kind=d.kind,
                decided_at=d.decided_at,
                decided_by=d.decided_by,
                case_version=d.case_version,
                override=d.override,
            )
            for d in rows
        }


@router.get(
    "",
    response_model=QueuePage,
    summary="The queue of open cases",
    dependencies=[Depends(allow(CASE_ROLES))],
)
def get_queue(
    user: CurrentUser,
    db: DatabaseDep,
    caseloads: CaseloadsDep,
    ruleset: ActiveRuleset,
    model: ModelDep,
    settings: SettingsDep,
    as_of: AsOf,
    region: Annotated[Region | None, Query(description="Only this region (one of yours).")] = None,
    tier: Annotated[
        list[str] | None, Query(description="Only these tiers (repeatable).", max_length=10)
    ] = None,
    changed_since: Annotated[
        date | None,
        Query(description="Only cases new, re-imported or with another tier since this date."),
    ] = None,
    new_or_changed: Annotated[
        bool,
        Query(
            description="Only cases new (received within new_window_days) or whose tier "
            "changed within change_window_days: the 'neu und geändert' filter."
        ),
    ] = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    lang: Annotated[
        str, Query(pattern="^(de|en)$", description="Language of change_cause.")
    ] = "de",
) -> QueuePage:
    """Open cases the caller may see in queue order (tiers in rule set order, BLOCKED and
    NONE last), with a short German reason and what changed since the week before."""
    scope = _scope(user, region)
    if tier:
        unknown = [t for t in tier if t not in ruleset.tier_ids]
        if unknown:
            raise invalid(
                "tier", "api.unknown_tier", tier=repr(unknown[0]), tiers=", ".join(ruleset.tier_ids)
            )
    if changed_since is not None:
        check_date(changed_since, "changed_since")
        if changed_since > as_of:
            raise invalid("changed_since", "api.changed_since_after_as_of")
    caseload = caseloads.get(db)
    with db.read() as session:
        markers = markers_at(
            session, as_of=as_of, window_days=settings.change_window_days, regions=scope
        )
        changed = (
            changed_between(session, since=changed_since, until=as_of, regions=scope)
            if changed_since is not None
            else None
        )
    view = queue_service.build_view(
        caseload=caseload,
        ruleset=ruleset,
        as_of=as_of,
        regions=scope,
        tiers=tier,
        changed_since=changed_since,
        markers=markers,
        changed=changed,
        new_or_changed=new_or_changed,
        new_days=settings.new_window_days,
    )
    page = view.positions[offset : offset + limit]
    page_ids = [str(caseload.case_ids[p]) for p in page]
    points = model.points(caseload.cases_at(page), as_of) if len(page) and model.available else None
    items = queue_service.page_items(
        view=view,
        offset=offset,
        limit=limit,
        points=points,
        decisions=_last_decisions(db, page_ids),
        lang=lang,
    )
    audit_service.record(
        db,
        actor=user.name,
        action="queue.read",
        target="queue",
        details={
            "as_of": as_of.isoformat(),
            "region": region,
            "tier": tier,
            "changed_since": changed_since.isoformat() if changed_since else None,
            "new_or_changed": new_or_changed,
            "limit": limit,
            "offset": offset,
            "total": view.total,
            "cases": page_ids,
        },
    )
    return QueuePage(
        items=items,
        total=view.total,
        limit=limit,
        offset=offset,
        as_of=as_of,
        ruleset=ruleset.label,
        model_status=model.status,
    )


@router.get(
    "/summary",
    response_model=QueueSummary,
    summary="Tier counts per region",
    dependencies=[Depends(allow(AGGREGATE_ROLES))],
)
def get_summary(
    user: CurrentUser,
    db: DatabaseDep,
    caseloads: CaseloadsDep,
    ruleset: ActiveRuleset,
    settings: SettingsDep,
    as_of: AsOf,
) -> QueueSummary:
    """Aggregates only (no case ids): open cases per region and tier, new and changed ones.

    Policy staff see every region; case roles see their own regions.
    """
    caseload = caseloads.get(db)
    regions = []
    total = 0
    with db.read() as session:
        markers = markers_at(
            session, as_of=as_of, window_days=settings.change_window_days, regions=user.regions
        )
    for region in user.regions:
        view = queue_service.build_view(
            caseload=caseload, ruleset=ruleset, as_of=as_of, regions=(region,)
        )
        tiers_now = queue_service.tier_ids(view.current, view.positions)
        new = queue_service.is_new(caseload, view.positions, as_of, settings.new_window_days)
        changed = queue_service.has_marker(caseload, view.positions, markers)
        counts = {t: int(np.sum(tiers_now == t)) for t in ruleset.tier_ids}
        regions.append(
            RegionSummary(
                region=region,
                total=view.total,
                tiers=counts,
                new=int(new.sum()),
                tier_changed=int(changed.sum()),
            )
        )
        total += view.total
    audit_service.record(
        db,
        actor=user.name,
        action="queue.summary.read",
        target="queue",
        details={"as_of": as_of.isoformat(), "regions": list(user.regions)},
    )
    return QueueSummary(as_of=as_of, ruleset=ruleset.label, total=total, regions=regions)
