"""The rule set editor: upload or edit a whole YAML rule set, check it, store it as a draft.

``GET /policy/rulesets/upload`` opens the editor with the YAML of a version (default: the one in
force) and its scenarios. ``POST`` with ``action=check`` shows the checker's issues next to
their lines, the semantic diff against the version in force and the scenario results; with
``action=save`` the service checks everything again and stores the draft (issue #16). A file
chosen in the form replaces the text of its editor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from rules.diff import RulesetDiff, diff
from rules.errors import RuleIssue, RuleSetError
from service.rulesets import authoring
from service.rulesets import service as rs
from service.rulesets.document_upload import MAX_BYTES
from service.rulesets.models import RulesetServiceError, RulesetVersion
from service.web.forms import FormErrors
from service.web.pages import PageContext, PageError, SignedIn, redirect, render
from service.web.routes.auth import check_csrf
from service.web.routes.policy import _reason, _version, base_version

router = APIRouter()

#: Lines shown before and after a line with an issue.
CONTEXT = 2


#: An issue in pieces: ``(text, as_written)``; a piece as written in the file is ``<code>``.
Said = list[tuple[str, bool]]


@dataclass
class Listing:
    """A text with its lines numbered and the issues of each line beside it."""

    title: str
    general: list[Said] = field(default_factory=list)  # issues without a line
    blocks: list[list[tuple[int, str, list[Said]]]] = field(default_factory=list)


def listing(title: str, text: str, issues: list[RuleIssue], lang: str = "de") -> Listing:
    """Only the lines around issues (the editor above holds the whole text); each issue in
    ``lang``, its key path and the names of the file as written."""
    lines = text.splitlines() or [""]
    by_line: dict[int, list[Said]] = {}
    result = Listing(title)
    for issue in issues:
        message: Said = [(issue.key, True), (": ", False), *issue.segments(lang)]
        if issue.line is None or not 1 <= issue.line <= len(lines):
            result.general.append(message)
        else:
            by_line.setdefault(issue.line, []).append(message)
    shown: list[int] = sorted(
        {
            n
            for line in by_line
            for n in range(max(1, line - CONTEXT), min(len(lines), line + CONTEXT) + 1)
        }
    )
    block: list[tuple[int, str, list[Said]]] = []
    for number in shown:
        if block and number != block[-1][0] + 1:
            result.blocks.append(block)
            block = []
        block.append((number, lines[number - 1], by_line.get(number, [])))
    if block:
        result.blocks.append(block)
    return result


def _editor_page(
    ctx: PageContext,
    base: RulesetVersion,
    *,
    page: dict[str, str],
    errors: FormErrors | None = None,
    listings: list[Listing] | None = None,
    checked: bool = False,
    preview: dict[str, Any] | None = None,
    problem: str | None = None,
    status: int = 200,
) -> Response:
    return render(
        ctx,
        "policy_upload.html",
        status=status,
        base=base,
        text=page.get("text", ""),
        scenarios=page.get("scenarios", ""),
        reason=page.get("reason", ""),
        errors=errors or FormErrors(),
        listings=listings or [],
        checked=checked,
        preview=preview or {},
        problem=problem,
    )


@router.get("/policy/rulesets/upload")
def editor(ctx: SignedIn, base: str | None = None) -> Response:
    """The editor with the YAML and scenarios of ``base`` (default: the version in force)."""
    ctx.require(*rs.POLICY_ROLES)
    version = base_version(ctx, base)
    if version is None:
        return redirect(ctx, "/policy")
    page = {"text": authoring.source_text(version), "scenarios": version.scenarios or ""}
    return _editor_page(ctx, version, page=page)


async def _text(form: Any, name: str) -> str | None:
    """A chosen file's text (``None``: no file chosen); too large or not UTF-8 is an error."""
    upload = form.get(f"{name}_file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    data = await upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PageError(413, "error_413_title", "error_413_text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ""


@router.post("/policy/rulesets/upload")
async def submit(request: Request, ctx: SignedIn) -> Response:
    """Check the rule set (``action=check``) or store it as a draft (``action=save``)."""
    async with request.form(max_files=2, max_fields=8, max_part_size=MAX_BYTES) as form:
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        ruleset_file = await _text(form, "ruleset")
        scenarios_file = await _text(form, "scenarios")
    if ruleset_file is not None:
        values["ruleset"] = ruleset_file
    if scenarios_file is not None:
        values["scenarios"] = scenarios_file
    return await run_in_threadpool(_submit, ctx, values)


def _submit(ctx: PageContext, form: dict[str, str]) -> Response:
    check_csrf(ctx, form.get("csrf_token", ""))
    user = ctx.require(*rs.POLICY_ROLES)
    base = _version(ctx, form.get("base", ""))
    text = form.get("ruleset", "").replace("\r\n", "\n")
    scenarios = form.get("scenarios", "").replace("\r\n", "\n")
    reason_raw = form.get("reason", "")
    page = {"text": text, "scenarios": scenarios, "reason": reason_raw}

    def with_issues(error: RuleSetError) -> Response:
        listings = _listings(ctx, text, scenarios, error.issues)
        return _editor_page(ctx, base, page=page, listings=listings, checked=True, status=400)

    try:
        ruleset = authoring.check_document(text, scenarios=scenarios or None)[0]
    except RuleSetError as error:
        return with_issues(error)
    preview = _preview(ctx, ruleset, scenarios or None)
    if form.get("action") != "save":
        return _editor_page(ctx, base, page=page, checked=True, preview=preview)
    errors = FormErrors()
    reason = _reason(reason_raw, errors, "reason")
    if errors:
        return _editor_page(
            ctx, base, page=page, errors=errors, checked=True, preview=preview, status=400
        )
    try:
        with ctx.db.write() as db_session:
            draft_id = authoring.create_document(
                db_session=db_session,
                text=text,
                scenarios=scenarios or None,
                reason=reason,
                base=str(base.id) if base.name == ruleset.name else None,
                user=user,
                via="web",
            ).id
    except RuleSetError as error:
        return with_issues(error)
    except RulesetServiceError as error:
        return _editor_page(
            ctx,
            base,
            page=page,
            checked=True,
            preview=preview,
            problem=error.text(ctx.lang),
            status=error.status_code,
        )
    return redirect(ctx, f"/policy/rulesets/{draft_id}?done=drafted")


def _listings(
    ctx: PageContext, text: str, scenarios: str, issues: list[RuleIssue]
) -> list[Listing]:
    of_scenarios = [issue for issue in issues if issue.source == "Szenarien"]
    of_ruleset = [issue for issue in issues if issue.source != "Szenarien"]
    out = []
    if of_ruleset:
        out.append(listing(ctx.t("editor_ruleset"), text, of_ruleset, ctx.lang))
    if of_scenarios:
        out.append(listing(ctx.t("editor_scenarios"), scenarios, of_scenarios, ctx.lang))
    return out


def _preview(ctx: PageContext, ruleset: Any, scenarios: str | None) -> dict[str, Any]:
    """The diff against the version in force and the scenario results of a checked rule set."""
    with ctx.db.read() as db_session:
        current = rs.in_force(db_session=db_session, name=ruleset.name)
        report = authoring.preview_report(
            db_session=db_session, ruleset=ruleset, scenarios=scenarios
        )
        changes: RulesetDiff | None = (
            diff(rs.load(version=current), ruleset, ctx.lang) if current is not None else None
        )
    return {"label": ruleset.label, "diff": changes, "report": report, "in_force": current}
