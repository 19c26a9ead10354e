"""The demo's synthetic caseload has a history: weekly deliveries at the dates the cases were
received (back-dated, demo only), so policy staff get a recent available Monday."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import select

from cases.generator import generate_frames
from policy.disclosure import available_dates
from service.cases.models import CaseVersion
from service.db.engine import Database
from service.demo import DEMO_CASES, delivery_times, seed_demo
from service.queue.caseload import CaseloadCache
from service.rulesets import service as ruleset_service
from service.settings import Settings

#: How recent the latest available Monday of the demo must be.
WEEKS = 3


def test_a_case_is_delivered_on_the_monday_after_the_week_it_was_received_in() -> None:
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)  # a Wednesday
    received = [date(2026, 11, 9), date(2026, 11, 15), date(2026, 11, 16), date(2026, 11, 24)]
    assert delivery_times(received, now) == [
        datetime(2026, 11, 16, 6, tzinfo=UTC),
        datetime(2026, 11, 16, 6, tzinfo=UTC),
        datetime(2026, 11, 23, 6, tzinfo=UTC),
        now,  # this week's delivery has not happened yet
    ]


def test_the_demo_gives_policy_staff_a_recent_monday() -> None:
    """At the size `triage demo` builds, the grid (judged on the caseload as it stood on each
    Monday, delivered weekly) offers a Monday of the last few weeks."""
    today = datetime.now(UTC).date()
    cases = generate_frames(DEMO_CASES, seed=7, as_of=today).cases
    received = [d.date() for d in pd.to_datetime(cases["received_on"])]
    delivered = [t.date() for t in delivery_times(received, datetime.now(UTC))]
    dates = available_dates(
        np.maximum(np.asarray(received, "datetime64[D]"), np.asarray(delivered, "datetime64[D]")),
        cases["region"].astype(str).to_numpy(),
        today - timedelta(days=1),
    )
    assert today - timedelta(weeks=WEEKS) <= dates[-1] < today


def test_the_demo_database_records_weekly_deliveries(tmp_path) -> None:
    settings = Settings(
        mode="demo",
        sqlite_path=tmp_path / "triage.db",
        demo_cases=120,
        demo_seed=11,
        model_uri=None,
        log_level="WARNING",
        demo_decisions=0,
    )
    seed_demo(settings)
    db = Database(settings.sqlalchemy_url, audit_key=settings.audit_key_in_force())
    try:
        with db.read() as session:
            stamps = session.scalars(select(CaseVersion.imported_at)).all()
        now = datetime.now(UTC)
        past = [t for t in stamps if t < now - timedelta(hours=1)]
        assert len(past) > len(stamps) // 2  # most were delivered weeks and months ago
        assert {(t.weekday(), t.hour, t.minute) for t in past} == {(0, 6, 0)}
        caseloads = CaseloadCache()
        latest = ruleset_service.latest_simulation_date(
            db=db, caseloads=caseloads, day=now.date(), min_cell_size=10
        )
        assert latest < now.date() and latest.weekday() == 0
        stood = ruleset_service.simulation_frames(
            db=db, caseloads=caseloads, as_of=latest, role="policy"
        )
        assert 0 < len(stood.cases) < 120  # the caseload as it stood then: not empty, not all
    finally:
        db.dispose()
