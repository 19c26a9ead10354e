"""Events through the API: ``python -m evaluation.bench_events``.

Builds the app on a fresh database (SQLite file, or a new PostgreSQL database with
``--postgres`` and dropped afterwards), imports ``--cases`` generated cases, and measures in
process (FastAPI's TestClient: the whole request path -- authentication, parsing, durable_rules,
the new case version, the recorded evaluation, the audit entry -- without the network):

* **single**: ``--single`` requests of one event each to ``POST /cases/{id}/events``:
  events/s and the latency of one event (p50, p95, p99);
* **bulk**: ``--bulk`` events to ``POST /events`` as JSON Lines in batches of ``--batch``:
  events/s and the latency of one batch.

Events are drawn from a fixed seed over the generated cases: departure status, custody and
release date, legal status (a blocker set or lifted), travel document -- each a valid new fact.
A measurement, not a test: it prints JSON (``--out`` writes it too).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import secrets
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

AS_OF = date.today()


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(q: float) -> float:
        if not ordered:
            return float("nan")
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)

    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99), "max_ms": at(1.0)}


def _event(rng: random.Random, case_id: str, serial: int) -> dict[str, Any]:
    kind = rng.choice(["departure", "custody", "legal", "document"])
    event: dict[str, Any] = {"event_id": f"B{serial}", "case_id": case_id}
    if kind == "departure":
        status = rng.choice(["none", "pending", "enforceable"])
        return event | {"type": "departure_status_changed", "departure_status": status}
    if kind == "custody":
        in_custody = rng.random() < 0.5
        release = AS_OF + timedelta(days=rng.randint(1, 200)) if in_custody else None
        return event | {
            "type": "custody_changed",
            "in_custody": in_custody,
            "release_date": release.isoformat() if release else None,
        }
    if kind == "legal":
        field = rng.choice(["asylum_pending", "deportation_ban"])
        return event | {"type": "legal_status_changed", field: rng.random() < 0.3}
    document = rng.choice(["valid", "expired", "none"])
    return event | {"type": "travel_document_changed", "travel_document": document}


def run(*, url: str, cases: int, single: int, bulk: int, batch: int, seed: int) -> dict[str, Any]:
    from fastapi.testclient import TestClient
    from pydantic import SecretStr

    from cases.generator import generate_cases
    from service.auth import service as user_service
    from service.db import migrate
    from service.db.engine import Database
    from service.main import create_app
    from service.settings import Settings

    # The service signs its audit entries (TRIAGE_AUDIT_KEY); a benchmark uses a throwaway key.
    os.environ.setdefault("TRIAGE_AUDIT_KEY", secrets.token_hex(32))
    db = Database(url, create=True)
    migrate.upgrade(db.engine)
    db.dispose()
    settings = Settings(
        mode="production",
        database_url=url,
        model_uri=None,
        auth_failure_limit=10_000,
        audit_key=SecretStr(secrets.token_hex(32)),  # a throw-away key for a throw-away database
    )
    app = create_app(settings)
    with TestClient(app) as client:
        with app.state.db.write() as session:
            _, token = user_service.create(
                db_session=session, name="bench", role="admin", regions=None, actor="bench"
            )
        auth = {"Authorization": f"Bearer {token}"}
        generated = generate_cases(cases, seed=seed, as_of=AS_OF)
        body = "\n".join(c.model_dump_json() for c in generated).encode()
        started = time.perf_counter()
        response = client.post(
            "/api/v1/cases/import",
            content=body,
            headers={**auth, "Content-Type": "application/x-ndjson"},
        )
        assert response.status_code == 201, response.text
        import_seconds = time.perf_counter() - started
        ids = [c.case_id for c in generated]
        rng = random.Random(seed)
        serial = 0

        latencies: list[float] = []
        started = time.perf_counter()
        for _ in range(single):
            serial += 1
            event = _event(rng, rng.choice(ids), serial)
            case_id = event.pop("case_id")
            t0 = time.perf_counter()
            response = client.post(f"/api/v1/cases/{case_id}/events", json=event, headers=auth)
            latencies.append(time.perf_counter() - t0)
            assert response.status_code == 201, response.text
        single_seconds = time.perf_counter() - started

        batch_latencies: list[float] = []
        sent = 0
        started = time.perf_counter()
        while sent < bulk:
            size = min(batch, bulk - sent)
            lines = []
            for _ in range(size):
                serial += 1
                lines.append(json.dumps(_event(rng, rng.choice(ids), serial)))
            t0 = time.perf_counter()
            response = client.post(
                "/api/v1/events",
                content="\n".join(lines).encode(),
                headers={**auth, "Content-Type": "application/x-ndjson"},
            )
            batch_latencies.append(time.perf_counter() - t0)
            assert response.status_code == 201, response.text
            sent += size
        bulk_seconds = time.perf_counter() - started
    app.state.db.dispose()
    return {
        "import": {"cases": cases, "seconds": round(import_seconds, 3)},
        "single": {
            "events": single,
            "seconds": round(single_seconds, 3),
            "events_per_s": round(single / single_seconds, 1) if single else None,
            **_percentiles(latencies),
        },
        "bulk": {
            "events": bulk,
            "batch": batch,
            "seconds": round(bulk_seconds, 3),
            "events_per_s": round(bulk / bulk_seconds, 1) if bulk else None,
            "batch_latency": _percentiles(batch_latencies),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--single", type=int, default=500, help="single-event requests")
    parser.add_argument("--bulk", type=int, default=5000, help="events sent in bulk")
    parser.add_argument("--batch", type=int, default=500, help="events per bulk request")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--postgres",
        metavar="DSN",
        help="measure on PostgreSQL: libpq DSN of a server where a database may be created "
        "(e.g. 'host=127.0.0.1 user=postgres dbname=postgres')",
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    sizes = {
        "cases": args.cases,
        "single": args.single,
        "bulk": args.bulk,
        "batch": args.batch,
        "seed": args.seed,
    }
    if args.postgres:
        import psycopg

        name = f"rrk_bench_{uuid.uuid4().hex[:10]}"
        info = psycopg.conninfo.conninfo_to_dict(args.postgres)
        with psycopg.connect(args.postgres, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            user, host = info.get("user", "postgres"), info.get("host", "127.0.0.1")
            url = f"postgresql+psycopg://{user}@{host}:{info.get('port', '5432')}/{name}"
            result = run(url=url, **sizes)
        finally:
            with psycopg.connect(args.postgres, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        backend = "postgresql"
    else:
        with tempfile.TemporaryDirectory() as directory:
            url = f"sqlite:///{Path(directory) / 'bench.db'}"
            result = run(url=url, **sizes)
        backend = "sqlite"
    report = {
        "backend": backend,
        "as_of": AS_OF.isoformat(),
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        **result,
    }
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
