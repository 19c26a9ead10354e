"""The daily calendar sweep, run by the service itself: once a day, by one worker of many.

At ``TRIAGE_SWEEP_AT`` (default ``02:00``) in ``TRIAGE_SWEEP_TIMEZONE`` (default
``Europe/Berlin``) the day's sweep (:func:`service.changes.feed_views.run_sweep`) is *due*: from
then until the same time the next day, the due day is today's date, before it yesterday's. Every
worker looks once a minute (:func:`follow`); the first to find the due day not yet done takes the
job's lease in the ``scheduled_jobs`` row (:func:`claim`, a short write transaction: a row lock
on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), runs the sweep, and marks the day done
(:func:`finish`). The others find the lease held, or the day done, and do nothing. A worker that
dies while running leaves its lease, which expires after :data:`LEASE`; then another worker runs
the day again (the sweep is idempotent: a day already swept has nothing due). A service that was
down at the hour catches up when it starts. ``TRIAGE_SWEEP_AT=off`` switches the schedule off
(for a systemd timer or cron running ``triage changes sweep`` instead, docs/operations.md).

The run is audited like a manual one (``changes.sweep``, actor :data:`ACTOR`, with
``scheduled: true`` and the worker), a failed run as ``changes.sweep.failed`` (with the error's
class; the log has the rest). Everything here takes the time as an argument, so tests
drive it with an injected clock and never sleep.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from service.changes.models import ScheduledJob
from service.db.base import utcnow
from service.db.engine import Database

log = logging.getLogger(__name__)

JOB = "changes.sweep"
ACTOR = "triage-scheduler"
#: How long a worker may run the sweep before another one may take over.
LEASE = timedelta(minutes=30)
#: How often each worker looks whether the sweep is due.
CHECK_SECONDS = 60.0

Outcome = Literal["done", "leased", "ran", "failed"]


def parse_at(value: str) -> time | None:
    """``HH:MM`` as a time of day; ``off`` (or empty) as ``None``: no schedule."""
    value = value.strip().lower()
    if value in ("", "off"):
        return None
    hours, _, minutes = value.partition(":")
    return time(int(hours), int(minutes or 0))


@dataclass(frozen=True)
class Schedule:
    """Once a day at ``at`` local time in ``zone``."""

    at: time
    zone: ZoneInfo

    @classmethod
    def of(cls, at: str, zone: str) -> Schedule | None:
        """The schedule configured by ``TRIAGE_SWEEP_AT`` and ``TRIAGE_SWEEP_TIMEZONE``."""
        moment = parse_at(at)
        return None if moment is None else cls(moment, ZoneInfo(zone))

    def due_day(self, now: datetime) -> date:
        """The newest day whose sweep is due at ``now`` (the reference date it runs for)."""
        local = now.astimezone(self.zone)
        today = local.date()
        return today if local.time() >= self.at else today - timedelta(days=1)

    def next_run(self, now: datetime) -> datetime:
        """When the next day's sweep becomes due (local time of ``zone``)."""
        day = self.due_day(now) + timedelta(days=1)
        return datetime.combine(day, self.at, tzinfo=self.zone)


def worker_name() -> str:
    """This worker's name in the lease: host, process and a random part."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _row(session: Session, job: str) -> ScheduledJob:
    """The job's row, created when missing, locked for this transaction."""
    dialect = session.get_bind().dialect.name
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(ScheduledJob).values(name=job).on_conflict_do_nothing())
    row = session.scalars(
        select(ScheduledJob).where(ScheduledJob.name == job).with_for_update()
    ).one()
    return row


def claim(
    db: Database, *, day: date, holder: str, now: datetime, job: str = JOB
) -> Literal["done", "leased", "claimed"]:
    """Take the job's lease for ``day`` unless the day is done or another worker holds it."""
    with db.write() as session:
        row = _row(session, job)
        if row.done_for is not None and row.done_for >= day:
            return "done"
        if row.leased_until is not None and row.leased_until > now:
            return "leased"  # running elsewhere, or failed here and not yet retried
        row.holder, row.leased_until, row.started_at = holder, now + LEASE, now
    return "claimed"


def finish(db: Database, *, day: date, holder: str, now: datetime, job: str = JOB) -> None:
    """Mark ``day`` done and give the lease back (if still ours)."""
    with db.write() as session:
        row = _row(session, job)
        if row.done_for is None or row.done_for < day:
            row.done_for = day
        row.finished_at = now
        if row.holder == holder:
            row.holder, row.leased_until = None, None


def tick(
    db: Database,
    *,
    schedule: Schedule,
    ruleset_name: str,
    holder: str,
    now: datetime,
    job: str = JOB,
) -> Outcome:
    """One look of one worker at ``now``: run the due day's sweep if nobody did or does."""
    from service.changes.feed_views import run_sweep

    day = schedule.due_day(now)
    taken = claim(db, day=day, holder=holder, now=now, job=job)
    if taken != "claimed":
        return taken
    try:
        result = run_sweep(
            db,
            as_of=day,
            ruleset_name=ruleset_name,
            actor=ACTOR,
            context={"scheduled": True, "worker": holder},
        )
    except Exception as error:  # the lease stays and expires; another look retries the day then
        log.exception("scheduled sweep for %s failed", day)
        _audit_failure(db, day=day, holder=holder, error=error)
        return "failed"
    finish(db, day=day, holder=holder, now=now, job=job)
    log.info(
        "scheduled sweep for %s: %d due, %d recorded, %d first evaluations",
        day,
        result.checked,
        result.recorded,
        result.first,
    )
    return "ran"


def _audit_failure(db: Database, *, day: date, holder: str, error: Exception) -> None:
    """Put a failed run on record (``changes.sweep.failed``), when the database takes it."""
    from service.audit import service as audit_service

    try:
        audit_service.record(
            db,
            actor=ACTOR,
            action="changes.sweep.failed",
            target="changes",
            details={
                "as_of": day.isoformat(),
                "scheduled": True,
                "worker": holder,
                "error": type(error).__name__,
                "retry_after": LEASE.total_seconds(),
            },
        )
    except Exception:  # the database itself may be why: the log has it
        log.warning("failed sweep for %s not audited", day)


async def follow(
    db: Database,
    schedule: Schedule,
    *,
    ruleset_name: str,
    holder: str | None = None,
    clock: Callable[[], datetime] = utcnow,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    interval: float = CHECK_SECONDS,
) -> None:
    """Background task of each worker: look every ``interval`` seconds (first at once)."""
    holder = holder or worker_name()
    log.info(
        "calendar sweep scheduled daily at %s (%s), next %s",
        schedule.at.strftime("%H:%M"),
        schedule.zone.key,
        schedule.next_run(clock()).isoformat(),
    )
    while True:
        try:
            await asyncio.to_thread(
                tick, db, schedule=schedule, ruleset_name=ruleset_name, holder=holder, now=clock()
            )
        except SQLAlchemyError as error:  # database away: look again next time
            log.warning("sweep schedule not readable: %s", str(error).splitlines()[0])
        await sleep(interval)
