"""``/changes``: the change feed (per user "seen"), and its server-sent-events stream."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Collection
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from service.audit import service as audit_service
from service.auth.roles import CASE_ROLES, Role
from service.changes import feed as feed_service
from service.changes.wording import cause_text
from service.db.engine import Database
from service.deps import CaseloadsDep, CurrentUser, DatabaseDep, SettingsDep, allow
from service.params import AsOf, Since

router = APIRouter(prefix="/changes", tags=["changes"])
_CASE = [Depends(allow(CASE_ROLES))]

#: The stream looks for new records this often, and ends after ``max_seconds`` (the browser's
#: EventSource reconnects by itself and sends the last id it saw).
POLL_SECONDS = 2.0


class ChangeEntry(BaseModel):
    id: int = Field(description="Number of the recorded evaluation (the feed's cursor).")
    kind: str = Field(description="changed (tier changed) or new (received within the window).")
    case_id: str
    region: str
    tier: str
    previous_tier: str | None
    score: int
    cause: str
    cause_text: str
    as_of: date
    recorded_at: datetime
    received_on: date


class ApproachingRead(BaseModel):
    case_id: str
    region: str
    release_date: date
    days: int


class ChangeFeed(BaseModel):
    as_of: date
    after_id: int = Field(description="Entries after this record (the seen marker by default).")
    latest_id: int = Field(description="Newest entry listed (mark it seen with POST /seen).")
    seen_id: int | None
    seen_at: datetime | None
    items: list[ChangeEntry]
    more: bool = Field(description="More entries than listed: ask again with after_id.")
    approaching: list[ApproachingRead]


class SeenBody(BaseModel):
    seen_id: int | None = Field(
        default=None, ge=0, le=2**31 - 1, description="Default: the newest record."
    )


class SeenRead(BaseModel):
    seen_id: int
    seen_at: datetime


def entry_read(entry: feed_service.Entry, lang: str = "de") -> ChangeEntry:
    row = entry.record
    return ChangeEntry(
        id=row.id,
        kind=entry.kind,
        case_id=row.case_id,
        region=row.region,
        tier=row.tier,
        previous_tier=row.previous_tier,
        score=row.score,
        cause=row.cause,
        cause_text=cause_text(row.cause, row.detail, lang),
        as_of=row.as_of,
        recorded_at=row.recorded_at,
        received_on=entry.received_on,
    )


def load_feed(
    db: Database,
    *,
    user_name: str,
    regions: Collection[str],
    as_of: date,
    new_days: int,
    after_id: int | None,
    since: datetime | None,
    limit: int,
) -> tuple[int, list[feed_service.Entry], Any]:
    with db.read() as session:
        view = feed_service.seen(session, user_name)
        start = after_id if after_id is not None else (view.seen_id if view and not since else 0)
        found = feed_service.entries(
            session,
            regions=regions,
            as_of=as_of,
            new_days=new_days,
            after_id=start,
            since=since,
            limit=limit + 1,
        )
        return start, found, (view.seen_id, view.seen_at) if view else None


@router.get(
    "", response_model=ChangeFeed, summary="What changed since the last look", dependencies=_CASE
)
def get_changes(
    user: CurrentUser,
    db: DatabaseDep,
    settings: SettingsDep,
    caseloads: CaseloadsDep,
    as_of: AsOf,
    since: Since = None,
    after_id: Annotated[
        int | None, Query(ge=0, le=2**31 - 1, description="Only records after this one.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    lang: Annotated[str, Query(pattern="^(de|en)$")] = "de",
) -> ChangeFeed:
    """Per region the caller may see: cases whose tier changed and new cases (received within
    ``new_window_days``), each with its cause, after the caller's seen marker (or ``since`` /
    ``after_id``); beside them the cases released within ``release_horizon_days``."""
    start, found, view = load_feed(
        db,
        user_name=user.name,
        regions=user.regions,
        as_of=as_of,
        new_days=settings.new_window_days,
        after_id=after_id,
        since=since,
        limit=limit,
    )
    shown = found[:limit]
    near = feed_service.approaching(
        caseloads.get(db), user.regions, as_of, settings.release_horizon_days
    )
    audit_service.record(
        db,
        actor=user.name,
        action="changes.read",
        target="changes",
        details={
            "as_of": as_of.isoformat(),
            "after_id": start,
            "cases": sorted({(e.record.case_id, e.record.region) for e in shown}),
        },
    )
    return ChangeFeed(
        as_of=as_of,
        after_id=start,
        latest_id=shown[-1].record.id if shown else start,
        seen_id=view[0] if view else None,
        seen_at=view[1] if view else None,
        items=[entry_read(e, lang) for e in shown],
        more=len(found) > limit,
        approaching=[ApproachingRead(**a.__dict__) for a in near],
    )


def mark(
    db: Database,
    user_name: str,
    seen_id: int | None,
    regions: Collection[str] | None = None,
) -> SeenRead:
    """Move the caller's marker to ``seen_id``, by default to the newest record of their
    ``regions`` (never of other regions: the number would tell their volume, issue #14)."""
    with db.write() as session:
        target = seen_id if seen_id is not None else feed_service.latest_id(session, regions)
        view = feed_service.mark_seen(session, user_name, target)
        return SeenRead(seen_id=view.seen_id, seen_at=view.seen_at)


@router.post(
    "/seen", response_model=SeenRead, summary="Mark the change feed as seen", dependencies=_CASE
)
def post_seen(user: CurrentUser, db: DatabaseDep, body: SeenBody | None = None) -> SeenRead:
    """The caller has seen the feed up to ``seen_id`` (default: everything so far); the marker
    is per user and never moves backwards."""
    result = mark(db, user.name, body.seen_id if body else None, user.regions)
    audit_service.record(
        db,
        actor=user.name,
        action="changes.seen",
        target="changes",
        details={"seen_id": result.seen_id},
    )
    return result


async def event_stream(
    db: Database,
    *,
    user_name: str,
    regions: Collection[str],
    new_days: int,
    after_id: int,
    max_seconds: float,
    lang: str,
    render: Any = None,
) -> AsyncIterator[str]:
    """Server-sent events: one ``change`` event per new entry (id = record id), a comment
    line as keep-alive; ends after ``max_seconds`` (0: the entries so far, then end)."""
    deadline = time.monotonic() + max_seconds
    last = after_id
    yield "retry: 5000\n\n"
    while True:
        _, found, _ = await run_in_threadpool(
            load_feed,
            db,
            user_name=user_name,
            regions=regions,
            as_of=date.today(),
            new_days=new_days,
            after_id=last,
            since=None,
            limit=200,
        )
        for entry in found:
            data = entry_read(entry, lang).model_dump(mode="json")
            if render is not None:
                data["html"] = render(entry, data)
            last = entry.record.id
            yield f"id: {last}\nevent: change\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
        if time.monotonic() >= deadline:
            return
        yield ": ping\n\n"
        await asyncio.sleep(POLL_SECONDS)


@router.get(
    "/stream",
    summary="Server-sent events: new change-feed entries as they are recorded",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
    dependencies=_CASE,
)
async def stream_changes(
    user: CurrentUser,
    db: DatabaseDep,
    settings: SettingsDep,
    after_id: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None,
    max_seconds: Annotated[float, Query(ge=0, le=3600)] = 300,
    lang: Annotated[str, Query(pattern="^(de|en)$")] = "de",
    last_event_id: Annotated[str | None, Header(max_length=12)] = None,
) -> StreamingResponse:
    """``text/event-stream``; resumes after ``Last-Event-ID`` (or ``after_id``, default: the
    newest record now) and ends after ``max_seconds`` (the browser reconnects by itself)."""
    start = after_id
    if last_event_id is not None and last_event_id.isdigit():
        start = int(last_event_id)
    if start is None:
        start = await run_in_threadpool(_latest, db, user.regions)
    generator = event_stream(
        db,
        user_name=user.name,
        regions=user.regions,
        new_days=settings.new_window_days,
        after_id=start,
        max_seconds=max_seconds,
        lang=lang,
    )
    return StreamingResponse(
        generator,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _latest(db: Database, regions: Collection[str]) -> int:
    with db.read() as session:
        return feed_service.latest_id(session, regions)


class SweepRead(BaseModel):
    as_of: date
    ruleset: str
    checked: int = Field(description="Cases whose calendar date had come (or rule set changed).")
    recorded: int = Field(description="Of these, cases whose outcome changed: one record each.")
    first: int = Field(
        default=0,
        description="Open cases that had no recorded evaluation at all (stored before "
        "recording began): one first record each (cause 'first').",
    )


def run_sweep(
    db: Database,
    *,
    as_of: date,
    ruleset_name: str,
    actor: str,
    context: dict[str, Any] | None = None,
) -> SweepRead:
    """Record what the calendar changed by ``as_of`` (one transaction, audited; ``context``
    goes into the audit entry's details, e.g. that the schedule ran it and on which worker)."""
    from service.audit import chain
    from service.changes.sweep import sweep
    from service.rulesets.active import get_active_ruleset

    with db.write() as session:
        chain.lock(session)
        ruleset = get_active_ruleset(session, name=ruleset_name, on=as_of)
        counts = sweep(session, ruleset=ruleset, as_of=as_of, actor=actor)
        if counts["recorded"] or counts["first"]:
            from service.cases.service import bump_revision

            bump_revision(session)
        chain.append(
            session,
            actor=actor,
            action="changes.sweep",
            target="changes",
            details={
                "as_of": as_of.isoformat(),
                "ruleset": ruleset.label,
                **counts,
                **(context or {}),
            },
        )
    return SweepRead(as_of=as_of, ruleset=ruleset.label, **counts)


@router.post(
    "/sweep",
    response_model=SweepRead,
    summary="Record what the passing of time changed (run daily)",
    dependencies=[Depends(allow((Role.admin,)))],
)
def post_sweep(user: CurrentUser, db: DatabaseDep, settings: SettingsDep, as_of: AsOf) -> SweepRead:
    """Re-evaluate only the cases whose next calendar date (a record leaving its window, a
    birthday, a release date drawing near) has come by ``as_of``, or whose rule set is no
    longer the one in force; record those whose outcome changed (cause ``time`` or
    ``ruleset``). Run it once a day (``triage changes sweep``)."""
    return run_sweep(db, as_of=as_of, ruleset_name=settings.ruleset, actor=user.name)
