"""The service's own daily sweep (issue #12): due once a day at a configurable local time, run by
exactly one of several workers through a lease in the database, audited. The clock is injected;
nothing sleeps."""

from __future__ import annotations

import asyncio
import threading
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from service.audit import service as audit_service
from service.changes import feed_views
from service.changes import schedule as scheduling
from service.changes.schedule import LEASE, Schedule, claim, parse_at, tick
from service.db.engine import Database
from service.settings import Settings
from tests.service.test_changes import DAY1, _history, _import, _queue, _records

BERLIN = Schedule(time(2, 0), ZoneInfo("Europe/Berlin"))


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# ---------------------------------------------------------------------------- the schedule


def test_the_due_day_changes_at_the_configured_local_time() -> None:
    # Winter (UTC+1): 02:00 in Berlin is 01:00 UTC.
    assert BERLIN.due_day(_utc("2026-11-25T00:59:59")) == date(2026, 11, 24)
    assert BERLIN.due_day(_utc("2026-11-25T01:00:00")) == date(2026, 11, 25)
    # Summer (UTC+2): 02:00 in Berlin is 00:00 UTC.
    assert BERLIN.due_day(_utc("2026-07-01T23:59:00")) == date(2026, 7, 1)
    assert BERLIN.due_day(_utc("2026-07-02T00:00:00")) == date(2026, 7, 2)
    # The night the clocks go forward (29.03.2026, 02:00 -> 03:00): due from 01:00 UTC.
    assert BERLIN.due_day(_utc("2026-03-29T00:59:00")) == date(2026, 3, 28)
    assert BERLIN.due_day(_utc("2026-03-29T01:00:00")) == date(2026, 3, 29)
    assert BERLIN.next_run(_utc("2026-11-25T01:00:00")) == datetime(
        2026, 11, 26, 2, 0, tzinfo=ZoneInfo("Europe/Berlin")
    )


def test_the_schedule_is_configured_or_switched_off() -> None:
    assert parse_at("02:00") == time(2, 0) and parse_at("23:59") == time(23, 59)
    assert parse_at("off") is None and Schedule.of("off", "Europe/Berlin") is None
    assert Schedule.of("04:30", "UTC") == Schedule(time(4, 30), ZoneInfo("UTC"))
    url = "sqlite:///x.db"
    assert Settings(database_url=url, sweep_at="04:30").sweep_at == "04:30"
    for bad in ("25:00", "2:00", "daily", "02:00:00"):
        with pytest.raises(ValidationError):
            Settings(database_url=url, sweep_at=bad)
    with pytest.raises(ValidationError, match="unknown time zone"):
        Settings(database_url=url, sweep_timezone="Europe/Bonn")
    assert Settings.model_fields["sweep_at"].default == "02:00"


# ---------------------------------------------------------------------- runs on the database


def _setup(env, examples_text):
    """EX-3's serious conviction D1 leaves its 60-month window on 25.11.2026: BLOCKED -> NONE."""
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    records = _records(examples_text)
    records["EX-3"]["offences"][0]["date"] = "2021-11-25"
    _import(env, lead, list(records.values()), DAY1)
    return lead


def _sweeps(env) -> list:
    with env.db.read() as session:
        items, _ = audit_service.get_all(
            db_session=session, actor=None, action="changes.sweep", target=None, limit=100
        )
    return [i for i in items if i.action == "changes.sweep" and i.details.get("scheduled")]


def _job() -> str:
    """A job name of its own per test (the table outlives a test on a shared PostgreSQL)."""
    return f"test-{uuid.uuid4().hex[:12]}"


def test_the_sweep_runs_once_a_day_at_the_hour_and_records_what_time_changed(env, examples_text):
    lead = _setup(env, examples_text)
    job = _job()

    def look(now: str, worker: str = "w1") -> str:
        return tick(
            env.db,
            schedule=BERLIN,
            ruleset_name="amit-nrw-default",
            holder=worker,
            now=_utc(now),
            job=job,
        )

    assert look("2026-11-25T00:30:00") == "ran"  # 01:30 in Berlin: the 24th is due
    assert look("2026-11-25T00:31:00") == "done"
    assert _queue(env, lead, "2026-11-24")["EX-3"]["tier"] == "BLOCKED"
    assert look("2026-11-25T01:00:00") == "ran"  # 02:00 in Berlin: the 25th
    assert look("2026-11-25T01:01:00", "w2") == "done"
    assert look("2026-11-25T22:59:00", "w2") == "done"

    ex3 = _queue(env, lead, "2026-11-25")["EX-3"]
    assert (ex3["tier"], ex3["previous_tier"], ex3["tier_changed"]) == ("NONE", "BLOCKED", True)
    cause = "durch Zeitablauf: Verurteilung D1 liegt nicht mehr im Zeitfenster (60 Monate)"
    assert ex3["change_cause"] == cause
    assert _history(env, lead, "EX-3")[-1]["actor"] == scheduling.ACTOR

    runs = _sweeps(env)
    assert [(r.actor, r.details["as_of"], r.details["worker"]) for r in runs] == [
        (scheduling.ACTOR, "2026-11-25", "w1"),
        (scheduling.ACTOR, "2026-11-24", "w1"),
    ]
    assert runs[0].details["recorded"] == 1 and runs[1].details["recorded"] == 0


