"""The change feed's server-sent events for the web page (session sign-in, rows in the page's
language). Mounted by :mod:`service.web.routes.changes`; kept here because it is a stream, not a
page (the web UI's page tests visit every page route)."""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response, StreamingResponse

from rules.labels import label
from service.auth.roles import CASE_ROLES
from service.changes import feed as feed_service
from service.changes.feed_views import ChangeEntry, _latest, event_stream
from service.web.pages import SignedIn, active_ruleset, url_for_query
from texts.catalogue import format_date


async def changes_stream(
    ctx: SignedIn, after_id: str | None = None, max_seconds: str | None = None
) -> Response:
    """New entries as server-sent events, each with its row's texts in the page's language."""
    user = ctx.require(*CASE_ROLES)
    state = ctx.request.app.state
    ruleset = active_ruleset(ctx)
    start = int(after_id) if after_id and after_id.isdigit() and len(after_id) < 10 else None
    last = ctx.request.headers.get("last-event-id", "")
    if last.isdigit() and len(last) < 10:
        start = int(last)
    if start is None:
        from fastapi.concurrency import run_in_threadpool

        start = await run_in_threadpool(_latest, ctx.db, user.regions)

    def render_row(entry: feed_service.Entry, data: dict[str, Any]) -> dict[str, str]:
        from service.web.routes.changes import row_of

        row = row_of(ctx, ruleset, ChangeEntry(**data))
        return {
            "case_id": row.case_id,
            "href": url_for_query(f"/cases/{row.case_id}", region=row.region),
            "region": label("region", row.region, ctx.lang),
            "change": row.change,
            "cause": row.cause,
            "date": format_date(row.as_of, ctx.lang),
            "announce": ctx.t("changes_arrived", case=row.case_id),
        }

    generator = event_stream(
        ctx.db,
        user_name=user.name,
        regions=user.regions,
        new_days=state.settings.new_window_days,
        after_id=start,
        max_seconds=float(max_seconds) if max_seconds in ("0", "1", "5", "60") else 300.0,
        lang=ctx.lang,
        render=render_row,
    )
    return StreamingResponse(
        generator,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
