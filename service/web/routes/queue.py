"""``/queue``: the weekly queue (case roles) or the aggregate overview (policy staff)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from fastapi import APIRouter
from fastapi.responses import Response

from cases.model import Region
from rules import RuleSet
from service.auth.models import User
from service.auth.roles import CASE_ROLES, Role
from service.queue import service as queue_service
from service.queue.models import QueueItem
from service.queue.views import get_queue, summary_counts, summary_day, summary_gridded
from service.rulesets import service as rs
from service.rulesets.active import ruleset_key
from service.rulesets.models import InvalidRequestError
from service.web.forms import FormErrors, parse_date, parse_page
from service.web.pages import SignedIn, active_ruleset, render

router = APIRouter()

PAGE_SIZE = 50


@dataclass(frozen=True)
class Row:
    """A queue item with its texts in the page's language."""

    item: QueueItem
    tier_label: str
    previous_tier_label: str | None
    reason: str
    blockers: list[str]
    actions: list[str]
    model_total: Any
    model_reasons: list[str]


def localise(item: QueueItem, ruleset: RuleSet, key: str, lang: str) -> Row:
    def title(rule_id: str) -> str:
        return ruleset.rule(rule_id).title.get(lang)

    def tier_label(tier_id: str | None) -> str | None:
        if tier_id is None or tier_id not in ruleset.tier_ids:
            return tier_id
        return ruleset.tier(tier_id).label.get(lang)

    points = item.model_points or {}
    reasons = [
        str(r.get("text_en" if lang == "en" else "text_de", r.get("code", "")))
        for r in points.get("reasons", [])[:5]
        if isinstance(r, dict)
    ]
    return Row(
        item=item,
        tier_label=tier_label(item.tier) or item.tier,
        previous_tier_label=tier_label(item.previous_tier),
        reason=queue_service.reason(ruleset, key, item.tier, item.criteria, item.blockers, lang),
        blockers=[title(b) for b in item.blockers],
        actions=[title(a) for a in item.actions],
        model_total=points.get("points", points.get("total")) if points else None,
        model_reasons=reasons,
    )


@router.get("/queue")
def queue_page(
    ctx: SignedIn,
    as_of: str | None = None,
    region: str | None = None,
    tier: str | None = None,
    changed: str | None = None,
    page: str | None = None,
) -> Response:
    """Case roles: the queue of their regions. Policy staff: counts per region and tier."""
    user = ctx.require(*CASE_ROLES, Role.policy)
    state = ctx.request.app.state
    ruleset = active_ruleset(ctx)
    errors = FormErrors()
    day = parse_date(as_of, errors)
    if Role(user.role) == Role.policy:
        return _summary_page(ctx, user, ruleset, as_of, day, errors)
    region = region or None
    tier = tier or None
    if region is not None and region not in user.regions:
        errors.add("region", "bad_region")
    if tier is not None and tier not in ruleset.tier_ids:
        errors.add("tier", "bad_tier")
    number = parse_page(page)
    filters = {
        "as_of": as_of or None,
        "region": region,
        "tier": tier,
        "changed": "1" if changed else None,
    }
    values: dict[str, Any] = {
        "errors": errors,
        "as_of": day,
        "filters": filters,
        "regions": user.regions,
        "ruleset": ruleset,
        "tiers": [(t, ruleset.tier(t).label.get(ctx.lang)) for t in ruleset.tier_ids],
    }
    if errors:
        return render(
            ctx,
            "queue.html",
            status=400,
            rows=None,
            total=0,
            page=1,
            pages=1,
            model_status=None,
            **values,
        )
    result = get_queue(
        user=user,
        db=ctx.db,
        caseloads=state.caseloads,
        ruleset=ruleset,
        model=state.model_runtime,
        settings=state.settings,
        as_of=day,
        region=cast(Region | None, region),  # checked against the user's regions above
        tier=[tier] if tier else None,
        changed_since=None,
        new_or_changed=bool(changed),
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
        lang=ctx.lang,
    )
    pages = max(1, -(-result.total // PAGE_SIZE))
    key = ruleset_key(ruleset)
    rows = [localise(item, ruleset, key, ctx.lang) for item in result.items]
    return render(
        ctx,
        "queue.html",
        rows=rows,
        total=result.total,
        page=number,
        pages=pages,
        model_status=result.model_status,
        **values,
    )


def _summary_page(
    ctx: SignedIn, user: User, ruleset: RuleSet, raw: str | None, day: date, errors: FormErrors
) -> Response:
    """Policy staff's overview: counts per region and tier, on the simulation's date grid and
    with small cells hidden (issue #14, item 4; :mod:`service.queue.views`)."""
    state = ctx.request.app.state
    asked = day if raw and raw.strip() else None
    summary = None
    latest = None
    if not errors:
        try:
            day = summary_day(
                user=user,
                db=ctx.db,
                caseloads=state.caseloads,
                settings=state.settings,
                as_of=asked,
            )
        except InvalidRequestError:  # off the date grid: refused and audited
            errors.add("as_of", "summary_not_on_grid")
            latest = rs.latest_simulation_date(
                db=ctx.db,
                caseloads=state.caseloads,
                day=date.today(),
                min_cell_size=state.settings.min_cell_size,
            )
        else:
            gridded = summary_gridded(user.role)
            summary = summary_counts(
                user=user,
                db=ctx.db,
                caseload=state.caseloads.at(ctx.db, day)
                if gridded
                else state.caseloads.get(ctx.db),
                ruleset=ruleset,
                settings=state.settings,
                as_of=day,
            )
    return render(
        ctx,
        "queue_summary.html",
        status=400 if errors else 200,
        errors=errors,
        as_of=day,
        as_of_raw=raw or "",
        summary=summary,
        latest=latest,
        ruleset=ruleset,
        tiers=[(t, ruleset.tier(t).label.get(ctx.lang)) for t in ruleset.tier_ids],
    )
