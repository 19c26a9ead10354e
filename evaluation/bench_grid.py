"""The simulation date grid on the caseload as it stood:
``python -m evaluation.bench_grid [--cases N] [--repeat R] [--db] [--json]``.

Policy staff simulate only on available Mondays, each judged on the open caseload as it stood
at its end (issue #14, item 4). This times, on a generated caseload recorded as delivered weekly
(the demo's history: :func:`service.demo.delivery_times`) with a tenth of the cases re-imported
with new facts and a fifth closed at some point since:

* ``history_seconds``: every case's stretches of days from versions and decisions
  (:func:`service.queue.history.standings`, pandas, all days at once);
* ``grid_seconds``: the walk over every Monday (:func:`policy.disclosure.available_dates` on
  :func:`service.queue.history.open_stays`);
* with ``--db``: the same caseload stored in a temporary SQLite database, and
  ``db_grid_seconds``: :func:`service.rulesets.service.simulation_dates` from a cold cache (the
  two queries of small columns, the stretches and the walk), then ``db_as_stood_seconds``: the
  caseload of the latest available Monday read as it stood
  (:meth:`service.queue.caseload.CaseloadCache.at`: the records a simulation ranks).
"""

from __future__ import annotations

import argparse
import json
import secrets
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cases.generator import generate_frames
from evaluation.bench import best_of
from policy.disclosure import available_dates
from service.demo import delivery_times
from service.queue import history

MINIMUM = 10


def _history(n: int, seed: int, today: date) -> tuple[Any, pd.DataFrame, pd.DataFrame]:
    frames = generate_frames(n, seed=seed, as_of=today)
    cases = frames.cases
    ids = cases["case_id"].astype(str).to_numpy()
    regions = cases["region"].astype(str).to_numpy()
    received = [d.date() for d in pd.to_datetime(cases["received_on"])]
    now = datetime.combine(today, time(12), tzinfo=UTC)
    delivered = delivery_times(received, now)
    rng = np.random.default_rng(seed)
    rows = [
        (c, 1, r, d, t, f"{c}-1")
        for c, r, d, t in zip(ids, regions, received, delivered, strict=True)
    ]
    for i in rng.choice(n, size=n // 10, replace=False):  # new facts, some weeks later
        later = min(delivered[i] + timedelta(days=int(rng.integers(7, 120))), now)
        rows.append((ids[i], 2, regions[i], received[i], later, f"{ids[i]}-2"))
    versions = pd.DataFrame(rows, columns=list(history.VERSION_COLUMNS))
    closed = rng.choice(n, size=n // 5, replace=False)
    events = pd.DataFrame(
        [
            (ids[i], "close", min(delivered[i] + timedelta(days=int(rng.integers(1, 200))), now))
            for i in closed
        ],
        columns=list(history.EVENT_COLUMNS),
    )
    return frames, versions, events


def _grid(stretches: pd.DataFrame, until: date) -> list[date]:
    stays = history.open_stays(stretches)
    return available_dates(
        stays["start"].to_numpy(),
        stays["region"].to_numpy(),
        until,
        MINIMUM,
        left=stays["end"].to_numpy(),
        cases=stays["case_id"].to_numpy(),
    )


def run(n: int, repeat: int = 3, seed: int = 7, db: bool = False) -> dict[str, Any]:
    today = date.today()
    until = today - timedelta(days=1)
    frames, versions, events = _history(n, seed, today)
    history_seconds, stretches = best_of(lambda: history.standings(versions, events), repeat)
    grid_seconds, dates = best_of(lambda: _grid(stretches, until), repeat)
    out: dict[str, Any] = {
        "cases": n,
        "versions": len(versions),
        "closures": len(events),
        "stretches": len(stretches),
        "mondays": len(pd.date_range(versions["received_on"].min(), until, freq="W-MON")),
        "available": len(dates),
        "latest_available": dates[-1].isoformat() if dates else None,
        "history_seconds": round(history_seconds, 3),
        "grid_seconds": round(grid_seconds, 3),
    }
    if db:
        out |= _in_database(frames, seed, today, repeat)
    return out


def _in_database(frames: Any, seed: int, today: date, repeat: int) -> dict[str, Any]:
    """The caseload stored (as the demo stores it) in a temporary SQLite database."""
    from cases.model import REGIONS
    from service.audit import keys as audit_keys
    from service.cases import service as case_service
    from service.db import migrate
    from service.db.engine import Database
    from service.demo import backdate_demo_import
    from service.queue.caseload import CaseloadCache
    from service.rulesets import service as ruleset_service

    with tempfile.TemporaryDirectory() as directory:
        database = Database(
            f"sqlite:///{Path(directory) / 'grid.db'}",
            create=True,
            audit_key=audit_keys.from_text(secrets.token_hex(32), "bench"),  # thrown away
        )
        try:
            migrate.upgrade(database.engine)
            cases = frames.cases
            received = [d.date() for d in pd.to_datetime(cases["received_on"])]
            with database.write() as session:
                case_service.store_import(
                    db_session=session,
                    frames=frames,
                    actor="bench",
                    regions=REGIONS,
                    source="bench_grid (synthetic)",
                    as_of=today,
                )
                backdate_demo_import(
                    session,
                    cases["region"].astype(str).tolist(),
                    cases["case_id"].astype(str).tolist(),
                    received,
                )

            def cold() -> list[date]:
                return ruleset_service.simulation_dates(
                    db=database, caseloads=CaseloadCache(), until=today, min_cell_size=MINIMUM
                )

            grid_seconds, dates = best_of(cold, repeat)
            stood_seconds, caseload = best_of(
                lambda: CaseloadCache().at(database, dates[-1]), repeat
            )
            return {
                "db_grid_seconds": round(grid_seconds, 3),
                "db_latest_available": dates[-1].isoformat(),
                "db_as_stood_seconds": round(stood_seconds, 3),
                "db_as_stood_cases": len(caseload),
            }
        finally:
            database.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", action="store_true", help="also store it and time the service")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    figures = run(args.cases, args.repeat, args.seed, args.db)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:>22}: {value}")


if __name__ == "__main__":
    main()
