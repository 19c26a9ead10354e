"""``/changes``: "Änderungen seit Ihrer letzten Sichtung" (works without JavaScript; with it, a
server-sent-events stream adds new entries to the open page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import Response

from cases.model import TOLERATION_REASONS, Case
from rules import RuleSet
from service.auth.roles import CASE_ROLES
from service.changes.feed_views import ChangeEntry, get_changes, mark
from service.web.forms import FormErrors
from service.web.pages import (
    PageContext,
    SignedIn,
    active_ruleset,
    redirect,
    render,
    url_for_query,
)
from service.web.routes.auth import check_csrf

router = APIRouter()


@dataclass(frozen=True)
class Row:
    case_id: str
    region: str
    change: str
    cause: str
    as_of: date


def _tier(ruleset: RuleSet, tier: str | None, lang: str) -> str:
    if tier is None or tier not in ruleset.tier_ids:
        return tier or "–"
    return ruleset.tier(tier).label.get(lang)


def row_of(ctx: PageContext, ruleset: RuleSet, entry: ChangeEntry) -> Row:
    if entry.kind == "new":
        change = ctx.t("kind_new")
    else:
        change = ctx.t(
            "kind_changed",
            before=_tier(ruleset, entry.previous_tier, ctx.lang),
            after=_tier(ruleset, entry.tier, ctx.lang),
        )
    return Row(entry.case_id, entry.region, change, entry.cause_text, entry.as_of)


@router.get("/changes")
def changes_page(ctx: SignedIn) -> Response:
    """The caller's change feed since their last look, and the releases that draw near."""
    user = ctx.require(*CASE_ROLES)
    state = ctx.request.app.state
    settings = state.settings
    feed = get_changes(
        user=user,
        db=ctx.db,
        settings=settings,
        caseloads=state.caseloads,
        as_of=date.today(),
        since=None,
        after_id=None,
        limit=200,
        lang=ctx.lang,
    )
    ruleset = active_ruleset(ctx)
    return render(
        ctx,
        "changes.html",
        feed=feed,
        rows=[row_of(ctx, ruleset, e) for e in feed.items],
        new_days=settings.new_window_days,
        horizon=settings.release_horizon_days,
    )


@router.post("/changes/seen")
def changes_seen(
    ctx: SignedIn,
    csrf_token: Annotated[str, Form()] = "",
    seen_id: Annotated[str, Form()] = "",
) -> Response:
    """Mark the feed as seen up to the newest entry the page showed."""
    check_csrf(ctx, csrf_token)
    user = ctx.require(*CASE_ROLES)
    upto = int(seen_id) if seen_id.isdigit() and len(seen_id) < 10 else None
    mark(ctx.db, user.name, upto, user.regions)
    return redirect(ctx, "/changes")


# The stream is not a page: its endpoint lives in service.changes.web_stream (mounted here).
from service.changes.web_stream import changes_stream  # noqa: E402

router.add_api_route("/changes/stream", changes_stream, methods=["GET"])


# ------------------------------------------------------------------ the case page: history, form


@dataclass(frozen=True)
class HistoryRow:
    as_of: date
    tier: str
    changed: bool
    score: int
    cause: str
    ruleset: str
    version: int


def case_history(ctx: PageContext, ruleset: RuleSet, case: Case) -> dict[str, Any]:
    """The case page's history of recorded evaluations (newest first) and what the event
    form offers (the proceedings that can become a conviction, the toleration reasons)."""
    from sqlalchemy import select

    from service.changes.models import CaseEvaluation
    from service.changes.wording import cause_text

    with ctx.db.read() as session:
        rows = list(
            session.scalars(
                select(CaseEvaluation)
                .where(CaseEvaluation.region == case.region, CaseEvaluation.case_id == case.case_id)
                .order_by(CaseEvaluation.as_of.desc(), CaseEvaluation.id.desc())
            )
        )
    history = []
    for row in rows:
        now = _tier(ruleset, row.tier, ctx.lang)
        if row.tier_changed:
            shown = ctx.t(
                "kind_changed", before=_tier(ruleset, row.previous_tier, ctx.lang), after=now
            )
        else:
            shown = now
        history.append(
            HistoryRow(
                row.as_of,
                shown,
                row.tier_changed,
                row.score,
                cause_text(row.cause, row.detail, ctx.lang),
                row.ruleset,
                row.case_version,
            )
        )
    return {
        "evaluations": history,
        "open_offences": [o for o in case.offences if o.status != "convicted"],
        "toleration_reasons": TOLERATION_REASONS,
        "event_form": {},
        "event_errors": [],
        "event_field_errors": FormErrors(),
        "event_version": None,
    }


