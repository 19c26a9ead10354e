"""Policy pages: rule set versions, a new draft, simulation with chart, approve and activate.

Every action goes through :mod:`service.rulesets.service`, which enforces the roles and the
four-eyes rule itself (the pages only leave out the buttons a user may not use).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import ValidationError

from policy.plots import changes_in_words, plot_bytes
from policy.simulation import SimulationResult
from policy.workflow import Action
from rules import RuleSet
from rules.diff import RulesetDiff
from rules.errors import ParameterError, RuleSetError
from rules.wording import parameter_value
from service.auth.models import User
from service.rulesets import authoring
from service.rulesets import service as rs
from service.rulesets.active import configured_ruleset
from service.rulesets.models import (
    InvalidRequestError,
    ReasonBody,
    RulesetServiceError,
    RulesetVersion,
)
from service.web.forms import FormErrors, parse_date
from service.web.pages import PageContext, PageError, SignedIn, redirect, render
from service.web.routes.auth import check_csrf
from texts.labels import group_label

router = APIRouter()

_SIMULATIONS_KEPT = 8


# ------------------------------------------------------------------------ helpers


def _name(ctx: PageContext) -> str:
    return configured_ruleset(ctx.request.app.state.settings.ruleset).name


def _version(ctx: PageContext, version_id: str) -> RulesetVersion:
    if not version_id.isdigit() or len(version_id) > 9:
        raise PageError(404, "error_404_title", "error_404_text")
    with ctx.db.read() as db_session:
        version = rs.get(db_session=db_session, version_id=int(version_id))
    if version is None:
        raise PageError(404, "error_404_title", "error_404_text")
    return version


def _in_force_id(ctx: PageContext, name: str) -> int | None:
    with ctx.db.read() as db_session:
        current = rs.in_force(db_session=db_session, name=name)
    return current.id if current else None


def _base_of(ctx: PageContext, version: RulesetVersion) -> RulesetVersion | None:
    if not version.base_id:
        return None
    with ctx.db.read() as db_session:
        return rs.get(db_session=db_session, version_id=version.base_id)


def _changes(ctx: PageContext, version: RulesetVersion) -> RulesetDiff | None:
    """The semantic difference to the base version, in the page's language (None: no base)."""
    base = _base_of(ctx, version)
    if base is None:
        return None
    return authoring.diff_versions(before=base, after=version, lang=ctx.lang)


def _reason(value: str, errors: FormErrors, field_id: str) -> str:
    try:
        return ReasonBody(reason=value).reason
    except ValidationError:
        errors.add(field_id, "reason_required")
        return ""


def _simulations(
    ctx: PageContext,
) -> tuple[OrderedDict[tuple[Any, ...], SimulationResult], threading.Lock]:
    state = ctx.request.app.state
    if not hasattr(state, "web_simulations"):
        state.web_simulations = (OrderedDict(), threading.Lock())
    return state.web_simulations


def _simulation_day(ctx: PageContext, user: User, raw: str | None, errors: FormErrors) -> date:
    """The reference date asked for; without one, today - or, for the roles that simulate on
    the date grid only, the latest available grid date (issue #14, item 4)."""
    if (raw and raw.strip()) or not rs.gridded(user.role):
        return parse_date(raw, errors)
    return rs.latest_simulation_date(
        db=ctx.db,
        caseloads=ctx.request.app.state.caseloads,
        day=date.today(),
        min_cell_size=ctx.request.app.state.settings.min_cell_size,
    )


def simulation(
    ctx: PageContext, user: User, version: RulesetVersion, as_of: date
) -> SimulationResult:
    """The what-if result (audited by the service); kept briefly so the chart reuses it."""
    caseload = ctx.request.app.state.caseloads.get(ctx.db)
    key = (version.id, version.digest, _in_force_id(ctx, version.name), caseload.revision, as_of)
    cache, lock = _simulations(ctx)
    with lock:
        hit = cache.get(key)
    if hit is not None:
        return hit
    result = rs.simulate(
        db=ctx.db,
        version_ref=version.id,
        as_of=as_of,
        actor=user.name,
        source="open caseload",
        via="web",
        role=user.role,
        min_cell_size=ctx.request.app.state.settings.min_cell_size,
        caseloads=ctx.request.app.state.caseloads,
    )
    with lock:
        cache[key] = result
        while len(cache) > _SIMULATIONS_KEPT:
            cache.popitem(last=False)
    return result