def test_of_two_workers_racing_for_the_lease_exactly_one_runs_the_sweep(env, examples_text):
    _setup(env, examples_text)
    job = _job()
    now = _utc("2026-11-25T01:05:00")
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}
    failures: list[BaseException] = []

    # Each worker with its own engine and pool on the one database, as two processes have.
    databases = {name: Database(env.url, audit_key=env.db.audit_key) for name in ("a", "b")}

    def worker(name: str) -> None:
        try:
            start.wait(timeout=30)
            outcomes[name] = tick(
                databases[name],
                schedule=BERLIN,
                ruleset_name="amit-nrw-default",
                holder=name,
                now=now,
                job=job,
            )
        except BaseException as error:  # reported below, in the test's thread
            failures.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for database in databases.values():
        database.dispose()
    assert not failures, failures
    assert sorted(outcomes.values()) in (["done", "ran"], ["leased", "ran"]), outcomes
    winner = next(name for name, outcome in outcomes.items() if outcome == "ran")
    runs = _sweeps(env)
    assert [(r.details["as_of"], r.details["worker"]) for r in runs] == [("2026-11-25", winner)]
    assert runs[0].details["recorded"] == 1


def test_a_lease_left_by_a_dead_worker_expires_and_another_worker_runs_the_day(env, examples_text):
    _setup(env, examples_text)
    job = _job()
    now = _utc("2026-11-25T01:05:00")
    day = date(2026, 11, 25)
    assert claim(env.db, day=day, holder="dead", now=now, job=job) == "claimed"  # then dies

    def look(at: datetime) -> str:
        return tick(
            env.db, schedule=BERLIN, ruleset_name="amit-nrw-default", holder="b", now=at, job=job
        )

    assert look(now + timedelta(minutes=1)) == "leased"
    assert look(now + LEASE - timedelta(seconds=1)) == "leased"
    assert _sweeps(env) == []
    assert look(now + LEASE + timedelta(seconds=1)) == "ran"
    assert [r.details["worker"] for r in _sweeps(env)] == ["b"]
    assert look(now + LEASE + timedelta(minutes=2)) == "done"


def test_a_failed_sweep_is_retried_when_its_lease_has_expired(env, examples_text, monkeypatch):
    _setup(env, examples_text)
    job = _job()
    now = _utc("2026-11-25T01:05:00")
    real = feed_views.run_sweep
    calls: list[date] = []

    def failing(*args, **kwargs):
        calls.append(kwargs["as_of"])
        if len(calls) == 1:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(feed_views, "run_sweep", failing)

    def look(at: datetime) -> str:
        return tick(
            env.db, schedule=BERLIN, ruleset_name="amit-nrw-default", holder="a", now=at, job=job
        )

    assert look(now) == "failed" and _sweeps(env) == []
    with env.db.read() as session:
        failed, _ = audit_service.get_all(db_session=session, action="changes.sweep.failed")
    assert [(f.actor, f.details["error"], f.details["as_of"]) for f in failed] == [
        (scheduling.ACTOR, "RuntimeError", "2026-11-25")
    ]
    assert look(now + timedelta(minutes=1)) == "leased"  # no retry every minute
    assert look(now + LEASE + timedelta(seconds=1)) == "ran"
    assert calls == [date(2026, 11, 25)] * 2 and len(_sweeps(env)) == 1


def test_each_worker_looks_every_minute_with_an_injected_clock(env, examples_text, monkeypatch):
    _setup(env, examples_text)
    job = _job()
    clock = [_utc("2026-11-25T00:58:00")]
    looks: list[datetime] = []

    class Stop(Exception):
        pass

    async def sleep(seconds: float) -> None:
        looks.append(clock[0])
        if len(looks) == 4:
            raise Stop
        clock[0] += timedelta(seconds=seconds)

    original = scheduling.tick

    def counted(*args, **kwargs):
        kwargs["job"] = job
        return original(*args, **kwargs)

    monkeypatch.setattr(scheduling, "tick", counted)
    with pytest.raises(Stop):
        asyncio.run(
            scheduling.follow(
                env.db,
                BERLIN,
                ruleset_name="amit-nrw-default",
                holder="w",
                clock=lambda: clock[0],
                sleep=sleep,
            )
        )
    assert [t.strftime("%H:%M") for t in looks] == ["00:58", "00:59", "01:00", "01:01"]
    # 00:58 ran the 24th (catching up at start), 01:00 the 25th; the other looks found it done.
    assert [r.details["as_of"] for r in _sweeps(env)] == ["2026-11-25", "2026-11-24"]
