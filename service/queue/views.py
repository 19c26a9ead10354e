"""``GET /queue`` (case roles) and ``GET /queue/summary`` (aggregates, policy too)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import numpy as np
import pandas as pd
from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy import func, select, tuple_

from cases.model import Region
from fairness.suppression import TableSuppression, suppress_with_totals
from rules import RuleSet
from service.audit import service as audit_service
from service.auth.models import User
from service.auth.roles import AGGREGATE_ROLES, CASE_ROLES
from service.cases.keys import CaseKey
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
from service.model_runtime import ModelRuntime
from service.params import AsOf, IsoDate, check_date, invalid
from service.queue import service as queue_service
from service.queue.caseload import Caseload, CaseloadCache
from service.queue.models import LastDecision, QueuePage, QueueSummary, RegionSummary
from service.rulesets import service as ruleset_service
from service.rulesets.models import InvalidRequestError
from service.settings import Settings

router = APIRouter(prefix="/queue", tags=["queue"])


def _scope(user: User, region: str | None) -> tuple[str, ...]:
    if region is None:
        return user.regions
    if region not in user.regions:
        raise region_forbidden(region)
    return (region,)


def _last_decisions(db: Database, keys: list[CaseKey]) -> dict[CaseKey, LastDecision]:
    """The newest decision on each of the cases (by region and id) that has one."""
    if not keys:
        return {}
    with db.read() as session:
        latest = (
            select(func.max(Decision.id))
            .where(tuple_(Decision.region, Decision.case_id).in_(keys))
            .group_by(Decision.region, Decision.case_id)
        )
        rows = session.scalars(select(Decision).where(Decision.id.in_(latest)))
        return {
            CaseKey(d.region, d.case_id): LastDecision(
                kind=d.kind,
                decided_at=d.decided_at,
                decided_by=d.decided_by,
                case_version=d.case_version,
                override=d.override,
            )
            for d in rows
        }


def _points(
    model: ModelRuntime, caseload: Caseload, page: np.ndarray, as_of: date
) -> dict[CaseKey, dict[str, Any]] | None:
    """The points model's view of a page's cases by region and id (scored one region at a
    time: the model names a case by its id, unique within a region only)."""
    if not len(page) or not model.available:
        return None
    found: dict[CaseKey, dict[str, Any]] = {}
    for region in sorted({str(r) for r in caseload.regions[page]}):
        rows = page[caseload.regions[page] == region]
        scored = model.points(caseload.cases_at(rows), as_of)
        if scored is None:
            return None
        found.update({CaseKey(region, case_id): value for case_id, value in scored.items()})
    return found


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
        IsoDate | None,
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
    page_keys = [CaseKey(str(caseload.regions[p]), str(caseload.case_ids[p])) for p in page]
    page_ids = [key.case_id for key in page_keys]
    items = queue_service.page_items(
        view=view,
        offset=offset,
        limit=limit,
        points=_points(model, caseload, page, as_of),
        decisions=_last_decisions(db, page_keys),
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
            # ids are unique within a region only: the regions of the cases listed
            "regions": sorted({key.region for key in page_keys}),
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


def summary_gridded(role: str | None) -> bool:
    """Does a caller of ``role`` see the overview as the simulation's tables are published
    (issue #14, item 4): on the available grid dates only, with small cells hidden? Those who
    may not see audit-only fields (:func:`service.rulesets.service.gridded`) and do not work
    the cases themselves (the case roles see their regions' queue anyway)."""
    return ruleset_service.gridded(role) and role not in {r.value for r in CASE_ROLES}


async def summary_as_of(
    as_of: Annotated[
        IsoDate | None,
        Query(
            description="Reference date (YYYY-MM-DD); default: today, for policy "
            "staff the latest available grid date (as for simulations)."
        ),
    ] = None,
) -> date | None:
    return check_date(as_of, "as_of") if as_of is not None else None


def summary_day(
    *, user: User, db: Database, caseloads: CaseloadCache, settings: Settings, as_of: date | None
) -> date:
    """The overview's reference date: as asked, default today; for :func:`summary_gridded`
    callers an available grid date of the simulation (default the latest), else
    :class:`~service.rulesets.models.InvalidRequestError`, audited as
    ``queue.summary.refused`` like the simulation's refusals."""
    if not summary_gridded(user.role):
        return as_of or date.today()
    if as_of is None:
        return ruleset_service.latest_simulation_date(
            db=db, caseloads=caseloads, day=date.today(), min_cell_size=settings.min_cell_size
        )
    try:
        ruleset_service.check_simulation_date(
            db=db,
            caseloads=caseloads,
            as_of=as_of,
            role=user.role,
            min_cell_size=settings.min_cell_size,
        )
    except InvalidRequestError:
        audit_service.record(
            db,
            actor=user.name,
            action="queue.summary.refused",
            target="queue",
            details={"as_of": as_of.isoformat(), "role": user.role, "reason": "date_grid"},
        )
        raise
    return as_of


def _protected(summary: QueueSummary, minimum: int) -> QueueSummary:
    """The overview with its counts passed through the simulation's small-cell suppression:
    the region x tier table with the region totals, the tier totals and the grand total as
    published; the new and the changed counts each as a column with its total."""
    tiers = list(summary.tier_totals)
    index = [r.region for r in summary.regions]
    table = pd.DataFrame(
        [[r.tiers[t] or 0 for t in tiers] for r in summary.regions],
        index=index,
        columns=tiers,
        dtype="int64",
    )
    masks = suppress_with_totals(table, minimum)

    def column(name: str) -> TableSuppression:
        values = [[int(getattr(r, name) or 0)] for r in summary.regions]
        return suppress_with_totals(
            pd.DataFrame(values, index=index, columns=[name], dtype="int64"), minimum
        )

    new, changed = column("new"), column("tier_changed")
    regions = [
        RegionSummary(
            region=r.region,
            total=None if masks.row_totals[r.region] else r.total,
            tiers={t: None if masks.cells.loc[r.region, t] else r.tiers[t] for t in tiers},
            new=None if new.cells.loc[r.region, "new"] else r.new,
            tier_changed=None if changed.cells.loc[r.region, "tier_changed"] else r.tier_changed,
        )
        for r in summary.regions
    ]
    return QueueSummary(
        as_of=summary.as_of,
        ruleset=summary.ruleset,
        total=None if masks.total else summary.total,
        regions=regions,
        tier_totals={
            t: None if masks.column_totals[t] else n for t, n in summary.tier_totals.items()
        },
        new_total=None if new.total or new.column_totals["new"] else summary.new_total,
        tier_changed_total=(
            None
            if changed.total or changed.column_totals["tier_changed"]
            else summary.tier_changed_total
        ),
        min_cell_size=minimum,
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
    as_of: Annotated[date | None, Depends(summary_as_of)],
) -> QueueSummary:
    """Aggregates only (no case ids): open cases per region and tier, new and changed ones.

    Case roles see their own regions, exactly. Policy staff see every region as the
    simulation's tables are published (issue #14, item 4; docs/policy-simulation.md): only on
    an available grid date (default the latest; another date is 422, audited as
    ``queue.summary.refused``), on the caseload as it stood at the end of that day, and with
    small counts hidden (``null``) by the same suppression, so that two overviews subtracted
    single out nobody.
    """
    gridded = summary_gridded(user.role)
    try:
        as_of = summary_day(user=user, db=db, caseloads=caseloads, settings=settings, as_of=as_of)
    except InvalidRequestError as error:  # said in the reader's language, as the simulation's
        if error.key is not None:
            raise invalid(error.field, error.key, "query", **error.values) from None
        raise HTTPException(
            error.status_code,
            [{"loc": ["query", error.field], "msg": str(error), "type": "value_error"}],
        ) from None
    return summary_counts(
        user=user,
        db=db,
        caseload=caseloads.at(db, as_of) if gridded else caseloads.get(db),
        ruleset=ruleset,
        settings=settings,
        as_of=as_of,
    )


def summary_counts(
    *,
    user: User,
    db: Database,
    caseload: Caseload,
    ruleset: RuleSet,
    settings: Settings,
    as_of: date,
) -> QueueSummary:
    """The overview's counts at ``as_of`` (a checked date), protected for
    :func:`summary_gridded` callers; audited as ``queue.summary.read``."""
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
        counts: dict[str, int | None] = {t: int(np.sum(tiers_now == t)) for t in ruleset.tier_ids}
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
    summary = QueueSummary(
        as_of=as_of,
        ruleset=ruleset.label,
        total=total,
        regions=regions,
        tier_totals={t: sum(int(r.tiers[t] or 0) for r in regions) for t in ruleset.tier_ids},
        new_total=sum(int(r.new or 0) for r in regions),
        tier_changed_total=sum(int(r.tier_changed or 0) for r in regions),
    )
    gridded = summary_gridded(user.role)
    if gridded:
        summary = _protected(summary, settings.min_cell_size)
    audit_service.record(
        db,
        actor=user.name,
        action="queue.summary.read",
        target="queue",
        details={
            "as_of": as_of.isoformat(),
            "regions": list(user.regions),
            "role": user.role,
            "date_grid": gridded,
            "min_cell_size": settings.min_cell_size if gridded else None,
        },
    )
    return summary