# ------------------------------------------------------------------------ list


def _seed(ctx: PageContext) -> None:
    """Before anything is stored, the configured rule set becomes version 1 (as in the API)."""
    with ctx.db.read() as db_session:
        stored = rs.get_all(db_session=db_session, name=_name(ctx))
    if not stored:
        with ctx.db.write() as db_session:
            rs.ensure_seeded(
                db_session=db_session,
                ruleset=configured_ruleset(ctx.request.app.state.settings.ruleset),
            )


@router.get("/policy")
def versions_page(ctx: SignedIn) -> Response:
    """Every stored version of the rule set with its state; link to a new draft."""
    ctx.require(*rs.READ_ROLES)
    name = _name(ctx)
    _seed(ctx)
    with ctx.db.read() as db_session:
        versions = rs.get_all(db_session=db_session, name=name)
    current = _in_force_id(ctx, name)
    rows = [
        (v, rs.status(version=v, in_force_id=current).value, _changes(ctx, v)) for v in versions
    ]
    in_force = next((v for v in versions if v.id == current), None)
    return render(
        ctx,
        "policy_list.html",
        name=name,
        rows=rows,
        in_force=in_force,
        can_write=ctx.has_role(*rs.POLICY_ROLES),
    )


# ------------------------------------------------------------------------ new draft


def _fields(ruleset: RuleSet, lang: str) -> list[dict[str, Any]]:
    """The parameter inputs of a draft form, with current values and allowed ranges."""
    from rules.labels import label

    fields = []
    vocabulary = {"offence_category": "category", "incident_type": "type"}
    for p in ruleset.parameters.values():
        value = ruleset.values.get(p.name)
        fields.append(
            {
                "name": p.name,
                "type": p.type,
                "value": value,
                "min": p.minimum,
                "max": p.maximum,
                "unit": label("unit", p.unit, lang) if p.unit else "",
                "description": p.description.get(lang),
                "choices": [
                    (c, label(vocabulary.get(p.of or "", p.of or ""), c, lang)) for c in p.choices
                ],
            }
        )
    return fields


