"""API import benchmark: ``python -m evaluation.bench_ingest_api``.

For each size (``--sizes``, default 100,000) and each database (a SQLite file, and PostgreSQL
when it can be reached: a database of its own, dropped afterwards), as whole HTTP requests
against ``triage serve`` (one worker) on loopback:

* ``POST /api/v1/cases/import`` of a generated caseload as JSON Lines (the upload limits are
  raised for the run: 100,000 cases are about 100 MB);
* the first ``GET /api/v1/queue`` (a page of 100, all regions) after it, in the same server;
* the first queue read after a restart of the server (the caseload read from the database, as
  another worker would);
* the server's peak resident memory (``VmHWM`` of its process) after the import and the read.

This is the API part of issue 13's ingest figures (``evaluation.bench_ingest`` has the command
line part); targets: import under 20 s on SQLite and 15 s on PostgreSQL, the first queue read
under 1 s. Run it on a quiet machine; ``--sizes 2000`` proves it works.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

AS_OF = date(2026, 11, 23)
PG_ADMIN = os.environ.get(
    "TRIAGE_BENCH_PG", "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
)
TARGETS = {"sqlite": 20.0, "postgresql": 15.0}


def _request(
    port: int, method: str, path: str, token: str, body: bytes = b"", media: str = ""
) -> tuple[int, float, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    headers = {"Authorization": f"Bearer {token}"}
    if body:
        headers["Content-Type"] = media
    start = time.perf_counter()
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    seconds = time.perf_counter() - start
    connection.close()
    return response.status, seconds, data


def _peak_mib(pid: int) -> float:
    """Peak resident memory of a process (``VmHWM``), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _pg_database() -> tuple[str, str] | None:
    """A new, empty PostgreSQL database: (its name, its SQLAlchemy URL), or ``None``."""
    try:
        import psycopg

        info = psycopg.conninfo.conninfo_to_dict(PG_ADMIN)
        name = f"rrk_bench_ingest_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:  # no PostgreSQL here: measured on SQLite only
        print(f"PostgreSQL skipped: {str(error).splitlines()[0]}", file=sys.stderr)
        return None
    user, host = info.get("user", "postgres"), info.get("host", "127.0.0.1")
    return name, f"postgresql+psycopg://{user}@{host}:{info.get('port', '5432')}/{name}"


def _drop_pg(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _token(url: str) -> str:
    from service.auth import service as user_service
    from service.db import migrate
    from service.db.engine import Database

    db = Database(url, create=url.startswith("sqlite"))
    try:
        migrate.upgrade(db.engine)
        with db.write() as session:
            _, token = user_service.create(
                db_session=session, name="bench-ingest", role="admin", regions=None, actor="bench"
            )
    finally:
        db.dispose()
    return token


def measure(backend: str, url: str, caseload: bytes, n: int, workdir: Path) -> dict[str, Any]:
    """Import ``caseload`` (JSON Lines of ``n`` cases) into a fresh database through the API."""
    from evaluation.load_bench import _free_port, _start_server

    token = _token(url)
    row: dict[str, Any] = {"cases": n, "backend": backend}
    port = _free_port()
    server = _start_server(url, port, 1, workdir / f"server-{backend}-{n}.log")
    try:
        status, seconds, body = _request(
            port, "POST", "/api/v1/cases/import", token, caseload, "application/x-ndjson"
        )
        if status != 201:
            raise RuntimeError(f"import answered {status}: {body[:300]!r}")
        row["import_s"] = round(seconds, 2)
        queue = f"/api/v1/queue?as_of={AS_OF.isoformat()}&limit=100"
        status, seconds, body = _request(port, "GET", queue, token)
        if status != 200 or json.loads(body)["total"] != n:
            raise RuntimeError(f"queue answered {status}: {body[:300]!r}")
        row["first_queue_read_s"] = round(seconds, 3)
        row["peak_mib"] = round(_peak_mib(server.pid), 0)
    finally:
        server.terminate()
        server.wait(timeout=60)
    port = _free_port()
    server = _start_server(url, port, 1, workdir / f"server-{backend}-{n}-restart.log")
    try:
        status, seconds, body = _request(port, "GET", queue, token)
        if status != 200:
            raise RuntimeError(f"queue after restart answered {status}: {body[:300]!r}")
        row["queue_read_after_restart_s"] = round(seconds, 3)
        row["peak_mib_restart"] = round(_peak_mib(server.pid), 0)
    finally:
        server.terminate()
        server.wait(timeout=60)
    row["import_target_s"] = TARGETS[backend]
    row["met"] = row["import_s"] < TARGETS[backend] and row["first_queue_read_s"] < 1.0
    return row


def run(sizes: list[int], *, postgres: bool, seed: int, workdir: Path) -> list[dict[str, Any]]:
    """One row per size and database (see the module docstring)."""
    from cases.generator import generate_frames
    from cases.io import write_frames

    os.environ.setdefault("TRIAGE_AUDIT_KEY", secrets.token_hex(32))
    os.environ["TRIAGE_MAX_IMPORT_BYTES"] = str(2**31 - 1)
    os.environ["TRIAGE_MAX_IMPORT_CASES"] = str(max(sizes))
    os.environ["TRIAGE_SWEEP_AT"] = "off"  # no catch-up sweep inside the measured restart
    rows = []
    for n in sizes:
        path = workdir / f"api-{n}-{seed}.jsonl"
        if not path.exists():
            write_frames(generate_frames(n, seed=seed, as_of=AS_OF), path, "jsonl")
        caseload = path.read_bytes()
        print(f"{n:,} cases, SQLite …", file=sys.stderr)
        sqlite = workdir / f"api-{n}-{uuid.uuid4().hex[:6]}.db"
        try:
            rows.append(measure("sqlite", f"sqlite:///{sqlite}", caseload, n, workdir))
        finally:
            for file in workdir.glob(f"{sqlite.name}*"):
                file.unlink()
        database = _pg_database() if postgres else None
        if database is not None:
            print(f"{n:,} cases, PostgreSQL …", file=sys.stderr)
            try:
                rows.append(measure("postgresql", database[1], caseload, n, workdir))
            finally:
                _drop_pg(database[0])
    return rows


def render(rows: list[dict[str, Any]]) -> str:
    head = (
        f"{'cases':>9} {'database':<10} {'import s':>9} {'cases/s':>8} {'1st queue s':>11} "
        f"{'after restart s':>15} {'peak MiB':>8}  target"
    )
    lines = [head]
    for r in rows:
        lines.append(
            f"{r['cases']:>9,} {r['backend']:<10} {r['import_s']:>9.2f} "
            f"{r['cases'] / r['import_s']:>8,.0f} {r['first_queue_read_s']:>11.3f} "
            f"{r['queue_read_after_restart_s']:>15.3f} {r['peak_mib']:>8,.0f}  "
            f"import < {r['import_target_s']:g} s, 1st read < 1 s: "
            f"{'met' if r['met'] else 'NOT met'}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--workdir", type=Path, help="where generated caseloads are kept")
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    workdir = args.workdir or Path(tempfile.gettempdir()) / "rrk-bench-ingest-api"
    workdir.mkdir(parents=True, exist_ok=True)
    rows = run(sizes, postgres=not args.no_postgres, seed=args.seed, workdir=workdir)
    print(render(rows))
    if args.out:
        args.out.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
