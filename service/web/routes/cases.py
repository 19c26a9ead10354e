"""``/cases/{case_id}``: explanation, timeline, decision form and history; the print view."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy import select

from cases.model import CASE_ID_PATTERN, REGIONS, Case
from rules.explanation import Explanation, explain, record_details
from rules.labels import label
from service.access import shown as explanations_shown
from service.auth.models import User
from service.auth.roles import CASE_ROLES
from service.cases import service as case_service
from service.cases.models import CaseRecord, CaseVersion
from service.cases.views import visible_case
from service.decisions import service as decision_service
from service.decisions.models import Decision, DecisionCreate, DecisionKind
from service.web.forms import FormErrors, parse_date
from service.web.pages import (
    PageContext,
    PageError,
    SignedIn,
    active_ruleset,
    redirect,
    render,
    url_for_query,
)
from service.web.routes.auth import check_csrf

router = APIRouter()

_CASE_ID = re.compile(CASE_ID_PATTERN)
#: Kinds offered on an open case, in the order of the form (``reopen`` only on closed ones).
OPEN_KINDS: tuple[DecisionKind, ...] = (
    DecisionKind.case_conference,
    DecisionKind.prepare_measure,
    DecisionKind.request_information,
    DecisionKind.monitor,
    DecisionKind.defer,
    DecisionKind.close,
)
CLOSED_KINDS: tuple[DecisionKind, ...] = (DecisionKind.reopen,)


@dataclass(frozen=True)
class TimelineEntry:
    day: date
    kind: str  # offence / incident
    record_id: str
    what: str
    detail: str
    counted: bool


class AmbiguousCasePage(PageError):
    """The id names a case in more than one of the reader's regions and no region was given:
    the page lists a link to each (:func:`ambiguous_page`); elsewhere the 409 error page."""

    def __init__(self, case_id: str, regions: list[str]) -> None:
        super().__init__(409, "case_ambiguous_heading", None)
        self.case_id, self.regions = case_id, regions


def _visible(
    ctx: PageContext, user: User, case_id: str, region: str | None = None
) -> tuple[CaseRecord, CaseVersion]:
    """The case, or the same 404 page for a missing case and one of another region.

    ``region`` names the case's region (ids are unique within a region only); without it an id
    held by more than one of the reader's regions raises :class:`AmbiguousCasePage`.
    """
    if len(case_id) > 64 or not _CASE_ID.match(case_id):
        raise PageError(404, "error_404_title", "error_404_text")
    if region is not None and region not in REGIONS:
        region = ""  # no region of this service: the id is in none of them (audited as such)
    try:
        return visible_case(ctx.db, user, case_id, region)
    except HTTPException as error:
        if error.status_code == 409:
            raise AmbiguousCasePage(case_id, _holding(ctx, user, case_id)) from None
        raise PageError(404, "error_404_title", "error_404_text") from None


def _holding(ctx: PageContext, user: User, case_id: str) -> list[str]:
    """The reader's regions that hold a case ``case_id``."""
    with ctx.db.read() as session:
        return list(
            session.scalars(
                select(CaseRecord.region)
                .where(CaseRecord.case_id == case_id, CaseRecord.region.in_(list(user.regions)))
                .order_by(CaseRecord.region)
            )
        )


def ambiguous_page(ctx: PageContext, error: AmbiguousCasePage, as_of: str | None) -> Response:
    """The short page for an id held by several of the reader's regions: a link to each."""
    links = [
        (region, url_for_query(f"/cases/{error.case_id}", region=region, as_of=as_of))
        for region in error.regions
    ]
    return render(ctx, "case_ambiguous.html", status=409, case_id=error.case_id, links=links)


def timeline(case: Case, expl: Explanation, lang: str) -> list[TimelineEntry]:
    """Offences and incidents, newest first, marked when no criterion counted them."""
    not_counted = {n.record.id for n in expl.not_counted if n.reason != "parameter"}
    entries = [
        TimelineEntry(
            o.date,
            "offence",
            o.offence_id,
            label("category", o.category, lang),
            record_details(o, lang),
            o.offence_id not in not_counted,
        )
        for o in case.offences
    ]
    entries += [
        TimelineEntry(
            i.date,
            "incident",
            i.incident_id,
            label("type", i.type, lang),
            record_details(i, lang),
            i.incident_id not in not_counted,
        )
        for i in case.incidents
    ]
    return sorted(entries, key=lambda e: (e.day, e.record_id), reverse=True)


def _facts(case: Case, lang: str, t: Any) -> list[tuple[str, Any]]:
    """What the legal status in the explanation does not already say."""
    return [
        (t("received_on"), case.received_on),
        (t("source"), label("source", case.source, lang)),
    ]


