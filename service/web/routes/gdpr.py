"""``/model``, ``/export`` and ``/erasure``: the points model in force, the Art. 15 export of a
case and the erasure of a case on request (four eyes), as pages.

The pages use the same service functions as the API and the command line: the model page reads
what ``GET /api/v1/model`` returns (:meth:`service.model_runtime.ModelRuntime.describe`), the
export gathers with :func:`service.access.views.build` and is audited as ``case.export``, and the
erasure forms call :mod:`service.erasure.service` (request, confirm by a second administrator,
withdraw). Every form carries the session's CSRF token; a download is a POST (it is an audited
act, not a page to crawl).

A case is named by its region and its number: the forms ask for both, the region may be left
open where only one region holds the number (else the form says so and asks for it).
"""

from __future__ import annotations

import json
import logging
import re
from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from cases.model import CASE_ID_PATTERN, REGIONS
from service.access import export
from service.access.render import render_html
from service.access.views import build
from service.auth.roles import ADMIN_ROLES, AUDIT_ROLES, Role
from service.erasure import service as erasure_service
from service.erasure.models import ErasureRequestCreate
from service.erasure.scrub import after_erasure, touched
from service.web.forms import FormErrors
from service.web.pages import HTML_HEADERS, PageContext, PageError, SignedIn, redirect, render
from service.web.routes.auth import check_csrf

router = APIRouter()
log = logging.getLogger(__name__)

#: Who reads the model page: policy staff, auditors, administrators (as the monitoring).
MODEL_ROLES = (Role.policy, Role.auditor, Role.admin)
#: The printable document styles itself inline and runs nothing.
DOCUMENT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
_CASE_ID = re.compile(CASE_ID_PATTERN)
_REQUEST_ID = re.compile(r"^[0-9a-f-]{36}$")
FormText = Annotated[str, Form()]

#: Metrics of the model shown on its page, in this order (keys of the training metrics).
METRICS = (
    "roc_auc",
    "baseline_logistic_roc_auc",
    "rules_roc_auc",
    "brier_score",
    "expected_calibration_error",
    "base_rate",
    "selection_rate",
    "n_train",
    "n_test",
)
_COUNTS = frozenset({"n_train", "n_test"})
_SHARES = frozenset({"base_rate", "selection_rate"})


def _case_id(value: str) -> str | None:
    value = value.strip()
    return value if 0 < len(value) <= 64 and _CASE_ID.match(value) else None


def _region(value: str | None) -> str | None:
    """A region of the form (``None``: not given, or not one of the regions)."""
    return value if value in REGIONS else None


# ------------------------------------------------------------------------ the model