EVENT_KINDS = ("conviction", "departure", "custody", "blocker")
BLOCKERS = ("asylum_pending", "deportation_ban", "toleration_reason")


def event_from_form(form: dict[str, str], errors: FormErrors) -> dict[str, Any]:
    """The event a filled-in form means (``errors`` names the fields that are wrong)."""
    kind = form.get("event_kind", "")
    event: dict[str, Any] = {}
    if form.get("event_id"):
        if len(form["event_id"]) > 64:
            errors.add("event_id", "event_id_bad")
        event["event_id"] = form["event_id"]
    if kind not in EVENT_KINDS:
        errors.add("event_kind", "event_kind_required")
    elif kind == "conviction":
        if not form.get("offence_id"):
            errors.add("offence_id", "event_offence_required")
        try:
            months = float(form.get("sentence_months", "").replace(",", "."))
            if not 0 <= months <= 1200:
                raise ValueError
        except ValueError:
            errors.add("sentence_months", "event_sentence_required")
            months = 0
        event |= {
            "type": "offence_updated",
            "offence_id": form.get("offence_id", ""),
            "status": "convicted",
            "sentence_months": months,
        }
    elif kind == "departure":
        event |= {"type": "departure_status_changed", "departure_status": "enforceable"}
    elif kind == "custody":
        release = form.get("release_date", "").strip() or None
        if release is not None:
            try:
                date.fromisoformat(release)
            except ValueError:
                errors.add("release_date", "event_release_bad")
        event |= {
            "type": "custody_changed",
            "in_custody": form.get("in_custody") == "1",
            "release_date": release,
        }
    else:
        which, action = form.get("blocker", ""), form.get("blocker_action", "")
        if which not in BLOCKERS or action not in ("set", "lift"):
            errors.add("blocker", "event_blocker_required")
        elif which == "toleration_reason":
            reason = form.get("toleration_reason") or None
            if action == "set" and reason not in TOLERATION_REASONS:
                errors.add("toleration_reason", "event_reason_required")
            event |= {
                "type": "legal_status_changed",
                "toleration_reason": reason if action == "set" else None,
            }
        else:
            event |= {"type": "legal_status_changed", which: action == "set"}
    return event


@router.post("/cases/{case_id}/events")
async def record_event(ctx: SignedIn, case_id: str, region: str | None = None) -> Response:
    """The case page's form for the common events; applied like ``POST /api/v1/cases/{id}/
    events`` (all checks, durable_rules, audit), then back to the case page. The case is the
    one of ``region`` (the form's address carries it; ids are unique within a region only)."""
    import json

    from fastapi.concurrency import run_in_threadpool

    from service.cases.keys import CaseKey
    from service.cases.views import model_label
    from service.changes import events as event_service
    from service.changes.event_views import _apply
    from service.web.forms import parse_date
    from service.web.routes.cases import AmbiguousCasePage, _visible, ambiguous_page, case_values

    form = {k: v for k, v in (await ctx.request.form()).items() if isinstance(v, str)}
    check_csrf(ctx, form.get("csrf_token", ""))
    user = ctx.require(*CASE_ROLES)
    region = region or form.get("region") or None
    try:
        record, _ = await run_in_threadpool(_visible, ctx, user, case_id, region)
    except AmbiguousCasePage as error:  # the choice of region, as on the case page
        return ambiguous_page(ctx, error, form.get("as_of") or None)
    errors = FormErrors()
    day = parse_date(form.get("as_of"), errors, "event_as_of")
    event = event_from_form(form, errors)
    messages: list[str] = []
    if not errors:
        state = ctx.request.app.state
        try:
            applied = await run_in_threadpool(
                _apply,
                ctx.db,
                user,
                json.dumps(event).encode(),
                False,
                CaseKey(record.region, case_id),
                day,
                state.settings,
                model_label(state.model_runtime),
            )
        except event_service.EventsRejected as error:
            messages = [issue.said(ctx.lang) for issue in error.issues]
        else:
            version = applied.changes[0].version
            return redirect(
                ctx, url_for_query(f"/cases/{case_id}", region=record.region, event=version)
            )
    values = await run_in_threadpool(
        case_values, ctx, user, case_id, date.today(), region=record.region
    )
    values.update(event_form=form, event_errors=messages, event_field_errors=errors)
    return render(
        ctx,
        "case.html",
        status=422 if messages else 400,
        errors=FormErrors(),
        as_of_raw="",
        form={"kind": "", "reason": ""},
        saved=None,
        **values,
    )