def case_values(
    ctx: PageContext,
    user: User,
    case_id: str,
    day: date,
    *,
    view: str = "web",
    region: str | None = None,
) -> dict[str, Any]:
    """Everything the case page and the print view show (one audit entry for the read).

    ``region`` names the case's region (:func:`_visible`); the values hold ``region_query``,
    the query that names the case in links and form targets (``region=<region>``).
    """
    record, version = _visible(ctx, user, case_id, region)
    ruleset = active_ruleset(ctx)
    case = case_service.load_case(version)
    expl = explain(case, ruleset, day, lang=ctx.lang)
    state = ctx.request.app.state
    position = decision_service.position(
        db=ctx.db, caseloads=state.caseloads, ruleset=ruleset, record=record, as_of=day
    )
    with ctx.db.read() as db_session:
        decisions = decision_service.get_all(
            db_session=db_session, region=record.region, case_id=record.case_id
        )
    model = state.model_runtime
    explanations_shown.record(  # the read and the explanation record the page shows
        ctx.db,
        actor=user.name,
        action="case.read" if view == "web" else "case.explanation.read",
        region=record.region,
        case_id=case_id,
        version=version.version,
        as_of=day,
        lang=ctx.lang,
        view=view,
        ruleset=ruleset,
        model_version=model.version if model.available else None,
        shown=expl.model_dump(mode="json"),
        details={
            "version": version.version,
            "as_of": day.isoformat(),
            "lang": ctx.lang,
            "format": view,
            "decisions": len(decisions),
        },
    )
    kinds = CLOSED_KINDS if record.status == "closed" else OPEN_KINDS
    from service.web.routes.changes import case_history

    return {
        **case_history(ctx, ruleset, case),
        "record": record,
        "case": case,
        "expl": expl,
        "ruleset": ruleset,
        "as_of": day,
        "position": position,
        "decisions": decisions,
        "timeline": timeline(case, expl, ctx.lang),
        "facts": _facts(case, ctx.lang, ctx.t),
        "kinds": kinds,
        "now": datetime.now().astimezone(),
        "print_view": view == "print",
        "region_query": urlencode({"region": record.region}),
    }


def _saved(decisions: list[Decision], saved: str | None) -> Decision | None:
    if not saved or not saved.isdigit():
        return None
    return next((d for d in decisions if d.id == int(saved)), None)


@router.get("/cases/{case_id}")
def case_page(
    ctx: SignedIn,
    case_id: str,
    as_of: str | None = None,
    saved: str | None = None,
    event: str | None = None,
    region: str | None = None,
) -> Response:
    """The full explanation, the timeline, the decision form and the decisions so far.

    ``region`` names the case's region; without it an id held by several of the reader's
    regions gets a short page with a link to each."""
    user = ctx.require(*CASE_ROLES)
    errors = FormErrors()
    day = parse_date(as_of, errors)
    try:
        values = case_values(ctx, user, case_id, day, region=region or None)
    except AmbiguousCasePage as error:
        return ambiguous_page(ctx, error, as_of)
    if event and event.isdigit() and len(event) < 10:
        values["event_version"] = int(event)
    return render(
        ctx,
        "case.html",
        status=400 if errors else 200,
        errors=errors,
        as_of_raw=as_of or "",
        form={"kind": "", "reason": ""},
        saved=_saved(values["decisions"], saved),
        **values,
    )


@router.get("/cases/{case_id}/print")
def case_print(
    ctx: SignedIn, case_id: str, as_of: str | None = None, region: str | None = None
) -> Response:
    """A note for the file (Aktenvermerk): the explanation and the decisions, print layout."""
    user = ctx.require(*CASE_ROLES)
    day = parse_date(as_of, FormErrors())
    try:
        values = case_values(ctx, user, case_id, day, view="print", region=region or None)
    except AmbiguousCasePage as error:
        return ambiguous_page(ctx, error, as_of)
    return render(ctx, "case_print.html", **values)


FormText = Annotated[str, Form()]


@router.post("/cases/{case_id}/decisions")
def record_decision(
    ctx: SignedIn,
    case_id: str,
    csrf_token: FormText = "",
    kind: FormText = "",
    reason: FormText = "",
    as_of: FormText = "",
    region: str | None = None,
) -> Response:
    """Record a person's decision with its reason; the service marks departures from the
    order as overrides. Bad input shows the form again with an error summary.

    ``region`` (in the form's target) names the case's region, as on the case page."""
    check_csrf(ctx, csrf_token)
    user = ctx.require(*CASE_ROLES)
    errors = FormErrors()
    day = parse_date(as_of, errors)
    try:
        record, _ = _visible(ctx, user, case_id, region or None)
    except AmbiguousCasePage as error:
        return ambiguous_page(ctx, error, as_of or None)
    allowed = CLOSED_KINDS if record.status == "closed" else OPEN_KINDS
    if kind not in {k.value for k in allowed}:
        errors.add("kind", "kind_required")
    body: DecisionCreate | None = None
    if len(reason) > 4000:
        errors.add("reason", "reason_too_long")
    else:
        try:
            body = DecisionCreate(
                kind=DecisionKind(kind) if not errors.get("kind") else DecisionKind.defer,
                reason=reason,
                as_of=day,
            )
        except ValidationError as error:
            problem = str(error)
            errors.add("reason", "reason_control" if "control" in problem else "reason_required")
    message = None
    if not errors and body is not None:
        ruleset = active_ruleset(ctx)
        state = ctx.request.app.state
        pos = decision_service.position(
            db=ctx.db, caseloads=state.caseloads, ruleset=ruleset, record=record, as_of=day
        )
        try:
            model = state.model_runtime
            decision = decision_service.create(
                db=ctx.db,
                record=record,
                pos=pos,
                body=body,
                as_of=day,
                ruleset=ruleset,
                actor=user.name,
                model_uri=model.uri if model.available else None,
                lang=ctx.lang,
            )
        except decision_service.DecisionConflict as error:
            message = error.message(ctx.lang)
        else:
            target = url_for_query(
                f"/cases/{record.case_id}",
                region=record.region,
                saved=decision.id,
                as_of=day.isoformat() if as_of else None,
            )
            return redirect(ctx, target)
    values = case_values(ctx, user, case_id, day, region=record.region)
    return render(
        ctx,
        "case.html",
        status=409 if message else 400,
        errors=errors,
        as_of_raw=as_of,
        form={"kind": kind, "reason": reason},
        saved=None,
        conflict=message,
        **values,
    )
