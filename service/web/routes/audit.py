"""``/audit``: the audit log page by page, with the verification of its hash chain."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from service.audit import chain, wording
from service.audit import service as audit_service
from service.auth.roles import AUDIT_ROLES
from service.web.forms import FormErrors, parse_page, plain
from service.web.pages import SignedIn, active_ruleset, render

router = APIRouter()

PAGE_SIZE = 50


@router.get("/audit")
def audit_page(
    ctx: SignedIn, actor: str | None = None, action: str | None = None, page: str | None = None
) -> Response:
    """Newest entries first (who, when, action, target, reason) and whether the chain holds;
    actions, targets and details in words, each action's code beside it for auditors."""
    user = ctx.require(*AUDIT_ROLES)
    errors = FormErrors()
    filters: dict[str, str | None] = {}
    for name, value in (("actor", actor), ("action", action)):
        cleaned = plain(value or "", 80)
        if cleaned is None:
            errors.add(f"filter-{name}", "bad_filter")
        filters[name] = cleaned or None
    number = parse_page(page)
    with ctx.db.read() as db_session:
        verification = chain.verify(db_session)
        items, total = (
            ([], 0)
            if errors
            else audit_service.get_all(
                db_session=db_session,
                actor=filters["actor"],
                action=filters["action"],
                limit=PAGE_SIZE,
                offset=(number - 1) * PAGE_SIZE,
            )
        )
    audit_service.record(
        ctx.db,
        actor=user.name,
        action="audit.read",
        target="audit",
        details={
            "actor": filters["actor"],
            "action": filters["action"],
            "limit": PAGE_SIZE,
            "offset": (number - 1) * PAGE_SIZE,
            "returned": len(items),
            "verified": verification.ok,
            "view": "web",
        },
    )
    words = wording.Wording(active_ruleset(ctx), ctx.lang)
    rows = [
        (
            item,
            wording.action_label(item.action, ctx.lang),
            wording.target(item.target, ctx.lang),
            words.details(item.details),
        )
        for item in items
    ]
    pages = max(1, -(-total // PAGE_SIZE))
    return render(
        ctx,
        "audit.html",
        status=400 if errors else 200,
        errors=errors,
        filters=filters,
        raw={"actor": actor or "", "action": action or ""},
        rows=rows,
        total=total,
        page=number,
        pages=pages,
        first=(number - 1) * PAGE_SIZE + 1 if items else 0,
        last=(number - 1) * PAGE_SIZE + len(items),
        verification=verification,
    )