def _draft_page(
    ctx: PageContext,
    base: RulesetVersion,
    errors: FormErrors,
    submitted: dict[str, Any] | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> Response:
    ruleset = rs.load(version=base)
    fields = _fields(ruleset, ctx.lang)
    points = [(r.id, r.title.get(ctx.lang), r.points) for r in ruleset.criteria]
    return render(
        ctx,
        "policy_draft.html",
        status=status,
        base=base,
        fields=fields,
        points=points,
        errors=errors,
        submitted=submitted or {},
        problems=problems or [],
        points_open=any(k.startswith("points-") for k in errors.fields),
    )


def base_version(ctx: PageContext, base: str | None) -> RulesetVersion | None:
    """The version a new draft starts from: ``base`` (an id), or the one in force."""
    if base is None:
        _seed(ctx)
        current = _in_force_id(ctx, _name(ctx))
        if current is None:
            return None
        base = str(current)
    return _version(ctx, base)


@router.get("/policy/rulesets/new")
def new_draft(ctx: SignedIn, base: str | None = None) -> Response:
    """The draft form, prefilled with the base version's values (default: the one in force)."""
    ctx.require(*rs.POLICY_ROLES)
    version = base_version(ctx, base)
    if version is None:
        return redirect(ctx, "/policy")
    return _draft_page(ctx, version, FormErrors())


def _parse_draft(
    form: Any, ruleset: RuleSet, errors: FormErrors
) -> tuple[dict[str, Any], dict[str, int]]:
    """Changed parameter values and criteria points from the form (unchanged ones left out)."""
    values: dict[str, Any] = {}
    for p in ruleset.parameters.values():
        field_id = f"param-{p.name}"
        current = ruleset.values.get(p.name)
        if p.type == "int":
            raw = str(form.get(p.name, "")).strip()
            try:
                value: Any = int(raw)
            except ValueError:
                errors.add(field_id, "bad_number")
                continue
            if (p.minimum is not None and value < p.minimum) or (
                p.maximum is not None and value > p.maximum
            ):
                errors.add(field_id, "bad_number")
                continue
        elif p.type == "bool":
            value = form.get(p.name) == "true"
        else:
            value = [str(v) for v in form.getlist(p.name)]
            if set(value) == set(current or ()):
                continue
        if value != current:
            values[p.name] = value
    points: dict[str, int] = {}
    for rule in ruleset.criteria:
        raw = str(form.get(f"points-{rule.id}", "")).strip()
        try:
            number = int(raw)
        except ValueError:
            errors.add(f"points-{rule.id}", "bad_points")
            continue
        if not 0 <= number <= 1000:
            errors.add(f"points-{rule.id}", "bad_points")
        elif number != rule.points:
            points[rule.id] = number
    return values, points


def _create(ctx: PageContext, form: Any) -> Response:
    check_csrf(ctx, str(form.get("csrf_token", "")))
    user = ctx.require(*rs.POLICY_ROLES)
    base = _version(ctx, str(form.get("base", "")))
    ruleset = rs.load(version=base)
    errors = FormErrors()
    values, points = _parse_draft(form, ruleset, errors)
    reason = _reason(str(form.get("reason", "")), errors, "reason")
    submitted = {k: form.getlist(k) if k in ruleset.parameters else form.get(k) for k in form}
    if errors:
        return _draft_page(ctx, base, errors, submitted, status=400)
    try:
        with ctx.db.write() as db_session:
            draft = rs.create(
                db_session=db_session,
                base=str(base.id),
                parameters=values,
                reason=reason,
                user=user,
                criteria=points,
                via="web",
            )
            draft_id = draft.id
    except ParameterError as error:
        for issue in error.issues:
            errors.add(
                f"param-{issue.key}"
                if issue.key in ruleset.parameters
                else f"points-{issue.rule_id}",
                "bad_number",
            )
        return _draft_page(ctx, base, errors, submitted, error.texts(ctx.lang), 400)
    except RuleSetError as error:
        return _draft_page(ctx, base, errors, submitted, error.texts(ctx.lang), 400)
    except InvalidRequestError as error:
        if error.key == "authoring.service.unchanged":
            # Said once in the error summary and once at the parameters, not a third time.
            errors.add("draft-unchanged", "draft_unchanged")
            return _draft_page(ctx, base, errors, submitted, [], error.status_code)
        return _draft_page(ctx, base, errors, submitted, [error.text(ctx.lang)], error.status_code)
    except RulesetServiceError as error:
        return _draft_page(ctx, base, errors, submitted, [error.text(ctx.lang)], error.status_code)
    return redirect(ctx, f"/policy/rulesets/{draft_id}?done=drafted")


@router.post("/policy/rulesets")
async def create_draft(request: Request, ctx: SignedIn) -> Response:
    """Store a draft (checked completely by the service); the form again on any problem."""
    form = await request.form()
    return await run_in_threadpool(_create, ctx, form)


# ------------------------------------------------------------------------ one version


def _version_page(
    ctx: PageContext,
    user: User,
    version: RulesetVersion,
    *,
    as_of_raw: str | None,
    run: bool,
    done: str | None = None,
    errors: FormErrors | None = None,
    problem: str | None = None,
    status: int = 200,
    compare: str | None = None,
) -> Response:
    errors = errors or FormErrors()
    day = _simulation_day(ctx, user, as_of_raw, errors)
    current = _in_force_id(ctx, version.name)
    state = rs.status(version=version, in_force_id=current).value
    base = _base_of(ctx, version)
    with ctx.db.read() as db_session:
        in_force = rs.get(db_session=db_session, version_id=current) if current else None
        others = rs.get_all(db_session=db_session, name=version.name)
        report = authoring.scenario_report(db_session=db_session, version=version)
    diffs = []
    if in_force is not None and in_force.id != version.id:
        diffs.append(("diff_in_force", in_force, _diff(ctx, in_force, version)))
    if base is not None and (in_force is None or base.id != in_force.id):
        diffs.append(("diff_base", base, _diff(ctx, base, version)))
    other = next((v for v in others if str(v.id) == (compare or "")), None)
    if other is not None and other.id not in {d[1].id for d in diffs} and other.id != version.id:
        diffs.append(("diff_other", other, _diff(ctx, other, version)))
    result = shown = None
    latest: date | None = None
    if run and not errors.get("as_of") and ctx.has_role(*rs.SIMULATE_ROLES):
        try:
            result = simulation(ctx, user, version, day)
        except InvalidRequestError:  # off the date grid (issue #14, item 4)
            errors.add("as_of", "simulation_not_on_grid")
            status = 400
            latest = rs.latest_simulation_date(
                db=ctx.db,
                caseloads=ctx.request.app.state.caseloads,
                day=date.today(),
                min_cell_size=ctx.request.app.state.settings.min_cell_size,
            )
        else:
            # Small cells hidden, fairness by audit-only fields for auditors only (issue #14).
            shown = rs.shown_to(
                result, role=user.role, min_cell_size=ctx.request.app.state.settings.min_cell_size
            )
    ruleset = rs.load(version=version)
    params = [
        (
            p.description.get(ctx.lang),
            parameter_value(ruleset, p.name, ruleset.values.get(p.name), ctx.lang),
        )
        for p in ruleset.parameters.values()
    ]
    return render(
        ctx,
        "policy_version.html",
        status=status,
        version=version,
        state=state,
        base=base,
        diffs=diffs,
        others=[v for v in others if v.id != version.id],
        compare=compare or "",
        report=report,
        failing=report.failing_names(),
        params=params,
        errors=errors,
        as_of=day,
        as_of_raw=as_of_raw or "",
        result=result,
        simulation_shown=shown,
        latest=latest,
        done=done,
        problem=problem,
        can_write=ctx.has_role(*rs.POLICY_ROLES),
        can_simulate=ctx.has_role(*rs.SIMULATE_ROLES),
        own=version.author == user.name,
        fpvalue=lambda value: format_p_value(value, ctx.lang),
        group_name=lambda attribute, value: group_label(attribute, value, ctx.lang),
    )


def format_p_value(value: float | None, lang: str) -> str:
    """A p-value as a reader takes it in: ``< 0,001``, else three decimals; ``–`` for none."""
    if value is None:
        return "–"
    shown = "< 0.001" if value < 0.001 else f"{value:.3f}"
    return shown.replace(".", ",") if lang != "en" else shown


def _diff(ctx: PageContext, before: RulesetVersion, after: RulesetVersion) -> RulesetDiff:
    return authoring.diff_versions(before=before, after=after, lang=ctx.lang)


@router.get("/policy/rulesets/{version_id}")
def version_page(
    ctx: SignedIn,
    version_id: str,
    as_of: str | None = None,
    simulate: str | None = None,
    done: str | None = None,
    compare: str | None = None,
) -> Response:
    """A version: its semantic diff, scenario results, parameters, simulation and the forms of
    the next steps (approve, reject, withdraw, activate)."""
    user = ctx.require(*rs.READ_ROLES)
    version = _version(ctx, version_id)
    return _version_page(
        ctx,
        user,
        version,
        as_of_raw=as_of,
        run=bool(simulate),
        done=done if done in ("drafted", *ACTIONS.values()) else None,
        compare=compare if compare and compare.isdigit() and len(compare) < 10 else None,
    )


@router.get("/policy/rulesets/{version_id}/simulation.{fmt}")
def simulation_chart(
    ctx: SignedIn, version_id: str, fmt: str, as_of: str | None = None
) -> Response:
    """The per-region chart of policy.plots (SVG or PNG) for this version's simulation."""
    user = ctx.require(*rs.SIMULATE_ROLES)
    if fmt not in ("svg", "png"):
        raise PageError(404, "error_404_title", "error_404_text")
    errors = FormErrors()
    day = _simulation_day(ctx, user, as_of, errors)
    if errors:
        raise PageError(404, "error_404_title", "error_404_text")
    version = _version(ctx, version_id)
    try:
        result = simulation(ctx, user, version, day)
    except InvalidRequestError:  # off the date grid (issue #14, item 4)
        raise PageError(404, "error_404_title", "error_404_text") from None
    with ctx.db.read() as db_session:
        current = rs.in_force(db_session=db_session, name=version.name)
    changes = (
        changes_in_words(result, rs.load(version=current), rs.load(version=version), ctx.lang)
        if current is not None
        else []
    )
    media = "image/svg+xml" if fmt == "svg" else "image/png"
    return Response(
        plot_bytes(
            result,
            fmt,
            lang=ctx.lang,
            changes=changes,
            min_cell_size=ctx.request.app.state.settings.min_cell_size,
        ),
        media_type=media,
        headers={
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
            "frame-ancestors 'none'",
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _action(ctx: PageContext, version_id: str, action: str, form: dict[str, str]) -> Response:
    check_csrf(ctx, form.get("csrf_token", ""))
    user = ctx.require(*rs.POLICY_ROLES)
    version = _version(ctx, version_id)
    errors = FormErrors()
    field_id = f"{action}-reason"
    reason = _reason(form.get("reason", ""), errors, field_id)
    effective: date | None = None
    if action == "activate" and form.get("effective_from", "").strip():
        effective = parse_date(form["effective_from"], errors, "activate-effective")
    if errors:
        return _version_page(
            ctx, user, version, as_of_raw=None, run=False, errors=errors, status=400
        )
    try:
        with ctx.db.write() as db_session:
            if action == "approve":
                rs.approve(
                    db_session=db_session,
                    version_ref=version.id,
                    reason=reason,
                    user=user,
                    via="web",
                    scenarios_reason=form.get("scenarios_reason") or None,
                )
            elif action in ("withdraw", "reject"):
                rs.end_draft(
                    db_session=db_session,
                    version_ref=version.id,
                    reason=reason,
                    user=user,
                    action=Action(action),
                    via="web",
                )
            else:
                rs.activate(
                    db_session=db_session,
                    version_ref=version.id,
                    reason=reason,
                    user=user,
                    effective_from=effective,
                    via="web",
                )
    except InvalidRequestError as error:
        if error.field == "scenarios_reason":
            errors.add("approve-scenarios-reason", "scenarios_reason_required")
        return _version_page(
            ctx,
            user,
            _version(ctx, version_id),
            as_of_raw=None,
            run=False,
            errors=errors,
            problem=error.text(ctx.lang),
            status=error.status_code,
        )
    except RulesetServiceError as error:
        return _version_page(
            ctx,
            user,
            _version(ctx, version_id),
            as_of_raw=None,
            run=False,
            problem=error.text(ctx.lang),
            status=error.status_code,
        )
    return redirect(ctx, f"/policy/rulesets/{version.id}?done={ACTIONS[action]}")


#: The steps of a version page's forms and the notice each shows when done.
ACTIONS = {
    "approve": "approved",
    "activate": "activated",
    "withdraw": "withdrawn",
    "reject": "rejected",
}


@router.post("/policy/rulesets/{version_id}/{action}")
async def act(request: Request, ctx: SignedIn, version_id: str, action: str) -> Response:
    """Approve (a second person), activate, withdraw (the author) or reject (a second person);
    the service refuses whatever four eyes or the state forbid."""
    if action not in ACTIONS:
        raise PageError(404, "error_404_title", "error_404_text")
    form = {k: str(v) for k, v in (await request.form()).items()}
    return await run_in_threadpool(_action, ctx, version_id, action, form)
