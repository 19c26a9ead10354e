"""``/monitoring``: the post-market monitoring page for policy staff and auditors, with plots."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import Response

from service.monitoring.service import decimal
from service.monitoring.views import MONITORING_ROLES, plot_response, report
from service.web.forms import FormErrors, parse_date
from service.web.pages import (
    PageContext,
    SignedIn,
    active_ruleset,
    format_datetime,
    render,
    url_for_query,
)
from service.web.routes.gdpr import in_page_language
from texts import format_percent, text
from texts.labels import group_label, week_label

router = APIRouter()


def _report(ctx: PageContext, as_of: date | None, weeks: int | None, via: str) -> dict[str, Any]:
    user = ctx.require(*MONITORING_ROLES)
    state = ctx.request.app.state
    return report(
        user=user,
        db=ctx.db,
        settings=state.settings,
        caseloads=state.caseloads,
        model=state.model_runtime,
        ruleset=active_ruleset(ctx),
        as_of=as_of,
        weeks=weeks,
        lang=ctx.lang,
        via=via,
    )


def _weeks(value: str | None) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    number = int(value)
    return number if 1 <= number <= 52 else None


def _day(value: str | None) -> date | None:
    """The reference date of the query; a bad one means today (as the queue page does)."""
    return parse_date(value, FormErrors()) if value else None


@router.get("/monitoring")
def monitoring_page(ctx: SignedIn, as_of: str | None = None, weeks: str | None = None) -> Response:
    """Warnings first, then departures, agreement, drift and fairness, each with a plot (the
    fairness breakdown for auditors only; other roles on the date grid, see
    :func:`service.monitoring.views.report`)."""
    day, span = _day(as_of), _weeks(weeks)
    result = _report(ctx, day, span, "web")
    lang = ctx.lang
    src = result["sources"]
    model = src["model"]
    model_text = (
        text("monitoring.model_version", lang, version=model["version"])
        if model
        else text("monitoring.no_model", lang)
    )
    ruleset = active_ruleset(ctx)
    # The data line and the fairness justification in the page's language, as on /model.
    model_data, model_justification = in_page_language(ctx, model) if model else (None, None)
    return render(
        ctx,
        "monitoring.html",
        report=result,
        model_data=model_data,
        model_justification=model_justification,
        sources_line=text(
            "monitoring.sources",
            lang,
            ruleset=f"{src['ruleset']['name']} v{src['ruleset']['version']}",
            checksum=(src["ruleset"]["checksum"] or "–")[:12],
            model=model_text,
            generated=format_datetime(result["generated_at"], lang),
        ),
        label_source=(
            text(f"monitoring.label_source.{model['label_source']}", lang)
            if model and model.get("label_source")
            else "–"
        ),
        priority_labels=", ".join(
            ruleset.tier(t).label.get(lang) for t in result["fairness"]["priority_tiers"]
        ),
        plot_url=lambda name: url_for_query(
            f"/monitoring/plots/{name}.svg",
            # on the date grid, the plots show the page's Monday (never a later default)
            as_of=as_of if result["audit_fields_shown"] else result["as_of"],
            weeks=span,
            lang=lang,
        ),
        fpct=lambda v: format_percent(v, lang),
        fdec=lambda v, digits=2: decimal(v, lang, digits),
        group_name=lambda attribute, value: group_label(attribute, value, lang),
        week=lambda code: week_label(code, lang),
    )


@router.get("/monitoring/plots/{name}.svg")
def monitoring_plot_page(
    ctx: SignedIn,
    name: Literal["departures", "drift", "fairness"],
    as_of: str | None = None,
    weeks: str | None = None,
) -> Response:
    """A plot of the page (same session and role rules as the page)."""
    result = _report(ctx, _day(as_of), _weeks(weeks), f"web plot {name}")
    return plot_response(name, result, "svg", ctx.lang)