def _points_rows(described: dict[str, Any], titles: dict[str, str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    previous = None
    for row in described.get("points_table") or []:
        feature = str(row["feature"])
        rows.append(
            {
                "feature": feature,
                "title": titles.get(feature, feature) if feature != previous else "",
                "bin": row["bin"],
                "points": int(row["points"]),
            }
        )
        previous = feature
    return rows


def _run_of(ctx: PageContext) -> tuple[str, str] | None:
    """Tracking store and run of the model in force (``None`` without a loaded model)."""
    handle = getattr(ctx.request.app.state.model_runtime, "handle", None)
    run_id, uri = getattr(handle, "run_id", None), getattr(handle, "tracking_uri", None)
    return (str(uri), str(run_id)) if run_id and uri else None


def _card_and_plots(ctx: PageContext) -> dict[str, Any] | None:
    """The model card and plots of the model in force in the page's language, as the page
    links them (``card``, ``plots``: the names found, ``combined``: an older run's texts in
    both languages, ``unreadable``: the store could not be read); ``None`` without a run."""
    run = _run_of(ctx)
    if run is None:
        return None
    from models import run_artifacts

    try:
        card = run_artifacts.card(*run, ctx.lang)
        plots = {name: run_artifacts.plot(*run, name, ctx.lang) for name in run_artifacts.PLOTS}
    except Exception as error:  # the page shows the model without its card rather than fail
        log.warning("model card of run %s not readable: %s", run[1], error)
        return {"unreadable": True, "card": False, "plots": [], "combined": False}
    found = [stored for stored in (card, *plots.values()) if stored is not None]
    return {
        "unreadable": False,
        "card": card is not None,
        "plots": [name for name, stored in plots.items() if stored is not None],
        "combined": any(stored.combined for stored in found),
    }


def in_page_language(ctx: PageContext, described: dict[str, Any]) -> tuple[Any, Any]:
    """The data description and the fairness-gate justification of the model in force in the
    page's language, rendered from its run (parameters, ``gates.json``); the stored texts
    (scorecard, tag) where the run does not say, or a person wrote the justification."""
    data, justification = described.get("data_description"), described.get("fairness_justification")
    run = _run_of(ctx)
    if run is None:
        return data, justification
    from models import run_artifacts

    try:
        data, justification = run_artifacts.in_language(*run, ctx.lang, data, justification)
    except Exception as error:  # shown as stored rather than not at all
        log.warning("run %s of the model not readable: %s", run[1], error)
    return data, justification


def _artifact(ctx: PageContext, kind: str, name: str = "") -> bytes:
    ctx.require(*MODEL_ROLES)
    run = _run_of(ctx)
    from models import run_artifacts

    stored = None
    if run is not None:
        try:
            stored = (
                run_artifacts.card(*run, ctx.lang)
                if kind == "card"
                else run_artifacts.plot(*run, name, ctx.lang)
            )
            if stored is not None:
                return run_artifacts.read(*run, stored.path)
        except Exception as error:
            log.warning("model %s of run %s not readable: %s", kind, run[1], error)
    raise PageError(404, "error_404_title", "error_404_text")


@router.get("/model/card.md")
def model_card_download(ctx: SignedIn) -> Response:
    """The model card of the model in force in the page's language (Markdown download)."""
    content = _artifact(ctx, "card")
    described = ctx.request.app.state.model_runtime.describe()
    name = f"{described.get('name') or 'model'}-{described.get('version') or ''}"
    filename = f"{name}.{ctx.lang}.md".replace('"', "")
    return Response(
        content,
        media_type="text/markdown; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _plot(ctx: PageContext, name: str) -> Response:
    return Response(
        _artifact(ctx, "plot", name),
        media_type="image/png",
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )


@router.get("/model/plots/calibration.png")
def model_calibration_plot(ctx: SignedIn) -> Response:
    """The calibration plot of the model in force in the page's language."""
    return _plot(ctx, "calibration")


@router.get("/model/plots/fairness.png")
def model_fairness_plot(ctx: SignedIn) -> Response:
    """The fairness plot of the model in force in the page's language."""
    return _plot(ctx, "fairness")


@router.get("/model")
def model_page(ctx: SignedIn) -> Response:
    """The model in force: version, inputs, points table, gates, the fairness-gate
    justification and its model card and plots in the page's language; without a model, that
    the queue follows the rules alone."""
    ctx.require(*MODEL_ROLES)
    from models.features import feature_titles

    described = ctx.request.app.state.model_runtime.describe()
    titles = feature_titles(ctx.lang)
    metrics = described.get("metrics") or {}
    shown = [(key, metrics[key]) for key in METRICS if metrics.get(key) is not None]
    available = described.get("status") == "ready"
    data, justification = in_page_language(ctx, described) if available else (None, None)
    return render(
        ctx,
        "gdpr_model.html",
        model=described,
        available=available,
        data_description=data,
        justification=justification,
        inputs=[(name, titles.get(name, name)) for name in described.get("features") or []],
        points=_points_rows(described, titles),
        metrics=shown,
        counts=_COUNTS,
        shares=_SHARES,
        documentation=_card_and_plots(ctx) if available else None,
    )


# ------------------------------------------------------------------------ export (Art. 15)


@router.get("/export")
def export_page(ctx: SignedIn, case_id: str | None = None, region: str | None = None) -> Response:
    """The form: a case number, its region and the kind of export (JSON data or document)."""
    ctx.require(*AUDIT_ROLES)
    value = _case_id(case_id or "") or ""
    form = {"case_id": value, "region": _region(region) or ""}
    return render(ctx, "gdpr_export.html", form=form, regions=REGIONS, errors=FormErrors())


def _download(ctx: PageContext, response: Response) -> Response:
    for name, value in HTML_HEADERS.items():
        response.headers[name] = value
    response.headers["Content-Security-Policy"] = DOCUMENT_CSP
    if ctx.manager is not None:
        ctx.manager.save(ctx.request, response, ctx.session)
    return response


@router.post("/export")
def export_download(
    ctx: SignedIn,
    csrf_token: FormText = "",
    case_id: FormText = "",
    format: FormText = "",
    region: FormText = "",
) -> Response:
    """Everything stored about the case as a JSON download (codes: the data) or the printable
    document in the page's language (words);
    audited (``case.export``) before it is handed out, like the API."""
    check_csrf(ctx, csrf_token)
    user = ctx.require(*AUDIT_ROLES)
    errors = FormErrors()
    value = _case_id(case_id)
    if value is None:
        errors.add("case_id", "gdpr_case_id_bad")
    if format not in ("json", "html"):
        errors.add("format-json", "gdpr_format_required")
    data: dict[str, Any] | None = None
    if not errors and value is not None:
        try:
            with ctx.db.read() as session:
                key = export.find_case(
                    session, case_id=value, regions=user.regions, region=_region(region)
                )
            data = build(ctx.db, ctx.request.app.state.settings, key.region, value, user.name)
        except export.AmbiguousCaseError:
            errors.add("region", "gdpr_case_ambiguous")
        except export.CaseNotFoundError:
            errors.add("case_id", "gdpr_case_not_found")
    if data is None or value is None:
        form = {"case_id": case_id[:64], "format": format, "region": _region(region) or ""}
        return render(
            ctx, "gdpr_export.html", status=400, form=form, regions=REGIONS, errors=errors
        )
    export.record_export(ctx.db, actor=user.name, data=data, format=format, via="web")
    if format == "html":
        return _download(ctx, HTMLResponse(render_html(data, ctx.lang)))
    response = Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="auskunft-{data["region"]}-{value}.json"'
        },
    )
    return _download(ctx, response)


# ------------------------------------------------------------------------ erasure (Art. 17)

_ERROR_KEYS: tuple[tuple[type[erasure_service.ErasureError], str], ...] = (
    (erasure_service.ErasureAmbiguousError, "gdpr_case_ambiguous"),
    (erasure_service.ErasureNotFoundError, "gdpr_erasure_not_found"),
    (erasure_service.ErasureConflictError, "gdpr_erasure_pending_exists"),
    (erasure_service.FourEyesError, "gdpr_erasure_four_eyes"),
    (erasure_service.ErasureError, "gdpr_erasure_reason_names_case"),
)


def _error_key(error: erasure_service.ErasureError) -> str:
    return next(key for kind, key in _ERROR_KEYS if isinstance(error, kind))


def _erasure_page(
    ctx: PageContext,
    *,
    status: int = 200,
    form: dict[str, str] | None = None,
    errors: FormErrors | None = None,
    problem: str | None = None,
    notice: str | None = None,
    erased: dict[str, Any] | None = None,
) -> Response:
    with ctx.db.read() as session:
        pending = erasure_service.get_pending(session)
    return render(
        ctx,
        "gdpr_erasure.html",
        status=status,
        pending=pending,
        regions=REGIONS,
        form=form or {"case_id": "", "region": "", "reason": ""},
        errors=errors or FormErrors(),
        problem=problem,
        notice=notice,
        erased=erased,
    )


@router.get("/erasure")
def erasure_page(
    ctx: SignedIn,
    case_id: str | None = None,
    region: str | None = None,
    asked: str | None = None,
    erased: str | None = None,
    withdrawn: str | None = None,
    scrub: str | None = None,
) -> Response:
    """Pending requests (confirm or withdraw: a second administrator confirms), and the form to
    ask for the erasure of a case with a reason."""
    ctx.require(*ADMIN_ROLES)
    notice = None
    if asked is not None:
        notice = "gdpr_erasure_asked"
    elif withdrawn is not None:
        notice = "gdpr_erasure_withdrawn"
    done: dict[str, Any] | None = None
    if erased and erased.isdigit() and len(erased) < 12:
        done = {"seq": int(erased)}
        notice = "gdpr_erasure_done"
        if scrub and _TABLES.match(scrub):  # the bytes are not gone yet: never claim they are
            done = {"seq": int(erased), "scrub_pending": scrub.replace(",", ", ")}
    return _erasure_page(
        ctx,
        form={
            "case_id": _case_id(case_id or "") or "",
            "region": _region(region) or "",
            "reason": "",
        },
        notice=notice,
        erased=done,
    )


def _reason(value: str, errors: FormErrors, field_id: str) -> str | None:
    if len(value) > 2000:
        errors.add(field_id, "gdpr_reason_too_long")
        return None
    try:
        return ErasureRequestCreate(reason=value).reason
    except ValidationError:
        errors.add(field_id, "gdpr_reason_required")
        return None


@router.post("/erasure")
def erasure_request(
    ctx: SignedIn,
    csrf_token: FormText = "",
    case_id: FormText = "",
    reason: FormText = "",
    region: FormText = "",
) -> Response:
    """An administrator asks to erase a case (nothing is erased yet)."""
    check_csrf(ctx, csrf_token)
    user = ctx.require(*ADMIN_ROLES)
    errors = FormErrors()
    value = _case_id(case_id)
    if value is None:
        errors.add("case_id", "gdpr_case_id_bad")
    cleaned = _reason(reason, errors, "reason")
    form = {"case_id": case_id[:64], "region": _region(region) or "", "reason": reason[:2000]}
    if errors or value is None or cleaned is None:
        return _erasure_page(ctx, status=400, form=form, errors=errors)
    try:
        with ctx.db.write() as session:
            erasure_service.request(
                session, case_id=value, user=user, reason=cleaned, region=_region(region)
            )
    except erasure_service.ErasureError as error:
        key = _error_key(error)
        if isinstance(error, erasure_service.ErasureNotFoundError):
            errors.add("case_id", "gdpr_case_not_found")
        elif isinstance(error, erasure_service.ErasureAmbiguousError):
            errors.add("region", key)
        elif key == "gdpr_erasure_reason_names_case":
            errors.add("reason", key)
        else:
            return _erasure_page(ctx, status=error.status_code, form=form, problem=key)
        return _erasure_page(ctx, status=error.status_code, form=form, errors=errors)
    return redirect(ctx, "/erasure?asked=1")


#: The tables of a pending scrub, as the confirmation's redirect names them.
_TABLES = re.compile(r"^[a-z_]{1,40}(,[a-z_]{1,40}){0,20}$")


@router.post("/erasure/{request_id}/confirm")
def erasure_confirm(ctx: SignedIn, request_id: str, csrf_token: FormText = "") -> Response:
    """A second administrator confirms: the case and every trace of it are erased now."""
    check_csrf(ctx, csrf_token)
    user = ctx.require(*ADMIN_ROLES)
    if not _REQUEST_ID.match(request_id):
        return _erasure_page(ctx, status=404, problem="gdpr_erasure_not_found")
    try:
        with ctx.db.write() as session:
            report = erasure_service.confirm(session, request_id=request_id, user=user)
    except erasure_service.ErasureError as error:
        return _erasure_page(ctx, status=error.status_code, problem=_error_key(error))
    scrub_on = ctx.request.app.state.settings.erasure_scrub
    done = after_erasure(ctx.db, scrub_on, touched(report.rows, audit_changed=True))
    pending = f"&scrub={','.join(done.pending)}" if done is not None and done.pending else ""
    return redirect(ctx, f"/erasure?erased={report.audit_seq}{pending}")


@router.post("/erasure/{request_id}/withdraw")
def erasure_withdraw(
    ctx: SignedIn, request_id: str, csrf_token: FormText = "", reason: FormText = ""
) -> Response:
    """Any administrator withdraws a request (with a reason); the case stays."""
    check_csrf(ctx, csrf_token)
    user = ctx.require(*ADMIN_ROLES)
    if not _REQUEST_ID.match(request_id):
        return _erasure_page(ctx, status=404, problem="gdpr_erasure_not_found")
    errors = FormErrors()
    cleaned = _reason(reason, errors, f"withdraw-{request_id}")
    if cleaned is None:
        return _erasure_page(ctx, status=400, errors=errors)
    try:
        with ctx.db.write() as session:
            erasure_service.withdraw(session, request_id=request_id, user=user, reason=cleaned)
    except erasure_service.ErasureError as error:
        return _erasure_page(ctx, status=error.status_code, problem=_error_key(error))
    return redirect(ctx, "/erasure?withdrawn=1")
